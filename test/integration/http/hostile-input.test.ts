import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EVENT_KINDS } from '../../../src/core/event-kinds.js';
import { hostileBodies, thirtyMegabytesOfInvalidEvents } from '../../support/hostile-bodies.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

/** No answer to a refused body may be larger than this: problems are capped, not echoed. */
const MAX_ANSWER_BYTES = 64 * 1024;

let t: TestApp;

beforeAll(async () => {
  // Bodies up to 32 MiB: the 30 MB batches below must be read and validated, not refused by size.
  t = await createTestApp({ STREAMPULSE_BODY_LIMIT_BYTES: String(32 * 1024 ** 2) });
  await createProfileWithStream(t.app, 'p', { id: 's', platform: 'custom', channel: 's' });
});
afterAll(() => t.close());

function push(contentType: string | null, body: string | Buffer) {
  return t.app.inject({
    method: 'POST',
    url: '/api/profiles/p/events',
    headers: contentType === null ? {} : { 'content-type': contentType },
    payload: body,
  });
}

async function expectNothingStoredAndReady(): Promise<void> {
  expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  expect((await t.app.inject({ url: '/api/profiles/p/events' })).json()).toEqual({ events: [], next: null });
}

describe('hostile bodies on the push API', () => {
  test.each(hostileBodies())('$name: answered 4xx, briefly, and nothing is stored', async (hostile) => {
    const res = await push(hostile.contentType, hostile.body());
    expect(hostile.statuses).toContain(res.statusCode);
    expect(res.rawPayload.length).toBeLessThan(MAX_ANSWER_BYTES);
    expect(res.json().error.code).toMatch(/^[A-Z][A-Z_]+$/);
    await expectNothingStoredAndReady();
  });

  test('__proto__ in data is named precisely, escaped or not', async () => {
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const res = await push(
        'application/json',
        `[{"stream":"s","kind":"like","at":1768068000000,"data":{"ok":1,"${key}":{"polluted":true}}}]`,
      );
      expect(res.json().error).toEqual({
        code: 'EVENT_INVALID',
        message: '1 problem(s) in the batch; nothing was stored',
        details: [
          {
            index: 0,
            field: 'data.__proto__',
            message: 'is not allowed: the name of a JavaScript object internal',
          },
        ],
        total: 1,
      });
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test('a body nested too deep is refused before parsing, naming where', async () => {
    const res = await push('application/json', `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'BODY_INVALID',
      message: 'the body breaks a limit',
      details: [{ field: `body.${Array(16).fill(0).join('.')}.…`, message: 'nests deeper than 64 levels' }],
    });
  });

  test('30 MB of invalid events get a small answer listing 100 problems of 100,000, and /health answers meanwhile', async () => {
    const body = thirtyMegabytesOfInvalidEvents();
    expect(body.length).toBeGreaterThan(30_000_000);
    let isDone = false;
    const answer = push('application/json', body).finally(() => (isDone = true));
    let healthAnswers = 0;
    while (!isDone) {
      expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
      if (!isDone) healthAnswers += 1;
      // Injected requests complete without leaving the microtask queue: let the batch go on.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const res = await answer;
    expect(res.statusCode).toBe(400);
    expect(res.rawPayload.length).toBeLessThan(32 * 1024);
    const { error } = res.json();
    expect(error.details).toHaveLength(100);
    expect(error.total).toBe(100_000);
    expect(healthAnswers).toBeGreaterThanOrEqual(3);
    await expectNothingStoredAndReady();
  });
});

describe('generated malformed bodies', () => {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 3, arbitrary: valid },
      anyJson,
      fc.constantFrom(-1, 0.5, 2 ** 53 + 2, 1e300, -0, '', '1', 'NaN', null),
    );
  const event = fc.record(
    {
      stream: field(fc.constant('s')),
      kind: field(fc.constantFrom(...EVENT_KINDS)),
      at: field(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 })),
      id: field(fc.string()),
      user: field(fc.record({ id: fc.string(), name: fc.string() })),
      count: field(fc.integer()),
      value: field(fc.double()),
      text: field(fc.string()),
      gift: field(fc.record({ id: fc.nat(), name: fc.string() })),
      data: field(fc.dictionary(fc.string(), anyJson)),
      extra: anyJson,
    },
    { requiredKeys: [] },
  );
  const text = fc.oneof(
    fc.array(event, { maxLength: 5 }).map((events) => JSON.stringify(events)),
    fc.array(event, { maxLength: 5 }).map((events) => events.map((e) => JSON.stringify(e)).join('\n')),
    anyJson.map((v) => JSON.stringify(v)),
    fc.array(event, { minLength: 1, maxLength: 3 }).chain((events) => {
      const json = JSON.stringify(events);
      return fc.nat({ max: json.length - 1 }).map((cut) => json.slice(0, cut));
    }),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const body = fc.oneof(
    { weight: 4, arbitrary: text },
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  );
  const type = fc.constantFrom('application/json', 'application/x-ndjson', 'application/json; charset=utf-8');

  test('never get a 5xx or a large answer (1,000 bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(type, body, async (contentType, payload) => {
        const res = await push(contentType, payload);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.rawPayload.length).toBeLessThan(MAX_ANSWER_BYTES);
      }),
      { numRuns: 1000 },
    );
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});
