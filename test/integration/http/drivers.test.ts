import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DriversService } from '../../../src/analytics/drivers/drivers.service.js';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { installErrorHandler } from '../../../src/http/error-handler.js';
import { driversRoutes } from '../../../src/http/routes/drivers.routes.js';
import { ev, T0 as T, user } from '../../support/events.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const M = 60_000;
const MINUTES = 40;
const NOW = T + 45 * M;

let t: TestApp;
let app: FastifyInstance;
let sessionId: number;

/** The drivers routes on an app set up like src/http/app.ts, over the real services. */
async function buildDriversApp(services: TestApp['services']): Promise<FastifyInstance> {
  const driversApp = Fastify();
  driversApp.setValidatorCompiler(validatorCompiler);
  driversApp.setSerializerCompiler(serializerCompiler);
  installErrorHandler(driversApp);
  await driversApp.register(swagger, {
    openapi: { info: { title: 'test', version: '0' } },
    transform: jsonSchemaTransform,
  });
  const drivers = new DriversService(services.profiles, services.engine, () => NOW);
  await driversApp.register(driversRoutes({ drivers }), { prefix: '/api' });
  return driversApp;
}

/**
 * A 40-minute broadcast where viewers go up 15 per 1,000 coins two minutes after a gift, give or
 * take a fixed wobble of a few viewers; likes come and go with no effect.
 */
function broadcast(): LiveEvent[] {
  const coins = Array.from({ length: MINUTES }, (_, i) => (i % 5 === 1 ? 1000 + 400 * (i % 3) : 0));
  const events: LiveEvent[] = [ev({ kind: 'stream_start', at: T })];
  let viewers = 100;
  for (let i = 0; i < MINUTES; i++) {
    if (i > 0) viewers += Math.round(0.015 * (coins[i - 2] ?? 0)) + (((i * 7919) % 11) - 5);
    events.push(ev({ kind: 'viewers', at: T + i * M + 30_000, count: viewers }));
    events.push(ev({ kind: 'like', at: T + i * M + 10_000, user: user(1), count: ((i * 37) % 13) * 10 }));
    if (coins[i]! > 0) {
      events.push(ev({ kind: 'gift', at: T + i * M + 5_000, user: user(2), count: 1, value: coins[i]! }));
    }
  }
  return events;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'alice', name: 'Alice' });
  await t.services.profiles.createStream('alice', { id: 'tiktok-a', platform: 'tiktok', channel: '@alice' });
  await t.services.ingest.submit('alice', broadcast());
  sessionId = (await t.services.reads.listSessions('alice', { limit: 1 }))[0]!.id;
  app = await buildDriversApp(t.services);
});

afterAll(async () => {
  await app.close();
  await t.close();
});

const storedDrivers = async () =>
  (await t.services.engine.openProfile('alice')).getSessionAnalysis(sessionId, 'drivers');

