import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AnalyticsEventGenerator } from '../../../bench/analytics-event-generator.js';
import type { LiveEvent } from '../../../src/core/live-event.js';
import { offsetAt } from '../../../src/core/zoned-time.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src/export/export-query.js';
import { readExport, unzipTexts, type ExportedSheets } from '../../support/export-reader.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 12 January 2026, midnight UTC (01:00 in Berlin). */
const DAY0 = Date.UTC(2026, 0, 12);
const FROM = DAY0;
const TO = DAY0 + 3 * DAY;
const ZONE = 'Europe/Berlin';
const RANGE = `from=${new Date(FROM).toISOString()}&to=${TO}`;

/** Viewer names a spreadsheet could take for formulas, or that CSV must quote. */
const EVIL = { id: 'evil', name: '=HYPERLINK("http://x.example","click")', display: '@admin' };
const ZOE = { id: 'zoe', name: 'Zoë, "the" best\nline', display: '+49 123' };

/** Broadcasts on two streams (one outside the range), with the hostile viewers in the first one. */
function history(): LiveEvent[] {
  const gen = new AnalyticsEventGenerator(300, 5);
  const events = [
    ...gen.session({
      stream: 'tiktok-main',
      startAt: DAY0 - DAY + 13 * HOUR,
      durationMs: 30 * MIN,
      events: 600,
    }),
    ...gen.session({ stream: 'tiktok-main', startAt: DAY0 + 13 * HOUR, durationMs: 40 * MIN, events: 2_000 }),
    ...gen.session({
      stream: 'twitch-main',
      startAt: DAY0 + 13 * HOUR + 10 * MIN,
      durationMs: 30 * MIN,
      events: 1_200,
    }),
    ...gen.session({
      stream: 'tiktok-main',
      startAt: DAY0 + DAY + 18 * HOUR,
      durationMs: 40 * MIN,
      events: 2_000,
    }),
  ];
  const at = DAY0 + 13 * HOUR + 20 * MIN;
  events.push(
    { stream: 'tiktok-main', kind: 'chat', at, count: 1, value: 0, user: EVIL, text: '=1+1' },
    {
      stream: 'tiktok-main',
      kind: 'gift',
      at: at + 1000,
      count: 3,
      value: 300,
      user: ZOE,
      gift: { id: 'g', name: 'Rose' },
    },
  );
  return events.sort((a, b) => a.at - b.at);
}

