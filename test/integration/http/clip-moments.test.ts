import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { ev, T0 as T } from '../../support/events.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const S = 1000;
const M = 60_000;
const H = 3_600_000;
const DAY = 24 * H;

/** A stream's session with a viewer reading every minute (990 and 1010 in turn, or as `peaks` say). */
function broadcast(
  stream: string,
  start: number,
  minutes: number,
  peaks: Record<number, number> = {},
): LiveEvent[] {
  const readings = Array.from({ length: minutes }, (_, i) =>
    ev({
      stream,
      kind: 'viewers',
      at: start + i * M + 10 * S,
      count: peaks[i] ?? (i % 2 === 0 ? 990 : 1010),
    }),
  );
  return [
    ev({ stream, kind: 'stream_start', at: start }),
    ...readings,
    ev({ stream, kind: 'stream_end', at: start + minutes * M }),
  ];
}

/** A Twitch clip of `broadcaster` in the clip seed's shape, with the Helix fields a tool passes along. */
function twitchClip(
  slug: string,
  createdAt: number,
  extra: {
    duration?: number;
    vod_offset?: number | null;
    broadcaster_name?: string;
    view_count?: number;
  } = {},
) {
  return {
    url: `https://clips.twitch.tv/${slug}`,
    title: `clip ${slug}`,
    creator_name: `maker-${slug}`,
    creator_id: '42',
    created_at: new Date(createdAt).toISOString(),
    view_count: extra.view_count ?? 10,
    broadcaster_id: '1001',
    broadcaster_name: extra.broadcaster_name ?? 'streamer',
    thumbnail_url: `https://clips-media-assets2.twitch.tv/${slug}-preview-480x272.jpg`,
    ...(extra.duration === undefined ? {} : { duration: extra.duration }),
    ...(extra.vod_offset === undefined ? {} : { vod_offset: extra.vod_offset }),
  };
}

const SECOND_DAY = T + DAY;

interface Report {
  clips: {
    url: string;
    title: string;
    creator_name: string;
    view_count: number;
    moment: number;
    placed_by: string;
  }[];
  clip_triggers: {
    triggers: number;
    clips: number;
    triggers_followed_by_clip: number;
    clips_preceded_by_trigger: number;
    precision: number | null;
    recall: number | null;
    window_minutes: number;
    fired: { at: number; signal: string }[];
    detectors: Record<string, { enabled: boolean; threshold: number; minAbsoluteChange: number }>;
  };
  streams: unknown[];
  combined: unknown;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`clip moments in session reports and across sessions (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;
    let first: number;
    let second: number;

    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp(db ? { STREAMPULSE_DATABASE_URL: db.url } : {});
      await t.services.profiles.create({ id: 'p', name: 'P' });
      await t.services.profiles.createStream('p', { id: 'tw', platform: 'twitch', channel: 'streamer' });
      await t.services.profiles.createStream('p', { id: 'tt', platform: 'tiktok', channel: '@streamer' });
      // An hour on Twitch with a viewer spike at minute 30 (two minutes long) and another at 45; a
      // TikTok session alongside; a quiet quarter hour on Twitch the next day.
      await t.services.pipeline.submit('p', [
        ...broadcast('tw', T, 60, { 30: 1500, 31: 1500, 45: 2200 }),
        ...broadcast('tt', T + 5 * M, 50, { 20: 3000 }),
        ...broadcast('tw', SECOND_DAY, 15),
      ]);
      const sessions = await t.services.reads.listSessions('p', { stream: 'tw', limit: 5 });
      [second, first] = sessions.map((s) => s.id) as [number, number];
      const pushed = await t.app.inject({
        method: 'POST',
        url: '/api/profiles/p/clips',
        payload: [
          // Made live, 31 minutes into the recording: a minute after the first spike.
          twitchClip('AfterFirstSpike', T + 32 * M, { duration: 30, vod_offset: 31 * 60, view_count: 500 }),
          // Made live without an offset: it ended when it was made.
          twitchClip('EarlyLaugh', T + 10 * M + 30 * S, { duration: 30 }),
          // Neither duration nor offset: placed when it was made.
          twitchClip('Bare', T + 20 * M),
          // Made from the recording hours later: placed by its offset, 7 minutes after the second spike.
          twitchClip('FromTheVod', T + 3 * H, { duration: 60, vod_offset: 52 * 60 }),
          // Made the next day while live again: of the next session's recording.
          twitchClip('NextDay', SECOND_DAY + 6 * M, { duration: 30, vod_offset: 5 * 60 }),
          // Before the session, and of another channel during it: not the session's.
          twitchClip('BeforeStart', T - H, { duration: 30 }),
          twitchClip('OtherChannel', T + 33 * M, { duration: 30, broadcaster_name: 'someoneelse' }),
        ],
      });
      expect(pushed.statusCode, pushed.body).toBe(200);
    });

    afterAll(async () => {
      await t.close();
      await db?.drop();
    });

    const report = async (id: number, query = '') => {
      const res = await t.app.inject({ url: `/api/profiles/p/sessions/${id}/report${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Report>();
    };

