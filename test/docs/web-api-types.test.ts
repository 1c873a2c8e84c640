import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/api-types.js';

const committed = readFileSync(API_TYPES_FILE, 'utf8');

test('the committed web API types match openapi.json (run `npm run openapi` after changing it)', async () => {
  expect(committed).toBe(await renderApiTypes());
});

test('the web API types name every path and every schema of openapi.json', () => {
  const document = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, unknown> };
  };
  for (const path of Object.keys(document.paths))
    expect(committed).toContain(`    ${JSON.stringify(path)}: {`);
  for (const name of Object.keys(document.components.schemas))
    expect(committed).toContain(`export type ${name} = components['schemas']['${name}'];`);
});
