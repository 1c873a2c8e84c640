// A loopback Helix server answers Get Clips with the recorded responses of
// test/fixtures/real/ (SOURCES.md rows "twitch-helix/": twitch-rs/twitch_api, and "nicklaw5-helix/":
// nicklaw5/helix) and with generated pages that behave as Helix does: filtered by creation time,
// 100 a page behind a cursor, and no more than 1,000 for one query. Get Games answers in its
// documented shape ({"data": [{"id", "name", "box_art_url"}]}).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { HELIX_QUERY_CAP, HelixClips, HelixError } from '../../../src/ingest/twitch/helix-clips.js';

const recorded = (file: string) =>
  readFileSync(new URL(`../../fixtures/real/${file}`, import.meta.url), 'utf8');
const RECORDED = {
  '67955580': recorded('twitch-helix/twitch_api-rs-get_clips-1.json'),
  '26490481': recorded('nicklaw5-helix/get-clips-response.json'),
} as Record<string, string>;
const GAMES: Record<string, string> = { '488191': 'Music', '490377': 'PLAYERUNKNOWN\u2019S BATTLEGROUNDS' };

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

/** Generated clips of broadcaster `big`: `count` of them spread over 10 days. */
function generated(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `GeneratedClipNumber${i}`,
    url: `https://clips.twitch.tv/GeneratedClipNumber${i}`,
    embed_url: `https://clips.twitch.tv/embed?clip=GeneratedClipNumber${i}`,
    broadcaster_id: 'big',
    broadcaster_name: 'Big',
    creator_id: String(1000 + (i % 37)),
    creator_name: `clipper${i % 37}`,
    video_id: '',
    game_id: '488191',
    language: 'en',
    title: `clip ${i}`,
    view_count: (i * 7919) % 10_000,
    created_at: new Date(T0 + Math.floor((i * 10 * DAY) / count)).toISOString(),
    thumbnail_url: 'https://clips-media-assets2.twitch.tv/x-preview-480x272.jpg',
    duration: 30,
    vod_offset: null,
    is_featured: false,
    a_field_helix_added_later: true,
  }));
}

