import { clipCaptureSchema, parseClipBatch, type ClipCapture } from '../../core/clip-capture.js';

/** Where and how to ask Helix, and how to wait (injected, so tests need not sleep for real). */
export interface HelixClipsOptions {
  /** Base URL of the Helix API, without a trailing slash (`https://api.twitch.tv/helix`). */
  helixUrl: string;
  clientId: string;
  /** An app access token; sent as `Authorization: Bearer`. Never logged. */
  token: string;
  requestTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A window of clip creation times (epoch ms, `to` excluded) and what Helix gave for it. */
export interface ClipWindowResult {
  clips: ClipCapture[];
  /** Items Helix gave that were not clips StreamPulse can store (their shape was wrong). */
  skipped: number;
  /** Requests made, rate-limited retries included. */
  requests: number;
}

/** Helix answers at most this many clips for one query, however many pages: past it, split the window. */
export const HELIX_QUERY_CAP = 1000;
/** Clips per page (Helix's maximum). */
const PAGE_SIZE = 100;
/** A window this short is not split further, even at the cap. */
const MIN_WINDOW_MS = 60_000;
/** Tries of one request answered 429 or 5xx before giving up. */
const MAX_TRIES = 5;
/** Wait after a 429 without a usable reset time, and after a 5xx (doubled at each try). */
const BACKOFF_MS = 1000;
/** Longest wait for a rate limit to reset. */
const MAX_WAIT_MS = 60_000;
/** Game ids per Get Games request (Helix's maximum). */
const GAMES_PER_REQUEST = 100;

/** A Helix request that could not be answered: its HTTP status (0 without one). */
export class HelixError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'HelixError';
  }
}

interface Page {
  data?: unknown;
  pagination?: { cursor?: unknown };
}

/**
 * Clips of a Twitch broadcaster from Helix Get Clips, and the names of their games from Get
 * Games. A query stops at about 1,000 clips however many pages it has, so a window that reaches
 * that many is split in two and each half asked again; pages within a query follow its cursor.
 * Requests respect the `Ratelimit-Remaining`/`Ratelimit-Reset` headers (waiting for the reset when
 * none remain) and a 429 (waiting, then trying again).
 */
export class HelixClips {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** When the bucket is empty: the time it refills (epoch ms). */
  private resetAt = 0;
  private readonly gameNames = new Map<string, string>();

  constructor(private readonly options: HelixClipsOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Every clip of `broadcasterId` created in `[from, to)`, each once, with its game's name. */
  async clipsBetween(broadcasterId: string, from: number, to: number): Promise<ClipWindowResult> {
    const result: ClipWindowResult = { clips: [], skipped: 0, requests: 0 };
    await this.window(broadcasterId, from, to, result, new Set());
    const names = await this.gameNamesOf(
      result.clips.flatMap((c) => (c.game.id === null ? [] : [c.game.id])),
    );
    for (const clip of result.clips) {
      if (clip.game.id !== null && clip.game.name === null) clip.game.name = names.get(clip.game.id) ?? null;
    }
    return result;
  }

  /** The names of these games, from what was asked before or from Get Games (unknown ids are left out). */
  async gameNamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const missing = [...new Set(ids)].filter((id) => id !== '' && !this.gameNames.has(id));
    for (let i = 0; i < missing.length; i += GAMES_PER_REQUEST) {
      const query = missing
        .slice(i, i + GAMES_PER_REQUEST)
        .map((id) => `id=${encodeURIComponent(id)}`)
        .join('&');
      const page = await this.get(`/games?${query}`);
      for (const game of Array.isArray(page.data) ? (page.data as unknown[]) : []) {
        if (isRecord(game) && typeof game.id === 'string' && typeof game.name === 'string')
          this.gameNames.set(game.id, game.name);
      }
    }
    return new Map(ids.flatMap((id) => (this.gameNames.has(id) ? [[id, this.gameNames.get(id)!]] : [])));
  }

