// Helix Get Clips, Get Games and Get Users against the loopback Helix server of
// test/support/helix-server.ts, which serves the recorded responses of test/fixtures/real/
// (SOURCES.md rows "twitch-helix/" and "nicklaw5-helix/") and generated clips.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, expect, test, vi } from 'vitest';
import { HelixClips, HelixError } from '../../../src/ingest/twitch/helix-clips.js';
import {
  DAY,
  generatedClips as generated,
  HELIX_GAMES as GAMES,
  startHelixServer,
  T0,
} from '../../support/helix-server.js';

/** May answer a request first (rate limits, errors); `regular` is the body Helix would give. */
type Handler = (req: IncomingMessage, url: URL, res: ServerResponse, regular: () => string) => boolean;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A Helix stand-in on loopback: `before` may answer a request first. */
async function startHelix(clips: ReturnType<typeof generated>, before?: Handler) {
  const helix = await startHelixServer(clips, before);
  close = () => helix.close();
  return helix;
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

test('clips are read again by id, 100 ids a request, games named; unknown ids and clips not asked for are left out', async () => {
  const all = generated(250);
  const helix = await startHelix(all, (_req, url, res, regular) => {
    if (url.pathname !== '/helix/clips' || !url.searchParams.get('id')?.endsWith('0')) return false;
    // An answer that also holds a clip nobody asked for.
    const body = JSON.parse(regular()) as { data: unknown[] };
    body.data.push(generated(1, { prefix: 'NotAsked' })[0]);
    res.writeHead(200).end(JSON.stringify(body));
    return true;
  });
  const ids = [...all.map((c) => c.id), 'EncouragingPluckySlothSSSsss', 'NoSuchClip', all[0]!.id];
  const result = await client(helix.url).clipsById(ids);
  expect(result.clips.map((c) => c.link.id).sort()).toEqual(
    [...all.map((c) => c.id), 'EncouragingPluckySlothSSSsss'].sort(),
  );
  expect(result.clips.find((c) => c.link.id === 'EncouragingPluckySlothSSSsss')?.game.name).toBe(
    GAMES['490377'],
  );
  const byId = helix.requests.filter((u) => u.pathname === '/helix/clips');
  expect(byId.map((u) => u.searchParams.getAll('id').length)).toEqual([100, 100, 52]);
  expect(result.requests).toBe(3);
});

test("a channel's user id comes from Get Users by its login, whatever its case and a leading '#'; an unknown channel has none", async () => {
  const helix = await startHelix(generated(1));
  const clips = client(helix.url);
  expect(await clips.broadcasterIdOf('#ChewieMelodies')).toBe('67955580');
  expect(await clips.broadcasterIdOf('big')).toBe('big');
  expect(await clips.broadcasterIdOf('nobody_here')).toBeNull();
  expect(helix.requests.map((u) => u.searchParams.get('login'))).toEqual([
    'chewiemelodies',
    'big',
    'nobody_here',
  ]);
});

test('each query of a window is handed over as it is answered, and an abort stops the next request and a rate limit wait', async () => {
  const all = generated(2500);
  const helix = await startHelix(all);
  const batches: number[] = [];
  const counts = await client(helix.url).eachClipBetween('big', T0, T0 + 10 * DAY, (clips) => {
    batches.push(clips.length);
    return Promise.resolve();
  });
  expect(batches.length).toBeGreaterThan(2);
  expect(batches.every((n) => n < 1000)).toBe(true);
  expect(counts.clips).toBe(2500);

  const abort = new AbortController();
  const taken: number[] = [];
  let requestsAtAbort = 0;
  const stopped = client(helix.url).eachClipBetween(
    'big',
    T0,
    T0 + 10 * DAY,
    (clips) => {
      taken.push(clips.length);
      requestsAtAbort = helix.requests.length;
      abort.abort(new Error('enough'));
      return Promise.resolve();
    },
    { signal: abort.signal },
  );
  await expect(stopped).rejects.toThrow('enough');
  expect(taken).toHaveLength(1);
  expect(helix.requests).toHaveLength(requestsAtAbort);

  // A wait for the rate limit's reset (a minute away) ends as soon as the signal aborts.
  const reset = String(Math.ceil(Date.now() / 1000) + 60);
  const limited = await startHelixServer(all, (_req, _url, res, regular) => {
    res.writeHead(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': reset }).end(regular());
    return true;
  });
  const waiting = new AbortController();
  const real = new HelixClips({ helixUrl: limited.url, clientId: 'cid', token: 'tok' });
  const started = Date.now();
  const call = real.clipsBetween('big', T0, T0 + 10 * DAY, { signal: waiting.signal });
  await vi.waitFor(() => expect(limited.requests.length).toBeGreaterThan(0));
  waiting.abort(new Error('stop waiting'));
  await expect(call).rejects.toThrow('stop waiting');
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(limited.requests).toHaveLength(1);
  await limited.close();
});
