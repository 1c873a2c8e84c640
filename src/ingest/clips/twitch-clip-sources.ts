import type { Logger } from 'pino';
import type { BackgroundPace } from '../../core/background-pace.js';
import type { ClipSourceState, ClipSourceStatusView } from '../../core/clip-source-status.js';
import type { ProfileStores, StreamInfo, SystemStore } from '../../store/ports.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffOptions } from '../reconnect-backoff.js';
import { HelixClips, type HelixClipsOptions } from '../twitch/helix-clips.js';
import { describePoll, viewClipPollSlot, type ClipPollSlot } from './clip-poll-slot.js';
import type { ClipSourceStatuses } from './clip-source-statuses.js';
import { settingsClipSyncMarks } from './clip-sync-marks.js';
import { profileStreamMatcher } from './profile-stream-matcher.js';
import { LazyClipStore } from './lazy-clip-store.js';
import { TwitchClipPoller, type PollerClipStore } from './twitch-clip-poller.js';

/** A stream whose connector runs here, from its platform. */
export interface ConnectedStream {
  profile: string;
  stream: StreamInfo;
}

export interface TwitchClipSourcesDeps {
  engine: ProfileStores<PollerClipStore> & {
    system: Pick<SystemStore, 'listStreams' | 'getSettings' | 'putSetting'>;
  };
  /** The streams connected on this instance (their Twitch ones are polled here). */
  connectedStreams: () => readonly ConnectedStream[];
  /** The server's Helix settings; without a client id and a token nothing is polled. */
  twitch: { clientId?: string; token?: string; helixUrl: string };
  /** Pause between two polls of a stream (ms). */
  pollMs: number;
  /** How far back a stream's first sync reads (ms). */
  backfillMs: number;
  overlapMs?: number;
  /** Clips whose view counts a profile's refresh reads again at most, per poll. */
  refreshLimit?: number;
  /** Spaces out the requests of the polls by the machine's load (default: never waits). */
  pace?: BackgroundPace;
  /** Told of the clips new to a profile (its usage counts clips collected). */
  collected?: (profile: string, count: number) => void;
  /** Told of every poll that ended, whether it succeeded (metrics); not of one stopped midway. */
  polled?: (profile: string, isOk: boolean) => void;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  /** Waits after failed polls; the default grows from 5 s to 15 min. */
  backoff?: BackoffOptions;
  /** Longest wait for a poll in flight to end once aborted, at stop (ms, default 5,000). */
  stopTimeoutMs?: number;
  /** How often the connected streams are looked at again (ms, default 15,000). */
  reconcileMs?: number;
  /** Test seams of the Helix client (its waits). */
  helixOptions?: Pick<HelixClipsOptions, 'sleep' | 'requestTimeoutMs'>;
}

const DEFAULT_CLIP_BACKOFF: BackoffOptions = { ...DEFAULT_BACKOFF, baseMs: 5000, maxMs: 15 * 60_000 };
const MAX_ERROR_TEXT = 300;

/**
 * Polls Helix for the clips of every Twitch stream connected here, one poller per stream, the way
 * the connector supervisor runs connectors: a status per stream (idle between polls, running
 * while polling, error with the failures in a row and the next try, after exponential backoff
 * with jitter; stopped when the stream is disconnected or the server has no Twitch
 * credentials). A poll syncs the stream's window; the poll of a profile's first stream also
 * refreshes the profile's due view counts and shared clips. A poll never overlaps the next one,
 * and nothing it does (Helix errors, bad payloads, storage errors) reaches the timers.
 */
export class TwitchClipSources implements ClipSourceStatuses {
  private readonly slots = new Map<string, ClipPollSlot>();
  private readonly helix: HelixClips | null;
  /** What is missing when `helix` is null, for the statuses. */
  private readonly missing: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private reconciler: NodeJS.Timeout | null = null;
  private isClosed = false;

  constructor(private readonly deps: TwitchClipSourcesDeps) {
    this.log = deps.logger.child({ module: 'ingest.twitch-clips' });
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.backoff = deps.backoff ?? DEFAULT_CLIP_BACKOFF;
    const { clientId, token, helixUrl } = deps.twitch;
    this.missing = [
      clientId ? null : 'STREAMPULSE_TWITCH_CLIENT_ID',
      token ? null : 'STREAMPULSE_TWITCH_TOKEN',
    ]
      .filter((name) => name !== null)
      .join(' and ');
    this.helix =
      clientId && token
        ? new HelixClips({ helixUrl, clientId, token, now: this.now, ...deps.helixOptions })
        : null;
  }

