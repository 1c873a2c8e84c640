import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { renderOpenApiDocument } from '../../../scripts/openapi-document.js';

test('the committed openapi.json matches the routes (run `npm run openapi` after changing them)', async () => {
  const committed = readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8');
  expect(committed).toBe(await renderOpenApiDocument());
});

test('the document gives 204 answers no content, and a body a route lets be left out is optional', () => {
  const doc = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, OperationDoc>>;
  };
  const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
  const noContent = operations.flatMap((op) => (op.responses['204'] ? [op.responses['204']] : []));
  expect(noContent.length).toBeGreaterThan(0);
  expect(noContent.filter((r) => r.content !== undefined)).toEqual([]);
  expect(doc.paths['/api/profiles/{profile}/stats/reset']!.post!.requestBody?.required).toBe(false);
  expect(doc.paths['/api/profiles']!.post!.requestBody?.required).toBe(true);
});

interface OperationDoc {
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: unknown }>;
}
