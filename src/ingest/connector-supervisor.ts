import type { Logger } from 'pino';
import type { ConnectorState } from '../core/connector-status.js';
import { ValidationError } from '../core/errors.js';
import type { LiveEvent } from '../core/live-event.js';
import type { Platform, StreamInfo } from '../store/ports.js';
import { OfflineError, type Connector, type ConnectorFactory, type ConnectorHandlers } from './connector.js';
import { ConnectorOutbox } from './connector-outbox.js';
import type { ConnectorStatus } from './connector-status.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffOptions } from './reconnect-backoff.js';

export interface SupervisorDeps {
  /** Connector factories by platform; a platform without one cannot be connected. */
  factories: Partial<Record<Platform, ConnectorFactory>>;
  /** Stores a stream's events (validated against the profile's streams); resolves after commit. */
  submit: (profile: string, events: readonly LiveEvent[]) => Promise<unknown>;
  onStatus: (profile: string, status: ConnectorStatus) => void;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Longest wait for a connector's disconnect (default 5,000 ms). */
  stopTimeoutMs?: number;
}

interface Slot {
  profile: string;
  stream: StreamInfo;
  factory: ConnectorFactory;
  status: ConnectorStatus;
  connector: Connector | null;
  outbox: ConnectorOutbox;
  timer: NodeJS.Timeout | null;
  /** Bumped by every attempt and by stop: callbacks of an older attempt are ignored. */
  generation: number;
  isStopped: boolean;
  /** Waiting for the slot to stop (`finished`). */
  onStopped: (() => void)[];
}

/**
 * Runs one connector per connected stream: connects, reports status, reconnects with
 * exponential backoff and jitter after a failure (and polls at a steady pace while the channel
 * is offline), and feeds what the connector hears into the pipeline through an outbox. Nothing a
 * connector does (throwing, rejecting, reporting after it was stopped) reaches the caller.
 */