/** May answer a request first (rate limits, errors); `regular` is the body Helix would give. */
type Handler = (req: IncomingMessage, url: URL, res: ServerResponse, regular: () => string) => boolean;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A Helix stand-in on loopback: `before` may answer a request first. */
async function startHelix(clips: ReturnType<typeof generated>, before?: Handler) {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://helix');
    requests.push(url);
    if (req.headers['client-id'] !== 'cid' || req.headers.authorization !== 'Bearer tok') {
      res.writeHead(401).end('{"error":"Unauthorized"}');
      return;
    }
    const regular = () => answer(url, clips);
    if (before?.(req, url, res, regular)) return;
    res.writeHead(200, { 'content-type': 'application/json', 'ratelimit-remaining': '700' }).end(regular());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/helix`, requests };
}

/** What Helix answers to `url`. */
function answer(url: URL, clips: ReturnType<typeof generated>): string {
  if (url.pathname === '/helix/games') {
    const ids = url.searchParams.getAll('id');
    return JSON.stringify({
      data: ids.filter((id) => id in GAMES).map((id) => ({ id, name: GAMES[id], box_art_url: '' })),
    });
  }
  const broadcaster = url.searchParams.get('broadcaster_id')!;
  if (broadcaster in RECORDED) {
    // The recorded page, then (its cursor followed) no more.
    return url.searchParams.has('after')
      ? JSON.stringify({ data: [], pagination: {} })
      : RECORDED[broadcaster]!;
  }
  const from = Date.parse(url.searchParams.get('started_at')!);
  const to = Date.parse(url.searchParams.get('ended_at')!);
  const first = Number(url.searchParams.get('first'));
  const offset = Number(url.searchParams.get('after') ?? 0);
  const matching = clips
    .filter((c) => Date.parse(c.created_at) >= from && Date.parse(c.created_at) < to)
    .sort((a, b) => b.view_count - a.view_count || (a.id < b.id ? -1 : 1))
    .slice(0, HELIX_QUERY_CAP);
  const more = offset + first < matching.length;
  return JSON.stringify({
    data: matching.slice(offset, offset + first),
    pagination: more ? { cursor: String(offset + first) } : {},
  });
}

function client(url: string, sleeps: number[] = []) {
  return new HelixClips({
    helixUrl: url,
    clientId: 'cid',
    token: 'tok',
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
}

test('the recorded clips, each with its game named from Get Games', async () => {
  const helix = await startHelix([]);
  const clips = client(helix.url);
  const a = await clips.clipsBetween('67955580', Date.UTC(2017, 0, 1), Date.UTC(2019, 0, 1));
  const b = await clips.clipsBetween('26490481', Date.UTC(2017, 0, 1), Date.UTC(2019, 0, 1));
  expect([...a.clips, ...b.clips].map((c) => [c.link.id, c.game.name, c.creator.name])).toEqual([
    ['AwkwardHelplessSalamanderSwiftRage', 'Music', 'BlackNova03'],
    ['EncouragingPluckySlothSSSsss', GAMES['490377'], 'nB00ts'],
  ]);
  expect(b.clips[0]).toMatchObject({ view_count: 91876, duration: 22.3, vod_offset: 1957 });
  // Get Games was asked once per game, then answered from what was kept.
  await clips.gameNamesOf(['488191', '490377']);
  expect(helix.requests.filter((u) => u.pathname === '/helix/games')).toHaveLength(2);
});

test('2,500 clips in ten days, more than one query lists: the window is split until every clip is found, once', async () => {
  const all = generated(2500);
  const helix = await startHelix(all);
  const result = await client(helix.url).clipsBetween('big', T0, T0 + 10 * DAY);
  expect(result.clips).toHaveLength(2500);
  expect(new Set(result.clips.map((c) => c.link.id)).size).toBe(2500);
  expect(result.skipped).toBe(0);
  // Pages followed their cursor: at most 100 a request.
  expect(
    helix.requests.every((u) => u.pathname !== '/helix/clips' || u.searchParams.get('first') === '100'),
  ).toBe(true);
  expect(helix.requests.some((u) => u.searchParams.get('after') !== null)).toBe(true);
});

test('an empty rate limit bucket is waited out until its reset, and a 429 is tried again', async () => {
  let served = 0;
  const reset = Math.ceil(Date.now() / 1000) + 30;
  const helix = await startHelix(generated(150), (_req, url, res, regular) => {
    if (url.pathname !== '/helix/clips') return false;
    served += 1;
    if (served === 1) {
      // The first page comes with the last request of the bucket.
      res.writeHead(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) }).end(regular());
      return true;
    }
    if (served === 2) {
      res.writeHead(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) }).end();
      return true;
    }
    return false;
  });
  const sleeps: number[] = [];
  const result = await client(helix.url, sleeps).clipsBetween('big', T0, T0 + 10 * DAY);
  expect(result.clips).toHaveLength(150);
  expect(result.requests).toBe(3);
  // Before the second and the third request: the wait until the reset (about 30 s).
  expect(sleeps.length).toBeGreaterThanOrEqual(2);
  expect(sleeps[0]).toBeGreaterThan(25_000);
  expect(sleeps[0]).toBeLessThanOrEqual(31_000);
});

test('items that are not clips are skipped and counted; a refusal or a body that is not JSON is an error, never a crash', async () => {
  const junk = [{ id: 1 }, 'text', null, { ...generated(1)[0], url: 'https://example.com/x' }];
  let mode: 'junk' | 'html' | '500' = 'junk';
  const helix = await startHelix([], (_req, url, res) => {
    if (url.pathname !== '/helix/clips') return false;
    if (mode === 'junk')
      res.writeHead(200).end(JSON.stringify({ data: [...junk, generated(1)[0]], pagination: {} }));
    else if (mode === 'html') res.writeHead(200).end('<html>oops</html>');
    else res.writeHead(500).end();
    return true;
  });
  const sleeps: number[] = [];
  const clips = client(helix.url, sleeps);
  const result = await clips.clipsBetween('big', T0, T0 + DAY);
  expect([result.clips.length, result.skipped]).toEqual([1, 4]);
  mode = 'html';
  await expect(clips.clipsBetween('big', T0, T0 + DAY)).rejects.toBeInstanceOf(HelixError);
  mode = '500';
  await expect(clips.clipsBetween('big', T0, T0 + DAY)).rejects.toMatchObject({ status: 500 });
  // A 5xx is tried five times, waiting longer each time.
  expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
  const refused = new HelixClips({ helixUrl: helix.url, clientId: 'cid', token: 'wrong' });
  await expect(refused.clipsBetween('big', T0, T0 + DAY)).rejects.toMatchObject({ status: 401 });
});

test('a server that gives the same cursor again ends the query instead of asking forever', async () => {
  const page = JSON.stringify({ data: generated(3), pagination: { cursor: 'same' } });
  const helix = await startHelix([], (_req, url, res) => {
    if (url.pathname !== '/helix/clips') return false;
    res.writeHead(200).end(page);
    return true;
  });
  const result = await client(helix.url).clipsBetween('big', T0, T0 + 10 * DAY);
  expect([result.clips.length, result.requests]).toEqual([3, 2]);
});
