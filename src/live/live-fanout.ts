import type { Logger } from 'pino';
import { Listeners } from '../core/listeners.js';
import type { StoredEvent } from '../core/live-event.js';
import type { StreamInfo } from '../store/ports.js';
import type { LiveChange, LiveState } from './live-state.js';

/** Follows every change of a profile's live state (a push, a webhook, a spike check). */
export type LiveConsumer = (profile: string, change: LiveChange) => unknown;

/** Where committed batches come from (the pipeline). */
export interface CommitSource {
  onCommit(listener: (profile: string, result: { stored: readonly StoredEvent[] }) => void): void;
}

/**
 * The live half of the event path: each committed batch feeds the live state, and what changed
 * goes to every consumer in the order they were added (ADR 0011). Consumers are isolated from
 * each other: one that throws or rejects is logged and the rest still run, so webhooks and spike
 * checks go on when a push fails.
 */
export class LiveFanout {
  private readonly consumers: Listeners<[profile: string, change: LiveChange]>;

  constructor(
    private readonly live: LiveState,
    private readonly log: Logger,
  ) {
    this.consumers = new Listeners<[profile: string, change: LiveChange]>((err, profile) =>
      log.warn({ err, profile }, 'live consumer failed'),
    );
  }

  /** Feeds every batch `source` commits from now on. */
  follow(source: CommitSource): void {
    source.onCommit((profile, result) => this.pass(profile, this.live.apply(profile, result.stored)));
  }

  /** A stream was created or changed: its recording status may have moved. */
  streamChanged(profile: string, stream: StreamInfo): void {
    this.pass(profile, this.live.setRecording(profile, stream.id, stream.recording));
  }

  /** Adds a consumer of every change from now on. */
  add(consumer: LiveConsumer): void {
    this.consumers.add(consumer);
  }

  private pass(profile: string, change: Promise<LiveChange>): void {
    change.then(
      (c) => this.consumers.emit(profile, c),
      (err: unknown) => this.log.warn({ err, profile }, 'live update failed'),
    );
  }
}
