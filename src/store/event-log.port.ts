import type { AggregateState } from '../core/aggregates.js';
import type { LiveEvent, StoredEvent } from '../core/live-event.js';
import type { VoidOutcome, VoidRequest } from '../core/void-target.js';

export interface AppendResult {
  /** The accepted events with their sequence numbers, in log order. */
  stored: StoredEvent[];
  /** For each input event, in input order: its sequence number, or null if it was a duplicate. */
  seqs: (number | null)[];
  /** How many events were ignored because their source id was already stored for that stream. */
  duplicates: number;
}

/**
 * How an engine that pipelines its writes wants to be fed. An engine that takes one append at a
 * time has none: the batcher then keeps one append in flight.
 */
export interface AppendFlowControl {
  /**
   * How many appends of this profile the store takes at once, applied in the order they were
   * called (each still all or nothing). The batcher keeps that many in flight.
   */
  readonly appendsInFlight: number;
  /**
   * With more than one append in flight: resolves when the store would start on another one
   * (the latest append no longer needs the CPU, or has settled). Until then the batcher keeps
   * gathering events, so the next batch is as big as what arrived meanwhile. At once when absent.
   */
  readyForAppend?(): Promise<void>;
}

/**
 * One profile's event log: the only writer of a profile. `append` stores the new events in one
 * transaction (ignoring a source id already stored on the same stream) and brings the aggregates
 * along with them; when it resolves the events are durable. Whether every aggregate changes in
 * that same transaction is the engine's business: PostgreSQL writes them with the events, the
 * embedded engine folds the committed log into them right after (ADR 0007). Either way a read
 * that follows an append sees it.
 */
export interface EventLog {
  readonly profile: string;
  /** Present when the engine pipelines appends: the batcher asks for it (see AppendFlowControl). */
  readonly flowControl?: AppendFlowControl;
  append(events: readonly LiveEvent[]): Promise<AppendResult>;
  /** The hot aggregate state held in memory (stats and open sessions), as of the last append. */
  currentState(): AggregateState;
  /**
   * Records a void stamped `at` in the log, marks the events it takes back, and brings every
   * aggregate and the hot state to what they would be had those events never been stored
   * (folding the log again). Appends must not run meanwhile (the batcher pauses them). With
   * `dryRun`, only counts. Throws `ValidationError` VOID_MATCHES_NOTHING or VOID_TOO_LARGE.
   */
  voidEvents(request: VoidRequest, at: number): Promise<VoidOutcome>;
}