    test("lists the session's clips at their moments on its timeline, in order, with how each was placed", async () => {
      const r = await report(first);
      expect(r.clips.map((c) => [c.title, c.moment - T, c.placed_by])).toEqual([
        ['clip EarlyLaugh', 10 * M, 'created_minus_duration'],
        ['clip Bare', 20 * M, 'created_at'],
        ['clip AfterFirstSpike', 31 * M, 'vod_offset'],
        ['clip FromTheVod', 52 * M, 'vod_offset'],
      ]);
      expect(r.clips[2]).toMatchObject({
        url: 'https://clips.twitch.tv/AfterFirstSpike',
        creator_name: 'maker-AfterFirstSpike',
        view_count: 500,
        thumbnail_url: 'https://clips-media-assets2.twitch.tv/AfterFirstSpike-preview-480x272.jpg',
      });
      // The report's other parts are still there.
      expect(r.streams.length).toBeGreaterThan(0);
      expect(r.combined).toBeDefined();
    });

    test("places a clip made during the next session by that session's recording", async () => {
      const r = await report(second);
      expect(r.clips.map((c) => [c.title, c.moment - SECOND_DAY])).toEqual([['clip NextDay', 5 * M]]);
      expect(r.clip_triggers).toMatchObject({ triggers: 0, clips: 1, precision: null, recall: 0 });
    });

    test('counts the triggers followed by a clip within the window and the clips a trigger preceded', async () => {
      const r = await report(first);
      expect(r.clip_triggers.fired.map((f) => [f.at - T, f.signal])).toEqual([
        [30 * M, 'viewers'],
        [45 * M, 'viewers'],
      ]);
      expect(r.clip_triggers).toMatchObject({
        window_minutes: 5,
        triggers: 2,
        clips: 4,
        triggers_followed_by_clip: 1,
        clips_preceded_by_trigger: 1,
        precision: 0.5,
        recall: 0.25,
      });
      const wider = await report(first, '?window_minutes=10');
      expect(wider.clip_triggers).toMatchObject({
        window_minutes: 10,
        triggers_followed_by_clip: 2,
        clips_preceded_by_trigger: 2,
        precision: 1,
        recall: 0.5,
      });
    });

    test('replays thresholds named in the query instead of the profile settings: what would they have caught?', async () => {
      const stricter = await report(first, '?viewers.minAbsoluteChange=1000');
      expect(stricter.clip_triggers.fired.map((f) => f.at - T)).toEqual([45 * M]);
      expect(stricter.clip_triggers.detectors.viewers).toMatchObject({
        minAbsoluteChange: 1000,
        threshold: 4,
      });
      expect(stricter.clip_triggers).toMatchObject({
        triggers: 1,
        triggers_followed_by_clip: 0,
        precision: 0,
      });
      const off = await report(first, '?viewers.enabled=false');
      expect(off.clip_triggers).toMatchObject({ triggers: 0, precision: null, recall: 0 });
    });

