// A loopback Helix server for the clip tests. It answers Get Clips with the recorded responses of
// test/fixtures/real/ (SOURCES.md rows "twitch-helix/": twitch-rs/twitch_api, and "nicklaw5-helix/":
// nicklaw5/helix) and with generated clips that behave as Helix does: by broadcaster filtered by
// creation time, 100 a page behind a cursor and no more than 1,000 for one query, or by id (up to
// 100 `id` parameters). Get Games and Get Users answer in their documented shapes
// ({"data": [{"id", "name", "box_art_url"}]} and {"data": [{"id", "login", "display_name"}]}).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HELIX_QUERY_CAP } from '../../src/ingest/twitch/helix-clips.js';

const recorded = (file: string) => readFileSync(new URL(`../fixtures/real/${file}`, import.meta.url), 'utf8');

/** The recorded Get Clips answers, by the broadcaster they list. */
export const RECORDED_CLIP_PAGES: Record<string, string> = {
  '67955580': recorded('twitch-helix/twitch_api-rs-get_clips-1.json'),
  '26490481': recorded('nicklaw5-helix/get-clips-response.json'),
};
/** The recorded clips' channels: Get Users answers these. */
export const RECORDED_USERS: Record<string, string> = { chewiemelodies: '67955580', summit1g: '26490481' };
export const HELIX_GAMES: Record<string, string> = {
  '488191': 'Music',
  '490377': 'PLAYERUNKNOWN\u2019S BATTLEGROUNDS',
};

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 10, 1);

export type HelixClipItem = ReturnType<typeof generatedClips>[number];

/** `count` generated clips of one broadcaster, spread evenly over `spanMs` from `from`. */
export function generatedClips(
  count: number,
  {
    broadcaster = { id: 'big', name: 'Big' },
    from = T0,
    spanMs = 10 * DAY,
    prefix = 'GeneratedClipNumber',
  }: { broadcaster?: { id: string; name: string }; from?: number; spanMs?: number; prefix?: string } = {},
) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    url: `https://clips.twitch.tv/${prefix}${i}`,
    embed_url: `https://clips.twitch.tv/embed?clip=${prefix}${i}`,
    broadcaster_id: broadcaster.id,
    broadcaster_name: broadcaster.name,
    creator_id: String(1000 + (i % 37)),
    creator_name: `clipper${i % 37}`,
    video_id: '',
    game_id: '488191',
    language: 'en',
    title: `clip ${i}`,
    view_count: (i * 7919) % 10_000,
    created_at: new Date(from + Math.floor((i * spanMs) / count)).toISOString(),
    thumbnail_url: 'https://clips-media-assets2.twitch.tv/x-preview-480x272.jpg',
    duration: 30,
    vod_offset: null,
    is_featured: false,
    a_field_helix_added_later: true,
  }));
}

/** May answer a request first (rate limits, errors, a request left hanging); `regular` is the body Helix would give. */
export type HelixHandler = (
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
  regular: () => string,
) => boolean;

export interface HelixStandIn {
  /** The API's base URL (`http://127.0.0.1:<port>/helix`). */
  url: string;
  /** Every request, in order. */
  requests: URL[];
  close(): Promise<void>;
}

/**
 * A Helix stand-in on loopback serving `clips` (read at each request: change them to change
 * what Helix says) besides the recorded ones; `before` may answer a request first. Requests
 * without client id `cid` and token `tok` are refused (401).
 */
export async function startHelixServer(clips: HelixClipItem[], before?: HelixHandler): Promise<HelixStandIn> {
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
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/helix`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What Helix answers to `url`. */
function answer(url: URL, clips: readonly HelixClipItem[]): string {
  if (url.pathname === '/helix/games') {
    const ids = url.searchParams.getAll('id');
    return JSON.stringify({
      data: ids
        .filter((id) => id in HELIX_GAMES)
        .map((id) => ({ id, name: HELIX_GAMES[id], box_art_url: '' })),
    });
  }
  if (url.pathname === '/helix/users')
    return JSON.stringify({ data: usersNamed(url.searchParams.getAll('login'), clips) });
  const ids = url.searchParams.getAll('id');
  if (ids.length > 0) {
    const all = [...recordedClips(), ...clips];
    return JSON.stringify({ data: all.filter((c) => ids.includes(c.id)), pagination: {} });
  }
  const broadcaster = url.searchParams.get('broadcaster_id')!;
  const from = Date.parse(url.searchParams.get('started_at')!);
  const to = Date.parse(url.searchParams.get('ended_at')!);
  const isIn = (c: { created_at: string }) =>
    Date.parse(c.created_at) >= from && Date.parse(c.created_at) < to;
  if (broadcaster in RECORDED_CLIP_PAGES) {
    // The recorded page when its clip was made in the window, then (its cursor followed) no more.
    const page = RECORDED_CLIP_PAGES[broadcaster]!;
    const isListed =
      !url.searchParams.has('after') && (JSON.parse(page) as { data: HelixClipItem[] }).data.every(isIn);
    return isListed ? page : JSON.stringify({ data: [], pagination: {} });
  }
  const first = Number(url.searchParams.get('first'));
  const offset = Number(url.searchParams.get('after') ?? 0);
  const matching = clips
    .filter((c) => c.broadcaster_id === broadcaster && isIn(c))
    .sort((a, b) => b.view_count - a.view_count || (a.id < b.id ? -1 : 1))
    .slice(0, HELIX_QUERY_CAP);
  const more = offset + first < matching.length;
  return JSON.stringify({
    data: matching.slice(offset, offset + first),
    pagination: more ? { cursor: String(offset + first) } : {},
  });
}

function recordedClips(): HelixClipItem[] {
  return Object.values(RECORDED_CLIP_PAGES).flatMap(
    (page) => (JSON.parse(page) as { data: HelixClipItem[] }).data,
  );
}

/** The users with these logins: the recorded channels and the generated clips' broadcasters. */
function usersNamed(logins: readonly string[], clips: readonly HelixClipItem[]) {
  const users = new Map(Object.entries(RECORDED_USERS));
  for (const c of clips) users.set(c.broadcaster_name.toLowerCase(), c.broadcaster_id);
  return logins.flatMap((login) => {
    const id = users.get(login.toLowerCase());
    return id === undefined
      ? []
      : [{ id, login: login.toLowerCase(), display_name: login, type: '', broadcaster_type: '' }];
  });
}