export class ConnectorSupervisor {
  private readonly slots = new Map<string, Slot>();
  /** Streams fed by a source of their own instead of their platform (null: none available here). */
  private readonly sources = new Map<string, ConnectorFactory | null>();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly deps: SupervisorDeps) {
    this.log = deps.logger.child({ module: 'ingest.supervisor' });
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
  }

  /**
   * Feeds a stream from `factory` (the demo's simulator) whenever it is started without one of
   * its own, instead of from its platform; `null` says its source is not available here, so it
   * cannot be connected at all (never to the platform it only imitates).
   */
  useSource(profile: string, streamId: string, factory: ConnectorFactory | null): void {
    this.sources.set(key(profile, streamId), factory);
  }

  /**
   * Starts supervising a stream (does nothing if it already is) and returns its status. The
   * connector comes from `factory` if given (replay, simulator), else from the stream's own
   * source (see `useSource`), else from the platform's. Throws `ValidationError`
   * (CONNECTOR_UNSUPPORTED) for a stream with no connector.
   */
  start(profile: string, stream: StreamInfo, factory?: ConnectorFactory): ConnectorStatus {
    const existing = this.slots.get(key(profile, stream.id));
    if (existing && !existing.isStopped) return { ...existing.status };
    const chosen = factory ?? this.factoryFor(profile, stream);
    if (!chosen) throw unsupported(profile, stream, this.sources.has(key(profile, stream.id)));
    const slot: Slot = {
      profile,
      stream,
      factory: chosen,
      status: initialStatus(stream, this.now()),
      connector: null,
      outbox: existing?.outbox ?? this.createOutbox(profile, stream.id),
      timer: null,
      generation: 0,
      isStopped: false,
      onStopped: [],
    };
    this.slots.set(key(profile, stream.id), slot);
    this.attempt(slot);
    return { ...slot.status };
  }

  /** Whether the stream has a connector here: its own source, else its platform's. */
  isSupported(profile: string, stream: StreamInfo): boolean {
    return this.factoryFor(profile, stream) !== null;
  }

  /** Throws `ValidationError` (CONNECTOR_UNSUPPORTED) for a stream with no connector here. */
  assertSupported(profile: string, stream: StreamInfo): void {
    if (!this.isSupported(profile, stream)) {
      throw unsupported(profile, stream, this.sources.has(key(profile, stream.id)));
    }
  }

  private factoryFor(profile: string, stream: StreamInfo): ConnectorFactory | null {
    const source = this.sources.get(key(profile, stream.id));
    if (source !== undefined) return source;
    return this.deps.factories[stream.platform] ?? null;
  }

  /** Stops a stream's connector, stores what it already heard, and returns its status. */
  async stop(profile: string, streamId: string): Promise<ConnectorStatus | null> {
    const slot = this.slots.get(key(profile, streamId));
    if (!slot) return null;
    slot.isStopped = true;
    slot.generation += 1;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const connector = slot.connector;
    slot.connector = null;
    if (connector) await this.disconnect(slot, connector);
    await slot.outbox.flushed();
    this.setState(slot, 'stopped', null);
    slot.onStopped.splice(0).forEach((resolve) => resolve());
    return { ...slot.status };
  }

  /** The source ended by itself: store what it gave, then stop. */
  private async finish(slot: Slot, error: Error | undefined): Promise<void> {
    this.log.info({ profile: slot.profile, stream: slot.stream.id, err: error?.message }, 'source finished');
    if (error) slot.status.last_error = { message: error.message, at: this.now() };
    await this.stop(slot.profile, slot.stream.id);
  }

  /** Resolves once the stream's source has finished (or was stopped) and its events are stored. */
  async finished(profile: string, streamId: string): Promise<ConnectorStatus | null> {
    const slot = this.slots.get(key(profile, streamId));
    if (!slot) return null;
    await new Promise<void>((resolve) => {
      if (slot.isStopped) resolve();
      else slot.onStopped.push(resolve);
    });
    await slot.outbox.flushed();
    return { ...slot.status };
  }

  /** Stops every connector of a profile and forgets them (the profile is being deleted). */
  async forgetProfile(profile: string): Promise<void> {
    const streams = [...this.slots.values()].filter((s) => s.profile === profile);
    await Promise.all(streams.map((s) => this.stop(profile, s.stream.id)));
    for (const s of streams) this.slots.delete(key(profile, s.stream.id));
  }

  /** The status of a stream's connector; `stopped` when it was never started. */
  status(profile: string, stream: StreamInfo): ConnectorStatus {
    const slot = this.slots.get(key(profile, stream.id));
    return slot ? { ...slot.status } : { ...initialStatus(stream, 0), state: 'stopped' };
  }

  /** Every stream supervised here (not stopped), with its status. */
  running(): { profile: string; status: ConnectorStatus }[] {
    return [...this.slots.values()]
      .filter((s) => !s.isStopped)
      .map((s) => ({ profile: s.profile, status: { ...s.status } }));
  }

  /** The streams connected here to their platform (not fed by a replay, the simulator or a source of their own). */
  platformStreams(): { profile: string; stream: StreamInfo }[] {
    return [...this.slots.values()]
      .filter((s) => !s.isStopped && s.factory === this.deps.factories[s.stream.platform])
      .map((s) => ({ profile: s.profile, stream: s.stream }));
  }

  /** Whether a running connector serves another channel than the stream now names. */
  isChannelChanged(profile: string, stream: StreamInfo): boolean {
    const slot = this.slots.get(key(profile, stream.id));
    return !!slot && !slot.isStopped && slot.stream.channel !== stream.channel;
  }

  async close(): Promise<void> {
    await Promise.all([...this.slots.values()].map((s) => this.stop(s.profile, s.stream.id)));
  }

  private attempt(slot: Slot): void {
    const generation = ++slot.generation;
    slot.timer = null;
    this.setState(slot, 'connecting', null);
    let connector: Connector;
    try {
      connector = slot.factory(
        { profile: slot.profile, stream: slot.stream },
        { logger: this.log.child({ profile: slot.profile, stream: slot.stream.id }), now: this.now },
      );
    } catch (err) {
      this.fail(slot, generation, { offline: false, error: asError(err) });
      return;
    }
    slot.connector = connector;
    const handlers = this.handlersFor(slot, generation, connector);
    const connecting = (async () => connector.connect(handlers))();
    connecting.then(
      () => {
        if (generation !== slot.generation || slot.connector !== connector) return;
        slot.status.failures = 0;
        this.setState(slot, 'live', null);
      },
      (err: unknown) => {
        const error = asError(err);
        this.fail(slot, generation, { offline: error instanceof OfflineError, error });
      },
    );
  }

  private handlersFor(slot: Slot, generation: number, connector: Connector): ConnectorHandlers {
    return {
      events: (events) => {
        if (generation !== slot.generation) return;
        // A connector names its own stream, but never another one.
        slot.outbox.push(
          events.map((e) => (e.stream === slot.stream.id ? e : { ...e, stream: slot.stream.id })),
        );
      },
      closed: (outcome) => {
        if (generation !== slot.generation) return;
        void this.disconnect(slot, connector);
        if (outcome.finished) void this.finish(slot, outcome.error);
        else this.fail(slot, generation, outcome);
      },
    };
  }

  private fail(slot: Slot, generation: number, outcome: { offline: boolean; error?: Error }): void {
    if (generation !== slot.generation || slot.isStopped) return;
    // Whatever this attempt reports from now on (a late rejection, a second close) is stale.
    slot.generation += 1;
    slot.connector = null;
    const { offline, error } = outcome;
    if (!offline) slot.status.failures += 1;
    const wait = nextDelay(this.backoff, slot.status.failures, offline, this.random);
    slot.status.next_attempt_at = this.now() + wait;
    const lastError = error && !offline ? { message: error.message, at: this.now() } : slot.status.last_error;
    this.log.warn(
      { profile: slot.profile, stream: slot.stream.id, offline, err: error?.message, retryInMs: wait },
      offline ? 'channel offline; checking again later' : 'connector failed; reconnecting',
    );
    this.setState(slot, offline ? 'offline' : 'error', lastError);
    slot.timer = setTimeout(() => this.attempt(slot), wait);
    slot.timer.unref();
  }

  private async disconnect(slot: Slot, connector: Connector): Promise<void> {
    const timeoutMs = this.deps.stopTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn(
          { profile: slot.profile, stream: slot.stream.id },
          'connector did not disconnect in time',
        );
        resolve();
      }, timeoutMs);
    });
    const done = (async () => connector.disconnect())().catch((err: unknown) =>
      this.log.warn({ err, profile: slot.profile, stream: slot.stream.id }, 'connector disconnect failed'),
    );
    await Promise.race([done, timeout]);
    clearTimeout(timer);
  }

  private setState(slot: Slot, state: ConnectorState, lastError: ConnectorStatus['last_error']): void {
    const s = slot.status;
    if (state === 'connecting' || state === 'live' || state === 'stopped') s.next_attempt_at = null;
    if (lastError) s.last_error = lastError;
    if (s.state !== state) s.since = this.now();
    s.state = state;
    try {
      this.deps.onStatus(slot.profile, { ...s });
    } catch (err) {
      this.log.warn({ err }, 'connector status listener failed');
    }
  }

  private createOutbox(profile: string, stream: string): ConnectorOutbox {
    return new ConnectorOutbox({
      submit: (events) => this.deps.submit(profile, events),
      log: this.log.child({ profile, stream }),
    });
  }
}

function unsupported(profile: string, stream: StreamInfo, hasOwnSource: boolean): ValidationError {
  if (hasOwnSource) {
    return new ValidationError(
      `stream '${stream.id}' of profile '${profile}' is fed by a source of its own, which is off on this server (a demo stream with the demo off)`,
      [{ field: 'stream', message: `has no source here: ${stream.id}` }],
      'CONNECTOR_UNSUPPORTED',
    );
  }
  return new ValidationError(
    `streams on '${stream.platform}' are fed through the push API; there is no connector to start`,
    [{ field: 'platform', message: `has no connector: ${stream.platform}` }],
    'CONNECTOR_UNSUPPORTED',
  );
}

const key = (profile: string, stream: string): string => `${profile}\u0000${stream}`;

function initialStatus(stream: StreamInfo, now: number): ConnectorStatus {
  return {
    stream: stream.id,
    platform: stream.platform,
    state: 'connecting',
    since: now,
    failures: 0,
    last_error: null,
    next_attempt_at: null,
  };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
