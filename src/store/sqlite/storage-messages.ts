import type { AggregateState } from '../../core/aggregates.js';
import type { ProfileFilesOps, ProfileFilesOptions } from './sqlite-profile-files.js';

export type ProfileFilesMethod = keyof ProfileFilesOps;

/** What the main thread asks of the storage thread. Requests with an `id` are answered. */
export type StorageRequest =
  | {
      op: 'open';
      id: number;
      profile: string;
      logFile: string;
      aggregatesFile: string;
      options: ProfileFilesOptions;
    }
  /** Calls one of the profile's file operations (see ProfileFilesOps). */
  | { op: 'call'; id: number; profile: string; method: ProfileFilesMethod; args: unknown[] }
  | { op: 'budgets'; profile: string; cacheKiB: number; walPages: number }
  | { op: 'close'; id: number; profile: string; flush: boolean };

/** An answer to a request, or news from the background. */
export type StorageReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { id?: undefined; background: 'error'; profile: string; error: { name: string; message: string } };

/** What `open` answers: the hot state, folded up to the log's end. */
export interface OpenedProfile {
  state: AggregateState;
}
