import type { ClipCapture } from '../../core/clip-capture.js';
import { parseClipItems } from './helix-clip-items.js';

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

/** How a query was answered when its clips were handed over batch by batch. */
export type ClipQueryCounts = Omit<ClipWindowResult, 'clips'> & { clips: number };

/** A request's way out: aborting it stops the request in flight and any wait for the rate limit. */
export interface HelixCallOptions {
  signal?: AbortSignal;
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
/** Ids per Get Games or Get Clips request (Helix's maximum). */
const IDS_PER_REQUEST = 100;

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
  async clipsBetween(
    broadcasterId: string,
    from: number,
    to: number,
    options: HelixCallOptions = {},
  ): Promise<ClipWindowResult> {
    const clips: ClipCapture[] = [];
    const counts = await this.eachClipBetween(
      broadcasterId,
      from,
      to,
      (batch) => {
        clips.push(...batch);
        return Promise.resolve();
      },
      options,
    );
    return { ...counts, clips };
  }

  /**
   * Every clip of `broadcasterId` created in `[from, to)`, each once, handed to `take` one query
   * at a time (at most `HELIX_QUERY_CAP` clips, games named) as soon as the query is answered:
   * what `take` stored stays stored if a later query fails. Throws a HelixError when Helix cannot
   * answer, whatever `take` throws, and the signal's reason once aborted.
   */
  async eachClipBetween(
    broadcasterId: string,
    from: number,
    to: number,
    take: (clips: ClipCapture[]) => Promise<void>,
    options: HelixCallOptions = {},
  ): Promise<ClipQueryCounts> {
    const counts: ClipQueryCounts = { clips: 0, skipped: 0, requests: 0 };
    const query = { broadcasterId, counts, seen: new Set<string>(), take, signal: options.signal };
    await this.window(query, from, to);
    return counts;
  }

