/** The platforms a clip link can point to. */
export type ClipPlatform = 'twitch' | 'youtube' | 'tiktok';

/**
 * A clip link recognised in a URL or a message: the platform, the clip's id there (what a clip is
 * deduplicated by) and one canonical URL for it, whichever of its forms was shared.
 */
export interface ClipLink {
  platform: ClipPlatform;
  /** The clip's id on its platform: a Twitch clip slug, a YouTube clip or Shorts id, a TikTok video id or short-link code. */
  id: string;
  /** The same link however it was written: `https`, the platform's main host, no query or fragment. */
  url: string;
  /** What kind of clip it is on its platform. */
  kind: 'twitch-clip' | 'youtube-clip' | 'youtube-short' | 'tiktok-video' | 'tiktok-short-link';
}

/** Longest text scanned for links, and most links taken from one text (a message is 4,000 characters at most). */
const MAX_TEXT = 8_000;
const MAX_LINKS = 20;
/** Longest URL looked at: no clip link comes near it. */
const MAX_URL = 512;

const TWITCH_SLUG = /^[A-Za-z0-9_-]{1,100}$/;
const YOUTUBE_CLIP_ID = /^Ug[A-Za-z0-9_-]{10,60}$/;
const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const TIKTOK_VIDEO_ID = /^\d{8,25}$/;
const TIKTOK_SHORT_CODE = /^[A-Za-z0-9]{5,20}$/;
const TIKTOK_USER = /^@[A-Za-z0-9_.]{1,40}$/;

const TWITCH_HOSTS = new Set(['twitch.tv', 'www.twitch.tv', 'm.twitch.tv']);
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const TIKTOK_HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com']);
const TIKTOK_SHORT_HOSTS = new Set(['vm.tiktok.com', 'vt.tiktok.com']);

/**
 * The clip a URL points to, or null when it is not a clip link. Recognised forms:
 * - Twitch: `clips.twitch.tv/<slug>`, `clips.twitch.tv/embed?clip=<slug>`,
 *   `twitch.tv/<channel>/clip/<slug>` (www. and m. too);
 * - YouTube: `youtube.com/clip/<id>`, `youtube.com/shorts/<id>` (www. and m. too);
 * - TikTok: `tiktok.com/@<user>/video/<id>`, `m.tiktok.com/v/<id>.html`, and the short links
 *   `vm.tiktok.com/<code>` and `vt.tiktok.com/<code>` (kept as they are: resolving them needs the
 *   network, so one shared that way and the same clip shared in full count apart).
 * Hosts must match exactly (`clips.twitch.tv.example.com` is not Twitch); http is taken as https.
 */
export function parseClipLink(raw: string): ClipLink | null {
  if (raw.length > MAX_URL) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (host === 'clips.twitch.tv') return twitchClip(parts, url.searchParams);
  if (TWITCH_HOSTS.has(host)) {
    return parts.length === 3 && parts[1] === 'clip' ? twitch(parts[2]!) : null;
  }
  if (YOUTUBE_HOSTS.has(host)) return youtube(parts);
  if (TIKTOK_HOSTS.has(host)) return tiktok(parts);
  if (TIKTOK_SHORT_HOSTS.has(host) && parts.length === 1 && TIKTOK_SHORT_CODE.test(parts[0]!)) {
    return {
      platform: 'tiktok',
      id: `${host.slice(0, 2)}:${parts[0]}`,
      url: `https://${host}/${parts[0]}/`,
      kind: 'tiktok-short-link',
    };
  }
  return null;
}

/**
 * The clip links in a text (a chat or Discord message), each clip once, in the order they first
 * appear. Links in angle brackets (Discord's way to hide a preview) and links followed by
 * punctuation are found too.
 */
export function findClipLinks(text: string): ClipLink[] {
  const found = new Map<string, ClipLink>();
  for (const match of text.slice(0, MAX_TEXT).matchAll(/https?:\/\/[^\s<>"'`]+/gi)) {
    const link = parseClipLink(trimTrailing(match[0]));
    if (link && !found.has(clipKey(link))) found.set(clipKey(link), link);
    if (found.size === MAX_LINKS) break;
  }
  return [...found.values()];
}

/** What identifies a clip across the ways it is shared: its platform and its id there. */
export function clipKey(link: Pick<ClipLink, 'platform' | 'id'>): string {
  return `${link.platform}:${link.id}`;
}

/**
 * One of each clip among `items`, the last of several sharing a clip winning (a later capture
 * has later counts), in the order of those last ones.
 */
export function lastOfEachClip<T extends { link: ClipLink }>(items: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = clipKey(item.link);
    byKey.delete(key);
    byKey.set(key, item);
  }
  return [...byKey.values()];
}

function twitchClip(parts: string[], query: URLSearchParams): ClipLink | null {
  if (parts.length === 1 && parts[0] === 'embed') {
    const slug = query.get('clip');
    return slug === null ? null : twitch(slug);
  }
  return parts.length === 1 ? twitch(parts[0]!) : null;
}

function twitch(slug: string): ClipLink | null {
  if (!TWITCH_SLUG.test(slug)) return null;
  return { platform: 'twitch', id: slug, url: `https://clips.twitch.tv/${slug}`, kind: 'twitch-clip' };
}

function youtube(parts: string[]): ClipLink | null {
  if (parts.length !== 2) return null;
  const [kind, id] = parts as [string, string];
  if (kind === 'clip' && YOUTUBE_CLIP_ID.test(id)) {
    return { platform: 'youtube', id, url: `https://www.youtube.com/clip/${id}`, kind: 'youtube-clip' };
  }
  if (kind === 'shorts' && YOUTUBE_VIDEO_ID.test(id)) {
    return { platform: 'youtube', id, url: `https://www.youtube.com/shorts/${id}`, kind: 'youtube-short' };
  }
  return null;
}

function tiktok(parts: string[]): ClipLink | null {
  let id: string | null = null;
  let user: string | null = null;
  if (parts.length === 3 && TIKTOK_USER.test(parts[0]!) && parts[1] === 'video') {
    [user, , id] = parts as [string, string, string];
  } else if (parts.length === 2 && parts[0] === 'v' && parts[1]!.endsWith('.html')) {
    id = parts[1]!.slice(0, -'.html'.length);
  }
  if (id === null || !TIKTOK_VIDEO_ID.test(id)) return null;
  // TikTok serves a video whatever user is named before it: the id alone is the clip.
  const owner = user === null ? '@' : user.toLowerCase();
  return { platform: 'tiktok', id, url: `https://www.tiktok.com/${owner}/video/${id}`, kind: 'tiktok-video' };
}

/** A URL as matched in text, without the punctuation a sentence put after it. */
function trimTrailing(url: string): string {
  return url.replace(/[.,;:!?)\]}*~]+$/, '');
}
