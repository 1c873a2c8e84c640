// Schema-driven fuzzing of the whole API, from the committed openapi.json, on both engines: for
// every operation, requests the document calls valid (ids that exist, unknown ids, values from
// the schemas) and requests broken in one place each (see fuzz-requests.ts). Every answer must be
// below 500, have a status the operation documents, and a body that matches the documented schema
// (or none where none is documented). Seeded: STREAMPULSE_FUZZ_SEED=<n> replays a run,
// STREAMPULSE_FUZZ_SEED=random draws a new seed (printed with any failure).
//
// Reached less than fully, on purpose: connecting a stream reaches no platform (the connectors
// are offline stand-ins); the 503s of a saturated queue or an unreachable database are not
// provoked; and many events the document calls valid are refused with 400 for rules it cannot
// state (a time between 2000 and 3000, a chat needs its text). Invalid requests go to every
// operation all the same.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OfflineError, type ConnectorFactory } from '../../../src/ingest/connector.js';
import { FuzzFixture, fuzzHints } from '../../support/fuzz-fixture.js';
import {
  invalidRequests,
  validRequests,
  type FuzzRequest,
  type RequestContext,
} from '../../support/fuzz-requests.js';
import { listOperations, readOpenApiDocument, type Operation } from '../../support/openapi-operations.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { ResponseChecker } from '../../support/response-check.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const SEED = seedFromEnv(process.env.STREAMPULSE_FUZZ_SEED);
/** STREAMPULSE_FUZZ_SCALE=<n> sends n times as many requests (a longer hunt, by hand). */
const SCALE = scaleFromEnv(process.env.STREAMPULSE_FUZZ_SCALE);
const VALID_RUNS = Math.round(30 * SCALE);
const INVALID_RUNS = Math.round(50 * SCALE);
const BODY_LIMIT = 256 * 1024;

const doc = readOpenApiDocument();
const checker = new ResponseChecker(doc);
const operations = inStateOrder(listOperations(doc));

/** No platform is reached from a test: connected streams stay offline. */
const offline: ConnectorFactory = () => ({
  connect: () => Promise.reject(new OfflineError('the fuzz test reaches no platform')),
  disconnect: () => Promise.resolve(),
});

const ENGINES = [
  { name: 'embedded SQLite', database: false },
  { name: 'PostgreSQL', database: true },
] as const;

describe.each(ENGINES)('on $name', ({ database }) => {
  let db: TestDatabase | undefined;
  let t: TestApp;
  let fixture: FuzzFixture;

  beforeAll(async () => {
    db = database ? await createTestDatabase() : undefined;
    t = await createTestApp(
      {
        STREAMPULSE_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        // The closed local port fuzzed webhook URLs name (schema-arbitrary.ts), so they can be saved.
        STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:9',
        ...(db ? { STREAMPULSE_DATABASE_URL: db.url } : {}),
      },
      { connectorFactories: { tiktok: offline, twitch: offline, youtube: offline } },
    );
    fixture = new FuzzFixture(t.app);
  });
  afterAll(async () => {
    await t.close();
    await db?.drop();
  });

  test.each(operations)('$key answers only documented statuses, with documented bodies', async (op) => {
    await fixture.ensure();
    const ctx: RequestContext = {
      doc,
      knownIds: (o, p) => fixture.knownIds(o, p),
      hints: fuzzHints,
      bodyLimit: BODY_LIMIT,
    };
    const requests = [
      ...fc.sample(validRequests(op, ctx), { seed: seedFor(op, 'valid'), numRuns: VALID_RUNS }),
      ...fc.sample(invalidRequests(op, ctx), { seed: seedFor(op, 'invalid'), numRuns: INVALID_RUNS }),
    ];
    const problems: string[] = [];
    for (const req of requests) {
      const answer = await t.app.inject({
        method: req.method,
        url: req.url,
        headers: req.headers,
        ...(req.payload === undefined ? {} : { payload: req.payload }),
      });
      for (const p of checker.problems(op, answer)) problems.push(`${describeRequest(req)}\n    -> ${p}`);
      // Put back what a deletion removed, so the next requests name something that exists.
      if (op.method === 'DELETE' && answer.statusCode === 204) await fixture.ensure();
      // A logout, or the end of a login, ends the admin's own: log in again.
      await t.ensureLogin();
    }
    expect(summarise(problems), `seed ${SEED}: STREAMPULSE_FUZZ_SEED=${SEED} replays this run`).toEqual([]);
  });
});

/**
 * Deletions and disconnections go last, the profile's own deletion at the very end, so that
 * what they remove is still there for every other operation (the fixture also puts back what a
 * request deleted before each operation).
 */
function inStateOrder(ops: Operation[]): Operation[] {
  const rank = (op: Operation) =>
    op.key === 'DELETE /api/profiles/{profile}'
      ? 2
      : op.method === 'DELETE' || op.path.endsWith('/disconnect')
        ? 1
        : 0;
  return [...ops].sort((a, b) => rank(a) - rank(b));
}

function seedFromEnv(value: string | undefined): number {
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  if (value === undefined || value === '') return 20_260_110;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed))
    throw new Error(`STREAMPULSE_FUZZ_SEED must be an integer or "random", not ${value}`);
  return seed;
}

function scaleFromEnv(value: string | undefined): number {
  const scale = Number(value ?? 1);
  if (!(scale > 0)) throw new Error(`STREAMPULSE_FUZZ_SCALE must be a positive number, not ${value}`);
  return scale;
}

/** A seed of its own for each operation and kind of request, so that one change moves no other. */
function seedFor(op: Operation, kind: string): number {
  let h = 0x811c9dc5;
  for (const c of `${op.key} ${kind}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return (h ^ SEED) | 0;
}

function describeRequest(req: FuzzRequest): string {
  const type = req.headers['content-type'];
  const body = req.payload === undefined ? '' : ` ${type ?? 'no type'} ${truncate(req.payload, 200)}`;
  return `${req.variant}: ${req.method} ${truncate(req.url, 200)}${body}`;
}

function summarise(problems: string[]): string[] {
  const shown = problems.slice(0, 15);
  return problems.length > shown.length
    ? [...shown, `... and ${problems.length - shown.length} more`]
    : shown;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}... (${s.length} chars)` : s);
