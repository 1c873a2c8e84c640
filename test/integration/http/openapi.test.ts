import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('the committed openapi.json matches the routes (run `npm run openapi` after changing them)', () => {
  const committed = readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8');
  // Rendered in a process of its own: schemas that other test files registered in this one (test
  // files share their process) are no part of the document.
  const rendered = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const { renderOpenApiDocument } = await import('./scripts/openapi-document.ts'); process.stdout.write(await renderOpenApiDocument());",
    ],
    { cwd: new URL('../../../', import.meta.url), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  expect(committed).toBe(rendered);
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

test('every operation states who may call it; those that need credentials document 401 and 403', () => {
  const doc = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, OperationDoc>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'login', 'overlayToken']);
  const open: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      expect(op.security, `${method} ${path}`).toBeDefined();
      if (op.security!.length === 0) open.push(`${method} ${path}`);
      else
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['401', '403']),
        );
    }
  }
  expect(open.sort()).toEqual([
    'get /api/config',
    'get /api/setup',
    'get /health',
    'get /ready',
    'post /api/auth/login',
    'post /api/auth/logout',
    'post /api/setup',
  ]);
  expect(doc.paths['/api/profiles/{profile}/events']!.post!.security).toEqual([
    { login: [] },
    { apiKey: ['ingest'] },
  ]);
});

interface OperationDoc {
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: unknown }>;
}
