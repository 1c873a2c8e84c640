import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SessionReportService } from '../../../src/analytics/session-report/session-report.service.js';
import { emptyCounters } from '../../../src/core/counters.js';
import { installErrorHandler } from '../../../src/http/error-handler.js';
import { sessionReportRoutes } from '../../../src/http/routes/session-report.routes.js';
import { ev, T0 as T, user } from '../../support/events.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const S = 1000;
const M = 60_000;
const zero = emptyCounters();

let t: TestApp;
let app: FastifyInstance;
let sessionId: number;

/** The report route on an app set up like src/http/app.ts, over the real services. */
async function buildReportApp(services: TestApp['services']): Promise<FastifyInstance> {
  const reportApp = Fastify();
  reportApp.setValidatorCompiler(validatorCompiler);
  reportApp.setSerializerCompiler(serializerCompiler);
  installErrorHandler(reportApp);
  await reportApp.register(swagger, {
    openapi: { info: { title: 'test', version: '0' } },
    transform: jsonSchemaTransform,
  });
  const sessionReports = new SessionReportService(services.profiles, services.engine);
  await reportApp.register(sessionReportRoutes({ sessionReports }), { prefix: '/api' });
  return reportApp;
}

const tiktok = (at: number, partial: Omit<Parameters<typeof ev>[0], 'at'>) =>
  ev({ stream: 'tiktok-a', at: T + at, ...partial });
const twitch = (at: number, partial: Omit<Parameters<typeof ev>[0], 'at'>) =>
  ev({ stream: 'twitch-a', at: T + at, ...partial });

beforeAll(async () => {
  t = await createTestApp();
  await t.services.profiles.create({ id: 'alice', name: 'Alice' });
  await t.services.profiles.createStream('alice', { id: 'tiktok-a', platform: 'tiktok', channel: '@alice' });
  await t.services.profiles.createStream('alice', { id: 'twitch-a', platform: 'twitch', channel: '#alice' });
  await t.services.pipeline.submit('alice', [
    tiktok(1 * M, { kind: 'stream_start' }),
    tiktok(1 * M + 10 * S, { kind: 'viewers', count: 100 }),
    tiktok(1 * M + 20 * S, { kind: 'chat', user: user(1), text: 'hi' }),
    twitch(2 * M, { kind: 'stream_start' }),
    twitch(2 * M + 10 * S, { kind: 'viewers', count: 40 }),
    tiktok(2 * M + 30 * S, { kind: 'viewers', count: 150 }),
    tiktok(2 * M + 40 * S, { kind: 'gift', user: user(2), count: 2, value: 10 }),
    tiktok(3 * M + 5 * S, { kind: 'like', user: user(3), count: 20 }),
    twitch(3 * M + 30 * S, { kind: 'chat', user: user(10), text: 'yo' }),
    tiktok(4 * M + 50 * S, { kind: 'viewers', count: 130 }),
    twitch(5 * M + 15 * S, { kind: 'viewers', count: 60 }),
    twitch(5 * M + 30 * S, { kind: 'subscribe', user: user(11) }),
    tiktok(6 * M + 10 * S, { kind: 'chat', user: user(1), text: 'again' }),
    tiktok(6 * M + 20 * S, { kind: 'follow', user: user(4) }),
    twitch(6 * M + 45 * S, { kind: 'cheer', user: user(12), value: 100 }),
    tiktok(7 * M + 20 * S, { kind: 'viewers', count: 140 }),
    tiktok(7 * M + 40 * S, { kind: 'viewers', count: 160 }),
    tiktok(8 * M + 30 * S, { kind: 'chat', user: user(5), text: 'bye' }),
    twitch(8 * M + 10 * S, { kind: 'viewers', count: 20 }),
    tiktok(9 * M, { kind: 'stream_end' }),
    // After the tiktok session: outside the report's window.
    twitch(10 * M, { kind: 'chat', user: user(10), text: 'still here' }),
  ]);
  const [session] = await t.services.reads.listSessions('alice', { stream: 'tiktok-a', limit: 5 });
  sessionId = session!.id;
  app = await buildReportApp(t.services);
});

afterAll(async () => {
  await app.close();
  await t.close();
});