describe('GET /api/profiles/:profile/sessions/:id/drivers', () => {
  test('answers a live session from the rollups without storing it', async () => {
    const res = await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/drivers` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.n).toBe(MINUTES - 1);
    expect(body.max_lag).toBe(5);
    const coins = body.drivers.find((d: { activity: string }) => d.activity === 'gift_value');
    expect(coins).toMatchObject({ best_lag_minutes: 2, significant: true });
    expect(coins.coefficient).toBeGreaterThan(0.013);
    expect(coins.coefficient).toBeLessThan(0.017);
    expect(coins.ci95).toHaveLength(2);
    expect(coins.verdict).toMatch(
      /^viewers rise about 2 minutes after gift bursts: \+1[3-7] viewers per 1,000 coins/,
    );
    expect(body.verdict).toBe(coins.verdict);
    expect(body.drivers.map((d: { activity: string }) => d.activity)).toEqual([
      'likes',
      'comments',
      'gifts',
      'gift_value',
      'follows',
      'shares',
      'joins',
    ]);
    expect(body.drivers.find((d: { activity: string }) => d.activity === 'comments').verdict).toBe(
      'not measured: comments did not vary in this window',
    );
    expect(await storedDrivers()).toBeNull();
    const drivers = new DriversService(t.services.profiles, t.services.engine, () => NOW);
    await expect(drivers.storeFinished('alice', sessionId)).rejects.toMatchObject({
      code: 'SESSION_STILL_LIVE',
    });
  });

  test('stores a finished session once and lists it in the trend', async () => {
    await t.services.ingest.submit('alice', [ev({ kind: 'stream_end', at: T + MINUTES * M })]);
    const first = await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/drivers` });
    expect(first.statusCode).toBe(200);
    const stored = await storedDrivers();
    expect(stored?.result).toEqual(first.json());
    expect(stored?.computed_at).toBe(NOW);
    const again = await new DriversService(
      t.services.profiles,
      t.services.engine,
      () => NOW + M,
    ).storeFinished('alice', sessionId);
    expect(again).toEqual(first.json());
    expect((await storedDrivers())?.computed_at).toBe(NOW + M);

    const trend = await app.inject({ url: '/api/profiles/alice/drivers/trend?limit=10' });
    expect(trend.statusCode).toBe(200);
    const [entry] = trend.json().sessions;
    expect(trend.json().sessions).toHaveLength(1);
    expect(entry).toMatchObject({ session_id: sessionId, started_at: T, computed_at: NOW + M, status: 'ok' });
    expect(entry.n).toBe(first.json().n);
    expect(entry.drivers.find((d: { activity: string }) => d.activity === 'gift_value')).toMatchObject({
      best_lag_minutes: 2,
      significant: true,
    });
  });

  test('keeps results with another max_lag apart from the stored default', async () => {
    const res = await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/drivers?max_lag=1` });
    expect(res.statusCode).toBe(200);
    expect(res.json().max_lag).toBe(1);
    expect(res.json().drivers[0].lags).toHaveLength(2);
    expect(((await storedDrivers())?.result as { max_lag: number }).max_lag).toBe(5);
  });

  test('answers 404 for a session or profile that does not exist', async () => {
    const session = await app.inject({ url: '/api/profiles/alice/sessions/9999/drivers' });
    expect(session.statusCode).toBe(404);
    expect(session.json().error.code).toBe('SESSION_NOT_FOUND');
    const profile = await app.inject({ url: `/api/profiles/nobody/sessions/${sessionId}/drivers` });
    expect(profile.json().error.code).toBe('PROFILE_NOT_FOUND');
  });
});

describe('GET /api/profiles/:profile/drivers', () => {
  test('analyses a date range given in ISO-8601 or epoch ms', async () => {
    const iso = await app.inject({
      url: `/api/profiles/alice/drivers?from=${new Date(T).toISOString()}&to=${T + MINUTES * M}`,
    });
    expect(iso.statusCode).toBe(200);
    expect(iso.json()).toMatchObject({
      status: 'ok',
      from: T,
      to: T + MINUTES * M,
      stream: null,
      n: MINUTES - 1,
    });
    const one = await app.inject({
      url: `/api/profiles/alice/drivers?from=${T}&to=${T + 10 * M}&stream=tiktok-a`,
    });
    expect(one.json()).toMatchObject({ status: 'not_enough_data', stream: 'tiktok-a', n: 9 });
  });

  test('lists every problem with the query in one 400', async () => {
    const bad = await app.inject({ url: '/api/profiles/alice/drivers?from=yesterday&to=1&max_lag=99' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['querystring.from', 'querystring.max_lag']));
    const backwards = await app.inject({ url: `/api/profiles/alice/drivers?from=${T + M}&to=${T}` });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toEqual([
      { field: 'querystring.from', message: 'must be before to' },
    ]);
    const long = await app.inject({ url: `/api/profiles/alice/drivers?from=${T}&to=${T + 91 * 86_400_000}` });
    expect(long.json().error.details).toEqual([
      { field: 'querystring.to', message: 'must be at most 90 days after from' },
    ]);
  });

  test('answers 404 for a stream that does not exist', async () => {
    const res = await app.inject({ url: `/api/profiles/alice/drivers?from=${T}&to=${T + M}&stream=nope` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('STREAM_NOT_FOUND');
  });

  test('documents the three routes in the OpenAPI document', async () => {
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/profiles/{profile}/sessions/{id}/drivers',
        '/api/profiles/{profile}/drivers',
        '/api/profiles/{profile}/drivers/trend',
      ]),
    );
  });
});