  private async window(
    broadcasterId: string,
    from: number,
    to: number,
    result: ClipWindowResult,
    seen: Set<string>,
  ): Promise<void> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({
        broadcaster_id: broadcasterId,
        started_at: new Date(from).toISOString(),
        ended_at: new Date(to).toISOString(),
        first: String(PAGE_SIZE),
      });
      if (cursor) params.set('after', cursor);
      const page = await this.get(`/clips?${params.toString()}`, result);
      const data = Array.isArray(page.data) ? (page.data as unknown[]) : [];
      items.push(...data);
      const next = page.pagination?.cursor;
      // A cursor that does not move on (an empty page, the same cursor again) ends the query.
      cursor = typeof next === 'string' && next !== '' && next !== cursor && data.length > 0 ? next : null;
    } while (cursor && items.length < HELIX_QUERY_CAP);
    if (items.length >= HELIX_QUERY_CAP && to - from > MIN_WINDOW_MS) {
      // Helix has more than it will list for this window: ask for each half instead.
      const middle = from + Math.floor((to - from) / 2);
      await this.window(broadcasterId, from, middle, result, seen);
      await this.window(broadcasterId, middle, to, result, seen);
      return;
    }
    for (const item of items) {
      const parsed = parseClipBatch([knownFields(item)]);
      if (!parsed.ok) {
        result.skipped += 1;
        continue;
      }
      const clip = parsed.clips[0]!;
      if (seen.has(clip.link.id)) continue;
      seen.add(clip.link.id);
      result.clips.push(clip);
    }
  }

  /** One GET of the API, waiting for the rate limit as it asks; throws a HelixError when it cannot be answered. */
  private async get(path: string, count?: { requests: number }): Promise<Page> {
    for (let attempt = 1; ; attempt += 1) {
      const wait = this.resetAt - this.now();
      if (wait > 0) await this.sleep(Math.min(wait, MAX_WAIT_MS));
      if (count) count.requests += 1;
      let response: Response;
      try {
        response = await fetch(`${this.options.helixUrl}${path}`, {
          headers: { 'Client-Id': this.options.clientId, Authorization: `Bearer ${this.options.token}` },
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
        });
      } catch (err) {
        if (attempt >= MAX_TRIES) throw new HelixError(`Helix ${pathOf(path)}: ${String(err)}`, 0);
        await this.sleep(BACKOFF_MS * 2 ** (attempt - 1));
        continue;
      }
      this.noteRateLimit(response.headers);
      if (response.ok) {
        const body: unknown = await response.json().catch(() => null);
        if (!isRecord(body))
          throw new HelixError(`Helix ${pathOf(path)} answered something not JSON`, response.status);
        return body;
      }
      await response.body?.cancel();
      const retry = response.status === 429 || response.status >= 500;
      if (!retry || attempt >= MAX_TRIES)
        throw new HelixError(`Helix ${pathOf(path)} answered HTTP ${response.status}`, response.status);
      if (response.status === 429 && this.resetAt > this.now()) continue;
      await this.sleep(BACKOFF_MS * 2 ** (attempt - 1));
    }
  }

  /** Remembers when the bucket refills if this answer emptied it (or was refused for it). */
  private noteRateLimit(headers: Headers): void {
    const remaining = headers.get('ratelimit-remaining');
    if (remaining === null || Number(remaining) > 0) return;
    const reset = Number(headers.get('ratelimit-reset')) * 1000;
    const now = this.now();
    this.resetAt =
      Number.isFinite(reset) && reset > now ? Math.min(reset, now + MAX_WAIT_MS) : now + BACKOFF_MS;
  }
}

const CAPTURE_FIELDS = Object.keys(clipCaptureSchema.shape);

/** A Helix item with the fields a capture knows only: Helix may add fields at any time. */
function knownFields(item: unknown): unknown {
  if (!isRecord(item)) return item;
  return Object.fromEntries(CAPTURE_FIELDS.filter((f) => Object.hasOwn(item, f)).map((f) => [f, item[f]]));
}

/** The endpoint of a request path, for messages (no query: it names the channel). */
const pathOf = (path: string) => path.split('?')[0]!;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