describe('GET /api/profiles/:profile/sessions/:id/report', () => {
  test("summarises the session's own stream from the session row, with the peak's exact time", async () => {
    const res = await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report?resolution=5` });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.session).toMatchObject({ id: sessionId, stream: 'tiktok-a', end_reason: 'stream_end' });
    expect(report.window).toEqual({ from: T + 1 * M, to: T + 9 * M, partial: false });
    expect(report.resolution).toBe(5);
    expect(report.streams.map((s: { stream: string }) => s.stream)).toEqual(['tiktok-a', 'twitch-a']);
    expect(report.streams[0].summary).toEqual({
      ...zero,
      duration_ms: 8 * M,
      peak_viewers: 160,
      peak_at: T + 7 * M + 40 * S,
      avg_viewers: (100 + 150 + 130 + 140 + 160) / 5,
      unique_viewers: 5,
      unique_chatters: 2,
      events: 12,
      likes: 20,
      comments: 3,
      gifts: 2,
      coins: 10,
      followers: 1,
    });
  });

  test('summarises another stream live at the same time from its rollups within the window', async () => {
    const report = (await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report` })).json();
    expect(report.streams[1].summary).toEqual({
      ...zero,
      duration_ms: 7 * M,
      peak_viewers: 60,
      peak_at: T + 5 * M + 15 * S,
      avg_viewers: 40,
      unique_viewers: null,
      unique_chatters: null,
      events: 7,
      comments: 1,
      subscriptions: 1,
      cheers: 1,
      bits: 100,
    });
  });

  test("combines the streams: counters summed, viewers as the sum of each stream's carried-forward reading", async () => {
    const report = (await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report` })).json();
    // Per minute 1..9: tiktok 100,150,150,130,130,130,160,160,160 + twitch -,40,40,40,60,60,60,20,-
    expect(report.combined.summary).toEqual({
      ...zero,
      duration_ms: 8 * M,
      peak_viewers: 220,
      peak_at: T + 7 * M,
      avg_viewers: 1590 / 9,
      unique_viewers: null,
      unique_chatters: null,
      events: 19,
      likes: 20,
      comments: 4,
      gifts: 2,
      coins: 10,
      followers: 1,
      subscriptions: 1,
      cheers: 1,
      bits: 100,
    });
  });

  test('buckets the timeline by 5 minutes, per stream and combined', async () => {
    const report = (
      await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report?resolution=5` })
    ).json();
    expect(report.streams[0].timeline).toEqual([
      {
        ...zero,
        at: T,
        viewers: { last: 130, min: 100, max: 150, avg: 380 / 3 },
        events: 7,
        likes: 20,
        comments: 1,
        gifts: 2,
        coins: 10,
      },
      {
        ...zero,
        at: T + 5 * M,
        viewers: { last: 160, min: 140, max: 160, avg: 150 },
        events: 6,
        comments: 2,
        followers: 1,
      },
    ]);
    expect(report.streams[1].timeline).toEqual([
      { ...zero, at: T, viewers: { last: 40, min: 40, max: 40, avg: 40 }, events: 3, comments: 1 },
      {
        ...zero,
        at: T + 5 * M,
        viewers: { last: 20, min: 20, max: 60, avg: 40 },
        events: 4,
        subscriptions: 1,
        cheers: 1,
        bits: 100,
      },
    ]);
    expect(report.combined.timeline).toEqual([
      {
        ...zero,
        at: T,
        viewers: { last: 170, min: 100, max: 190, avg: 650 / 4 },
        events: 10,
        likes: 20,
        comments: 2,
        gifts: 2,
        coins: 10,
      },
      {
        ...zero,
        at: T + 5 * M,
        viewers: { last: 160, min: 160, max: 220, avg: 188 },
        events: 10,
        comments: 2,
        followers: 1,
        subscriptions: 1,
        cheers: 1,
        bits: 100,
      },
    ]);
  });

  test('uses 1-minute buckets by default for a session under two hours', async () => {
    const report = (await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report` })).json();
    expect(report.resolution).toBe(1);
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => T + m * M);
    expect(report.combined.timeline.map((b: { at: number }) => b.at)).toEqual(minutes);
    expect(report.streams[0].timeline[4]).toEqual({
      ...zero,
      at: T + 5 * M,
      viewers: { last: null, min: null, max: null, avg: null },
      events: 0,
    });
  });

  test('answers 404 SESSION_NOT_FOUND for an unknown session', async () => {
    const res = await app.inject({ url: '/api/profiles/alice/sessions/9999/report' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'SESSION_NOT_FOUND', message: "session 9999 does not exist in profile 'alice'" },
    });
  });

  test('answers 404 PROFILE_NOT_FOUND for an unknown profile', async () => {
    const res = await app.inject({ url: `/api/profiles/nobody/sessions/${sessionId}/report` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PROFILE_NOT_FOUND');
  });

  test('answers 400 naming the resolution when it is not 1, 5, 15 or 60', async () => {
    const res = await app.inject({ url: `/api/profiles/alice/sessions/${sessionId}/report?resolution=7` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'the request is invalid',
        details: [{ field: 'querystring.resolution', message: 'must be one of 1, 5, 15, 60 (minutes)' }],
        total: 1,
      },
    });
  });

  test('documents the route and its resolutions in the OpenAPI document', async () => {
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, { get: { parameters: unknown[] } }> };
    const route = doc.paths['/api/profiles/{profile}/sessions/{id}/report'];
    expect(route?.get.parameters).toContainEqual(
      expect.objectContaining({
        in: 'query',
        name: 'resolution',
        schema: expect.objectContaining({ enum: ['1', '5', '15', '60'] }) as unknown,
      }),
    );
  });
});