  /** Starts following the connected streams (now, then every `reconcileMs` and on `reconcile`). */
  start(): void {
    if (this.reconciler) return;
    this.reconcile();
    this.reconciler = setInterval(() => this.reconcile(), this.deps.reconcileMs ?? 15_000);
    this.reconciler.unref();
  }

  /**
   * Polls the Twitch streams connected now and stops polling those no longer connected (or whose
   * channel changed: they start over). Call it when a connector starts or stops.
   */
  reconcile(): void {
    if (this.isClosed) return;
    const wanted = new Map<string, ConnectedStream>();
    try {
      for (const c of this.deps.connectedStreams())
        if (c.stream.platform === 'twitch') wanted.set(key(c.profile, c.stream.id), c);
    } catch (err) {
      this.log.warn({ err }, 'connected streams not known; clip polls unchanged');
      return;
    }
    for (const [k, slot] of this.slots) {
      const next = wanted.get(k);
      if (next && next.stream.channel === slot.stream.channel) continue;
      // A stream never polled (no credentials) has nothing to show once it is not connected.
      if (!slot.poller) this.slots.delete(k);
      else if (!slot.isStopped)
        void this.stopSlot(slot, next ? 'the channel changed' : 'the stream is not connected');
    }
    for (const [k, c] of wanted) {
      const slot = this.slots.get(k);
      if (!slot || (slot.isStopped && slot.poller !== null)) this.startSlot(c);
    }
  }

  /** The clip sources of a profile's Twitch streams, polled here or stopped, by stream id. */
  statuses(profile: string): ClipSourceStatusView[] {
    return [...this.slots.values()]
      .filter((s) => s.profile === profile)
      .sort((a, b) => (a.stream.id < b.stream.id ? -1 : 1))
      .map(viewClipPollSlot);
  }

  /** Stops polling a profile's streams and forgets them (the profile is being deleted). */
  async forgetProfile(profile: string): Promise<void> {
    await this.forget(
      [...this.slots.values()].filter((s) => s.profile === profile),
      'the profile was deleted',
    );
  }

  /** Stops polling a stream and forgets it (the stream is being deleted). */
  async forgetStream(profile: string, streamId: string): Promise<void> {
    const slot = this.slots.get(key(profile, streamId));
    if (slot) await this.forget([slot], 'the stream was deleted');
  }

  private async forget(slots: ClipPollSlot[], why: string): Promise<void> {
    await Promise.all(slots.map((s) => this.stopSlot(s, why)));
    for (const s of slots) {
      const k = key(s.profile, s.stream.id);
      if (this.slots.get(k) === s) this.slots.delete(k);
    }
  }

  /** Stops every poll: one in flight is aborted and awaited, at most `stopTimeoutMs`. */
  async close(): Promise<void> {
    this.isClosed = true;
    if (this.reconciler) clearInterval(this.reconciler);
    this.reconciler = null;
    await Promise.all([...this.slots.values()].map((s) => this.stopSlot(s, 'the server stopped')));
  }

  private startSlot({ profile, stream }: ConnectedStream): void {
    if (this.isClosed) return;
    // A poll of the stream's previous slot (aborted) ends before the first of this one starts.
    const previous = this.slots.get(key(profile, stream.id))?.polling ?? Promise.resolve();
    const slot: ClipPollSlot = {
      profile,
      stream,
      poller: null,
      state: this.helix ? 'running' : 'stopped',
      since: this.now(),
      failures: 0,
      lastError: null,
      nextAt: null,
      detail: null,
      timer: null,
      polling: null,
      abort: null,
      isStopped: false,
    };
    this.slots.set(key(profile, stream.id), slot);
    if (!this.helix) {
      slot.isStopped = true;
      slot.detail = `no Twitch credentials: set ${this.missing} to poll this stream's clips`;
      return;
    }
    slot.poller = new TwitchClipPoller(this.helix, new LazyClipStore(this.deps.engine, profile), this.now, {
      stream: { id: stream.id, channel: stream.channel },
      marks: settingsClipSyncMarks(this.deps.engine.system, profile, stream.id),
      backfillMs: this.deps.backfillMs,
      overlapMs: this.deps.overlapMs,
      refreshLimit: this.deps.refreshLimit,
      pace: this.deps.pace,
    });
    this.log.info({ profile, stream: stream.id }, 'polling twitch clips');
    void previous.then(() => this.poll(slot));
  }

