import type { AggregateState } from '../../core/aggregates.js';
import type { StoredEvent } from '../../core/live-event.js';
import type { ProjectionOptions, ProjectionReads } from './sqlite-projection.js';

export type ProjectionMethod = keyof ProjectionReads;

/** What the main thread asks of the projector thread. Requests with an `id` are answered. */
export type ProjectorRequest =
  | {
      op: 'open';
      id: number;
      profile: string;
      logFile: string;
      aggregatesFile: string;
      options: ProjectionOptions;
    }
  /** Events each profile committed to its log, in seq order: fold them in (not answered). */
  | { op: 'committed'; batches: [profile: string, events: StoredEvent[]][] }
  /** Folds in the log up to at least `seq`, then calls `method`. */
  | { op: 'call'; id: number; profile: string; seq: number; method: ProjectionMethod; args: unknown[] }
  | { op: 'budgets'; profile: string; cacheKiB: number; walPages: number }
  | { op: 'close'; id: number; profile: string; flush: boolean };

/** An answer to a request, or news from the background. */
export type ProjectorReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { id?: undefined; background: 'error'; profile: string; error: { name: string; message: string } };

/** What `open` answers: the state folded up to the log's end. */
export interface OpenedProjection {
  state: AggregateState;
}
