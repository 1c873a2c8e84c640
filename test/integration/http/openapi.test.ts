import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { renderOpenApiDocument } from '../../../scripts/openapi-document.js';

test('the committed openapi.json matches the routes (run `npm run openapi` after changing them)', async () => {
  const committed = readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8');
  expect(committed).toBe(await renderOpenApiDocument());
});
