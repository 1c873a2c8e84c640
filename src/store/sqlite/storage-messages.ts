import type { MessagePort } from 'node:worker_threads';
import type { AggregateState } from '../../core/aggregates.js';
import type { PackedEvents } from './event-columns.js';
import type { ProfileAggregatesOps, ProfileAggregatesOptions } from './sqlite-profile-aggregates.js';
import type { ProfileLogOps, ProfileLogOptions } from './sqlite-profile-log.js';

/**
 * Batches committed to each profile's log, with each event's seq (null: a duplicate, not stored),
 * and the opening they belong to: news of a profile since closed (deleted) must not reach its
 * next opening.
 */
export interface CommittedNews {
  batches: [profile: string, opening: number, events: PackedEvents, seqs: (number | null)[]][];
}

/** What the main thread asks of the log thread. Requests with an `id` are answered. */
export type LogRequest =
  /** Opens (migrating) the log; answers its last seq. The state follows with `adopt`. */
  | { op: 'open'; id: number; profile: string; opening: number; file: string; options: ProfileLogOptions }
  | { op: 'adopt'; id: number; profile: string; state: AggregateState }
  | { op: 'call'; id: number; profile: string; method: keyof ProfileLogOps; args: unknown[] }
  | { op: 'budgets'; profile: string; cacheKiB: number; walPages: number }
  | { op: 'close'; id: number; profile: string }
  /** Where to forward what is committed (the aggregates thread's end of a channel). */
  | { op: 'connect'; id: number; port: MessagePort };

/** What the main thread asks of the aggregates thread. */
export type AggregatesRequest =
  /** Opens the aggregates of an existing log, caught up with it; answers the hot state. */
  | {
      op: 'open';
      id: number;
      profile: string;
      opening: number;
      logFile: string;
      aggregatesFile: string;
      options: ProfileAggregatesOptions;
    }
  /** Folds in the log up to `seq` (what the caller saw committed), then calls `method`. */
  | {
      op: 'call';
      id: number;
      profile: string;
      seq: number;
      method: keyof ProfileAggregatesOps;
      args: unknown[];
    }
  | { op: 'budgets'; profile: string; cacheKiB: number; walPages: number }
  | { op: 'close'; id: number; profile: string; flush: boolean }
  /** Where the log thread's news arrive (this thread's end of a channel). */
  | { op: 'connect'; id: number; port: MessagePort };

/** What the main thread asks of the checkpoint thread. */
export type CheckpointRequest =
  /** Checkpoints these files of a profile (log, aggregates) from now on, optimized every `optimizeEveryMs`. */
  | { op: 'watch'; id: number; profile: string; files: string[]; optimizeEveryMs: number }
  /** Stops and closes its connections to them (before the files close or go), `optimize`d first. */
  | { op: 'unwatch'; id: number; profile: string; optimize: boolean }
  /** Checkpoints them now; answers what each checkpoint did. */
  | { op: 'checkpoint'; id: number; profile: string }
  /** Refreshes their statistics now, and rewrites them with `vacuum`; answers their sizes. */
  | { op: 'optimize'; id: number; profile: string; vacuum: boolean };