  /**
   * The clips with these ids (any broadcaster), games named; ids Helix does not know (a deleted
   * clip, a mistyped link) are left out. Asks 100 ids a request.
   */
  async clipsById(ids: readonly string[], options: HelixCallOptions = {}): Promise<ClipWindowResult> {
    const result: ClipWindowResult = { clips: [], skipped: 0, requests: 0 };
    const unique = [...new Set(ids)].filter((id) => id !== '');
    const asked = new Set(unique);
    const seen = new Set<string>();
    for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) {
      const query = unique
        .slice(i, i + IDS_PER_REQUEST)
        .map((id) => `id=${encodeURIComponent(id)}`)
        .join('&');
      const page = await this.get(`/clips?${query}`, options.signal, result);
      const parsed = parseClipItems(Array.isArray(page.data) ? (page.data as unknown[]) : [], seen);
      result.skipped += parsed.skipped;
      // Only the clips asked for: an answer naming others is not believed for them.
      result.clips.push(...parsed.clips.filter((c) => asked.has(c.link.id)));
    }
    await this.nameGames(result.clips, options.signal);
    return result;
  }

  /**
   * The user id of the channel named `login` (a leading `#` and case ignored), from Get Users;
   * null when Twitch has no such user.
   */
  async broadcasterIdOf(login: string, options: HelixCallOptions = {}): Promise<string | null> {
    const name = login.replace(/^#/, '').toLowerCase();
    const page = await this.get(`/users?login=${encodeURIComponent(name)}`, options.signal);
    for (const user of Array.isArray(page.data) ? (page.data as unknown[]) : []) {
      if (isRecord(user) && typeof user.id === 'string' && user.id !== '' && user.id.length <= 100) {
        if (typeof user.login !== 'string' || user.login.toLowerCase() === name) return user.id;
      }
    }
    return null;
  }

  /** The names of these games, from what was asked before or from Get Games (unknown ids are left out). */
  async gameNamesOf(ids: readonly string[], options: HelixCallOptions = {}): Promise<Map<string, string>> {
    const missing = [...new Set(ids)].filter((id) => id !== '' && !this.gameNames.has(id));
    for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
      const query = missing
        .slice(i, i + IDS_PER_REQUEST)
        .map((id) => `id=${encodeURIComponent(id)}`)
        .join('&');
      const page = await this.get(`/games?${query}`, options.signal);
      for (const game of Array.isArray(page.data) ? (page.data as unknown[]) : []) {
        if (isRecord(game) && typeof game.id === 'string' && typeof game.name === 'string')
          this.gameNames.set(game.id, game.name);
      }
    }
    return new Map(ids.flatMap((id) => (this.gameNames.has(id) ? [[id, this.gameNames.get(id)!]] : [])));
  }

  /** Fills in the names of the clips' games. */
  private async nameGames(clips: ClipCapture[], signal: AbortSignal | undefined): Promise<void> {
    const names = await this.gameNamesOf(
      clips.flatMap((c) => (c.game.id === null ? [] : [c.game.id])),
      { signal },
    );
    for (const clip of clips) {
      if (clip.game.id !== null && clip.game.name === null) clip.game.name = names.get(clip.game.id) ?? null;
    }
  }

  private async window(query: WindowQuery, from: number, to: number): Promise<void> {
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({
        broadcaster_id: query.broadcasterId,
        started_at: new Date(from).toISOString(),
        ended_at: new Date(to).toISOString(),
        first: String(PAGE_SIZE),
      });
      if (cursor) params.set('after', cursor);
      const page = await this.get(`/clips?${params.toString()}`, query.signal, query.counts);
      const data = Array.isArray(page.data) ? (page.data as unknown[]) : [];
      items.push(...data);
      const next = page.pagination?.cursor;
      // A cursor that does not move on (an empty page, the same cursor again) ends the query.
      cursor = typeof next === 'string' && next !== '' && next !== cursor && data.length > 0 ? next : null;
    } while (cursor && items.length < HELIX_QUERY_CAP);
    if (items.length >= HELIX_QUERY_CAP && to - from > MIN_WINDOW_MS) {
      // Helix has more than it will list for this window: ask for each half instead.
      const middle = from + Math.floor((to - from) / 2);
      await this.window(query, from, middle);
      await this.window(query, middle, to);
      return;
    }
    const { clips, skipped } = parseClipItems(items, query.seen);
    query.counts.skipped += skipped;
    if (clips.length === 0) return;
    await this.nameGames(clips, query.signal);
    query.signal?.throwIfAborted();
    await query.take(clips);
    query.counts.clips += clips.length;
  }

  /** One GET of the API, waiting for the rate limit as it asks; throws a HelixError when it cannot be answered. */
  private async get(path: string, signal?: AbortSignal, count?: { requests: number }): Promise<Page> {
    for (let attempt = 1; ; attempt += 1) {
      const wait = this.resetAt - this.now();
      if (wait > 0) await this.pause(Math.min(wait, MAX_WAIT_MS), signal);
      signal?.throwIfAborted();
      if (count) count.requests += 1;
      const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000);
      let response: Response;
      try {
        response = await fetch(`${this.options.helixUrl}${path}`, {
          headers: { 'Client-Id': this.options.clientId, Authorization: `Bearer ${this.options.token}` },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        signal?.throwIfAborted();
        if (attempt >= MAX_TRIES) throw new HelixError(`Helix ${pathOf(path)}: ${String(err)}`, 0);
        await this.pause(BACKOFF_MS * 2 ** (attempt - 1), signal);
        continue;
      }
      this.noteRateLimit(response.headers);
      if (response.ok) {
        const body: unknown = await response.json().catch(() => null);
        signal?.throwIfAborted();
        if (!isRecord(body))
          throw new HelixError(`Helix ${pathOf(path)} answered something not JSON`, response.status);
        return body;
      }
      await response.body?.cancel();
      const retry = response.status === 429 || response.status >= 500;
      if (!retry || attempt >= MAX_TRIES)
        throw new HelixError(`Helix ${pathOf(path)} answered HTTP ${response.status}`, response.status);
      if (response.status === 429 && this.resetAt > this.now()) continue;
      await this.pause(BACKOFF_MS * 2 ** (attempt - 1), signal);
    }
  }

  /** Sleeps, cut short by the signal (then throws its reason). */
  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return this.sleep(ms);
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([this.sleep(ms), aborted]);
    signal.removeEventListener('abort', onAbort!);
    signal.throwIfAborted();
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

/** One Get Clips query of a broadcaster's window, and where its clips go. */
interface WindowQuery {
  broadcasterId: string;
  counts: ClipQueryCounts;
  /** Clip ids handed over already (a split window's halves may both list a clip at the border). */
  seen: Set<string>;
  take: (clips: ClipCapture[]) => Promise<void>;
  signal: AbortSignal | undefined;
}

/** The endpoint of a request path, for messages (no query: it names the channel). */
const pathOf = (path: string) => path.split('?')[0]!;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
