import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseBoundedJsonInSlices } from '../core/bounded-json.js';
import { ValidationError } from '../core/errors.js';
import { decodeUtf8 } from '../core/utf8.js';

/** Content types read as NDJSON (one JSON value per line). */
export const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/jsonlines',
];

/**
 * How request bodies are read. Both parsers take the raw bytes (fastify's `bodyLimit` applies,
 * 413 past it) and refuse text that is not UTF-8. JSON is checked against the limits of
 * json-shape-scanner.ts before it is parsed, so nothing recurses over a hostile body, and a large
 * body is scanned and parsed in slices (see `parseBoundedJsonInSlices`); a `__proto__`
 * key stays a plain key for the validators to name (the route's schema, or an event's rules),
 * never a prototype. NDJSON is handed on as text (`{ ndjson }`) for the events route to read
 * line by line. Problems answer 400 BODY_INVALID naming the field where they are.
 */
export function installBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer) =>
    parseJsonBody(body),
  );
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, { ndjson: decodeBody(body as Buffer) });
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

async function parseJsonBody(bytes: Buffer): Promise<unknown> {
  if (bytes.length === 0) {
    throw bodyInvalid('the body is empty', 'is empty: send JSON, or no content-type');
  }
  const parsed = await parseBoundedJsonInSlices(decodeBody(bytes), () => nextTurn());
  if (parsed.ok) return parsed.value;
  throw new ValidationError(
    parsed.path.length === 0 ? 'the body is not valid JSON' : 'the body breaks a limit',
    [{ field: ['body', ...parsed.path].join('.'), message: parsed.message }],
    'BODY_INVALID',
  );
}

function decodeBody(bytes: Buffer): string {
  const text = decodeUtf8(bytes);
  if (text === null) throw bodyInvalid('the body is not valid UTF-8', 'is not valid UTF-8 text');
  return text;
}

function bodyInvalid(message: string, detail: string): ValidationError {
  return new ValidationError(message, [{ field: 'body', message: detail }], 'BODY_INVALID');
}