    test("follows the profile's stored trigger settings", async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/profiles/p/settings/triggers',
        payload: { viewers: { minAbsoluteChange: 1000 } },
      });
      expect(put.statusCode).toBe(200);
      try {
        expect((await report(first)).clip_triggers.fired.map((f) => f.at - T)).toEqual([45 * M]);
        // An override takes over from the stored setting.
        expect((await report(first, '?viewers.minAbsoluteChange=25')).clip_triggers.triggers).toBe(2);
      } finally {
        await t.app.inject({ method: 'PUT', url: '/api/profiles/p/settings/triggers', payload: {} });
      }
    });

    test('across sessions: figures per Twitch session, oldest first, and in total', async () => {
      const res = await t.app.inject({
        url: `/api/profiles/p/clips/trigger-precision?from=${T - DAY}&to=${T + 2 * DAY}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.sessions.map((s: { session: number; stream: string }) => [s.session, s.stream])).toEqual([
        [first, 'tw'],
        [second, 'tw'],
      ]);
      expect(body.sessions[0]).toMatchObject({ triggers: 2, clips: 4, precision: 0.5, recall: 0.25 });
      expect(body.sessions[1]).toMatchObject({ triggers: 0, clips: 1, precision: null, recall: 0 });
      expect(body.total).toEqual({
        triggers: 2,
        clips: 5,
        triggers_followed_by_clip: 1,
        clips_preceded_by_trigger: 1,
        precision: 0.5,
        recall: 0.2,
        obs_replays: 0,
      });
      expect(body).toMatchObject({ from: T - DAY, to: T + 2 * DAY, window_minutes: 5 });
      expect(body.detectors.viewers).toMatchObject({ enabled: true, threshold: 4 });
      // Overrides and the window apply to every session.
      const tuned = (
        await t.app.inject({
          url: `/api/profiles/p/clips/trigger-precision?from=${T - DAY}&to=${T + 2 * DAY}&window_minutes=10&viewers.threshold=2`,
        })
      ).json();
      expect(tuned.total).toMatchObject({ triggers_followed_by_clip: 2, clips_preceded_by_trigger: 2 });
      expect(tuned.detectors.viewers.threshold).toBe(2);
    });

    test("one stream's sessions, or a range that holds none", async () => {
      const tiktok = (
        await t.app.inject({
          url: `/api/profiles/p/clips/trigger-precision?stream=tt&from=${T - DAY}&to=${T + DAY}`,
        })
      ).json();
      expect(tiktok.sessions).toHaveLength(1);
      expect(tiktok.sessions[0]).toMatchObject({ stream: 'tt', clips: 0, recall: null });
      const none = (
        await t.app.inject({
          url: `/api/profiles/p/clips/trigger-precision?from=${T - 3 * DAY}&to=${T - DAY}`,
        })
      ).json();
      expect(none.sessions).toEqual([]);
      expect(none.total).toMatchObject({ triggers: 0, clips: 0, precision: null, recall: null });
    });

    test('refuses a bad window, threshold, range or stream with the field named', async () => {
      const field = async (url: string, status = 400) => {
        const res = await t.app.inject({ url });
        expect(res.statusCode, res.body).toBe(status);
        return res.json();
      };
      expect(
        (await field(`/api/profiles/p/sessions/${first}/report?window_minutes=0`)).error.details[0].field,
      ).toContain('window_minutes');
      expect(
        (await field(`/api/profiles/p/sessions/${first}/report?viewers.threshold=0.5`)).error.details[0]
          .field,
      ).toContain('viewers.threshold');
      expect(
        (await field('/api/profiles/p/clips/trigger-precision?viewers.windowSize=2.5')).error.details[0]
          .field,
      ).toContain('viewers.windowSize');
      expect(
        (await field(`/api/profiles/p/clips/trigger-precision?from=${T}&to=${T - 1}`)).error.details[0].field,
      ).toBe('querystring.from');
      expect(
        (await field(`/api/profiles/p/clips/trigger-precision?from=${T}&to=${T + 100 * DAY}`)).error
          .details[0].field,
      ).toBe('querystring.to');
      expect((await field('/api/profiles/p/clips/trigger-precision?stream=nope', 404)).error.code).toBe(
        'STREAM_NOT_FOUND',
      );
      expect((await field('/api/profiles/nobody/clips/trigger-precision', 404)).error.code).toBe(
        'PROFILE_NOT_FOUND',
      );
    });
  });
}