const clip = (n: number, createdAt: number, views: number) => ({
  url: `https://www.youtube.com/shorts/expclip${String(n).padStart(4, '0')}`,
  title: n === 1 ? '-cmd|calc' : `clip ${n}`,
  creator_name: 'maker',
  creator_id: 'UC1',
  game_name: '',
  created_at: createdAt,
  view_count: views,
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`export (${engine})`, () => {
    let t: TestApp;
    let db: TestDatabase | undefined;

    const api = async <T>(url: string): Promise<T> => {
      const res = await t.app.inject({ url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      return res.json<T>();
    };
    const download = async (format: ExportFormat, extra = '') => {
      const res = await t.app.inject({ url: `/api/profiles/p/export?format=${format}&${RANGE}${extra}` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res;
    };
    const read = async (format: ExportFormat, extra = ''): Promise<ExportedSheets> =>
      readExport(format, (await download(format, extra)).rawPayload, (ms) => offsetAt(ms, ZONE));

    beforeAll(async () => {
      db = engine === 'postgres' ? await createTestDatabase() : undefined;
      t = await createTestApp(db ? { STREAMPULSE_DATABASE_URL: db.url } : {});
      await createProfileWithStream(t.app, 'p', { id: 'tiktok-main', platform: 'tiktok', channel: '@p' });
      await t.app.inject({
        method: 'POST',
        url: '/api/profiles/p/streams',
        payload: { id: 'twitch-main', platform: 'twitch', channel: 'p' },
      });
      await t.app.inject({
        method: 'PUT',
        url: '/api/profiles/p/settings/timezone',
        payload: { timezone: ZONE },
      });
      await t.services.ingest.submit('p', history());
      const clips = [clip(1, DAY0 + 14 * HOUR, 50), clip(2, DAY0 + DAY, 7), clip(3, DAY0 - 2 * DAY, 1_000)];
      const pushed = await t.app.inject({ method: 'POST', url: '/api/profiles/p/clips', payload: clips });
      expect(pushed.statusCode, pushed.body).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
      await db?.drop();
    });

    interface ApiSession {
      id: number;
      stream: string;
      started_at: number;
      peak_viewers: number;
      unique_viewers: number;
      coins: number;
      likes: number;
      comments: number;
      gifts: number;
      events: number;
    }
    const sessionsInRange = async () =>
      (await api<{ sessions: ApiSession[] }>('/api/profiles/p/sessions?limit=100')).sessions
        .filter((s) => s.started_at >= FROM && s.started_at < TO)
        .sort((a, b) => a.started_at - b.started_at || a.id - b.id);

    test.each(EXPORT_FORMATS)(
      '%s: every sheet holds what the API answers for the same range',
      async (format) => {
        const sheets = await read(format, '&resolution=5min');
        const sessions = await sessionsInRange();
        expect(sessions).toHaveLength(3);

        // Sessions: those started in the range, as the sessions API lists them.
        expect(
          sheets.sessions!.map((r) => [
            r.session_id,
            r.stream,
            r.started_at,
            r.peak_viewers,
            r.unique_viewers,
            r.coins,
            r.likes,
            r.comments,
            r.events,
          ]),
        ).toEqual(
          sessions.map((s) => [
            s.id,
            s.stream,
            s.started_at,
            s.peak_viewers,
            s.unique_viewers,
            s.coins,
            s.likes,
            s.comments,
            s.events,
          ]),
        );

        for (const s of sessions) {
          // Analytics: each session's own stream, bucket by bucket, as its report's 5-minute timeline.
          const report = await api<{ streams: { stream: string; timeline: Record<string, unknown>[] }[] }>(
            `/api/profiles/p/sessions/${s.id}/report?resolution=5`,
          );
          const own = report.streams.find((x) => x.stream === s.stream)!;
          const buckets = own.timeline
            .filter((b) => (b.events as number) > 0)
            .map((b) => {
              const v = b.viewers as Record<string, number | null>;
              return [b.at, v.avg, v.min, v.max, v.last, b.likes, b.coins, b.comments, b.events];
            });
          const first = own.timeline[0]!.at as number;
          const last = own.timeline.at(-1)!.at as number;
          const exported = sheets
            .analytics!.filter(
              (r) => r.stream === s.stream && (r.at as number) >= first && (r.at as number) <= last,
            )
            .map((r) => [
              r.at,
              r.viewers_avg,
              r.viewers_min,
              r.viewers_max,
              r.viewers_last,
              r.likes,
              r.coins,
              r.comments,
              r.events,
            ]);
          expect(exported.length).toBeGreaterThan(5);
          expect(exported).toEqual(buckets);

          // Contributions: each viewer's coins, messages and likes in the session, as its leaderboards rank them.
          for (const [metric, key] of [
            ['coins', 'coins'],
            ['messages', 'comments'],
            ['likes', 'likes'],
          ] as const) {
            const board = await api<{ entries: { viewer: { id: string }; total: number }[] }>(
              `/api/profiles/p/leaderboards?metric=${metric}&period=session:${s.id}&limit=500`,
            );
            const fromApi = Object.fromEntries(board.entries.map((e) => [e.viewer.id, e.total]));
            const rows = sheets.contributions!.filter((r) => r.session_id === s.id && (r[key] as number) > 0);
            expect(Object.fromEntries(rows.map((r) => [r.user_id, r[key]]))).toEqual(fromApi);
          }
          expect(sheets.contributions!.filter((r) => r.session_id === s.id)).toHaveLength(s.unique_viewers);

          // Correlations: the session's drivers, as the drivers API answers them.
          const drivers = await api<{ status: string; drivers: Record<string, unknown>[] }>(
            `/api/profiles/p/sessions/${s.id}/drivers`,
          );
          const rows = sheets.correlations!.filter((r) => r.session_id === s.id);
          expect(
            rows.map((r) => [
              r.status,
              r.activity,
              r.best_lag_minutes,
              r.r,
              r.p_adjusted,
              r.significant,
              r.coefficient,
            ]),
          ).toEqual(
            drivers.drivers.map((d) => [
              drivers.status,
              d.activity,
              d.best_lag_minutes,
              d.r,
              d.p_adjusted,
              d.significant,
              d.coefficient,
            ]),
          );
        }

        // Clips: those created in the range, as the clips API pages them.
        const clips = await api<{
          clips: { seq: number; title: string; created_at: number; view_count: number }[];
        }>('/api/profiles/p/clips?limit=1000');
        const inRange = clips.clips.filter((c) => c.created_at >= FROM && c.created_at < TO);
        expect(inRange).toHaveLength(2);
        expect(sheets.clips!.map((r) => [r.seq, r.title, r.created_at, r.view_count])).toEqual(
          inRange.map((c) => [
            c.seq,
            format === 'csv' && c.title.startsWith('-') ? `'${c.title}` : c.title,
            c.created_at,
            c.view_count,
          ]),
        );

        // Summary: the sessions' sums.
        const summary = Object.fromEntries(sheets.summary!.map((r) => [r.metric, r.value]));
        const sum = (f: keyof ApiSession) => sessions.reduce((n, s) => n + (s[f] as number), 0);
        expect(summary).toMatchObject({
          profile: 'p',
          time_zone: ZONE,
          sessions: 3,
          coins: sum('coins'),
          likes: sum('likes'),
          comments: sum('comments'),
          gifts: sum('gifts'),
          events: sum('events'),
          peak_viewers: Math.max(...sessions.map((s) => s.peak_viewers)),
          viewer_sessions: sum('unique_viewers'),
          clips: 2,
          clip_views: 57,
        });
        expect(summary.from).toBe(
          format === 'xlsx' ? '2026-01-12T01:00:00.000+01:00' : '2026-01-12T01:00:00.000+01:00',
        );
        expect(sheets.events).toBeUndefined();
      },
    );

    test('viewer names keep their text; in CSV a formula-like text is quoted away, and every field is RFC 4180', async () => {
      const files = await unzipTexts((await download('csv', '&sheets=contributions')).rawPayload);
      expect(Object.keys(files)).toEqual(['Contributions.csv']);
      const text = files['Contributions.csv']!;
      expect(text.startsWith('\uFEFFSession,Stream,Session started,Viewer id,Viewer,Display name,')).toBe(
        true,
      );
      expect(text).toContain(`,evil,"'=HYPERLINK(""http://x.example"",""click"")",'@admin,`);
      expect(text).toContain(`,zoe,"Zoë, ""the"" best\nline",'+49 123,`);
      const json = await read('json', '&sheets=contributions');
      expect(json.contributions!.find((r) => r.user_id === 'evil')!.name).toBe(EVIL.name);
      const xlsx = await read('xlsx', '&sheets=contributions');
      expect(xlsx.contributions!.find((r) => r.user_id === 'zoe')).toMatchObject({
        name: ZOE.name,
        coins: 300,
      });
    });

    test('the download is an attachment named after the profile and the days of the range', async () => {
      const res = await download('xlsx', '&sheets=sessions');
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="streampulse-p-2026-01-12_2026-01-15.xlsx"; filename*=UTF-8''streampulse-p-2026-01-12_2026-01-15.xlsx`,
      );
      expect((await download('csv', '&sheets=sessions')).headers['content-type']).toBe('application/zip');
      expect((await download('ndjson', '&sheets=sessions')).headers['content-type']).toMatch(
        /^application\/x-ndjson/,
      );
    });

    test('the events sheet, asked for, holds the raw log of the range, voided events marked', async () => {
      const sheets = await read('ndjson', '&sheets=events,sessions');
      const inRange = history().filter((e) => e.at >= FROM && e.at < TO);
      expect(sheets.events).toHaveLength(inRange.length);
      const evil = sheets.events!.find((r) => r.user_id === 'evil')!;
      expect(evil).toMatchObject({ kind: 'chat', text: '=1+1', user_name: EVIL.name, voided_by: null });
      const sessions = await sessionsInRange();
      expect(sheets.events!.filter((r) => r.kind !== 'viewers').length).toBeLessThanOrEqual(
        sessions.reduce((n, s) => n + s.events, 0),
      );
    });

    test('the estimate counts the rows the sheets will hold', async () => {
      const estimate = await api<{ rows: Record<string, number> }>(
        `/api/profiles/p/export/estimate?${RANGE}`,
      );
      const sessions = await sessionsInRange();
      expect(estimate.rows).toMatchObject({
        sessions: 3,
        contributions: sessions.reduce((n, s) => n + s.unique_viewers, 0),
        clips: 2,
        correlations: 21,
      });
      expect(estimate.rows.analytics).toBeGreaterThan(0);
    });

    test('bad query values answer 400 naming every field; an unknown profile 404', async () => {
      const res = await t.app.inject({
        url: '/api/profiles/p/export?format=exe&from=yesterday&to=%00&resolution=week&sheets=sessions,bogus',
      });
      expect(res.statusCode).toBe(400);
      const fields = (res.json().error.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(
        [
          'querystring.format',
          'querystring.from',
          'querystring.resolution',
          'querystring.sheets',
          'querystring.to',
        ].sort(),
      );
      const backwards = await t.app.inject({ url: `/api/profiles/p/export?from=${TO}&to=${FROM}` });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.details).toEqual([
        { field: 'querystring.from', message: 'must be before to' },
      ]);
      const none = await t.app.inject({ url: '/api/profiles/p/export?sheets=,' });
      expect(none.json().error.details).toEqual([
        { field: 'querystring.sheets', message: 'must name at least one sheet' },
      ]);
      expect((await t.app.inject({ url: '/api/profiles/nope/export' })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/profiles/nope/export/estimate' })).statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/profiles/p/export/estimate?to=0' })).statusCode).toBe(400);
    });
  });
}