  private async stopSlot(slot: ClipPollSlot, why: string): Promise<void> {
    if (!slot.isStopped) {
      slot.isStopped = true;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.abort?.abort(new Error(`stopped: ${why}`));
      this.setState(slot, 'stopped', `not polled: ${why}`);
      slot.nextAt = null;
    }
    if (slot.polling) await this.bounded(slot, slot.polling);
  }

  private poll(slot: ClipPollSlot): void {
    if (slot.isStopped || !slot.poller || slot.polling) return;
    slot.timer = null;
    slot.nextAt = null;
    const abort = new AbortController();
    slot.abort = abort;
    this.setState(slot, 'running', slot.detail);
    slot.polling = this.cycle(slot, slot.poller, abort.signal).finally(() => {
      slot.polling = null;
      slot.abort = null;
    });
  }

  /** One poll: sync, and for the profile's first stream refresh; then the next poll is timed. */
  private async cycle(slot: ClipPollSlot, poller: TwitchClipPoller, signal: AbortSignal): Promise<void> {
    try {
      const synced = await poller.sync({ signal });
      const refreshed = this.isRefresher(slot)
        ? await poller.refresh(await this.matcherFor(slot.profile), { signal })
        : null;
      this.count(slot.profile, synced.created + (refreshed?.created ?? 0));
      if (slot.isStopped) return;
      this.tellPolled(slot.profile, true);
      slot.failures = 0;
      slot.nextAt = this.now() + this.deps.pollMs;
      this.setState(slot, 'idle', describePoll(synced, refreshed, this.deps.backfillMs));
      this.schedule(slot, this.deps.pollMs);
    } catch (err) {
      if (slot.isStopped) return;
      this.tellPolled(slot.profile, false);
      const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_TEXT);
      slot.failures += 1;
      slot.lastError = { message, at: this.now() };
      const wait = nextDelay(this.backoff, slot.failures, false, this.random);
      slot.nextAt = this.now() + wait;
      this.log.warn(
        { profile: slot.profile, stream: slot.stream.id, failures: slot.failures, err, retryInMs: wait },
        'twitch clip poll failed; trying again later',
      );
      this.setState(slot, 'error', slot.detail);
      this.schedule(slot, wait);
    }
  }

  private count(profile: string, created: number): void {
    try {
      if (created > 0) this.deps.collected?.(profile, created);
    } catch (err) {
      this.log.warn({ err, profile }, 'clips collected not counted');
    }
  }

  private tellPolled(profile: string, isOk: boolean): void {
    try {
      this.deps.polled?.(profile, isOk);
    } catch (err) {
      this.log.warn({ err, profile }, 'clip poll not counted');
    }
  }

  private schedule(slot: ClipPollSlot, wait: number): void {
    slot.timer = setTimeout(() => this.poll(slot), wait);
    slot.timer.unref();
  }

  /** The profile's refresh runs once per round: in the poll of its first stream polled here. */
  private isRefresher(slot: ClipPollSlot): boolean {
    const first = [...this.slots.values()]
      .filter((s) => s.profile === slot.profile && !s.isStopped)
      .reduce<ClipPollSlot | null>((a, s) => (a === null || s.stream.id < a.stream.id ? s : a), null);
    return first === slot;
  }

  private async matcherFor(profile: string) {
    const ids = new Map<string, string>();
    for (const s of this.slots.values()) {
      const id = s.profile === profile && !s.isStopped ? s.poller?.broadcasterId : null;
      if (id) ids.set(s.stream.id, id);
    }
    return profileStreamMatcher(await this.deps.engine.system.listStreams(profile), ids);
  }

  private async bounded(slot: ClipPollSlot, polling: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ profile: slot.profile, stream: slot.stream.id }, 'clip poll did not stop in time');
        resolve();
      }, this.deps.stopTimeoutMs ?? 5000);
    });
    await Promise.race([polling, timeout]);
    clearTimeout(timer);
  }

  private setState(slot: ClipPollSlot, state: ClipSourceState, detail: string | null): void {
    if (slot.state !== state) slot.since = this.now();
    slot.state = state;
    slot.detail = detail;
  }
}

const key = (profile: string, stream: string): string => `${profile}\u0000${stream}`;
