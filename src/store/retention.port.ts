import type { StoredEvent } from '../core/live-event.js';

/**
 * Where a retention run stands: its archive is written and checked (`archived`), the aggregates
 * snapshot covers its events (`snapshotted`), its events are gone from the log (`deleted`).
 */
export type RetentionRunStatus = 'archived' | 'snapshotted' | 'deleted';

/** A retention run as the profile's log records it: what it removed and where it put it first. */
export interface RetentionRun {
  id: number;
  started_at: number;
  finished_at: number | null;
  /** Events whose time was before this were due (epoch ms). */
  cutoff: number;
  /** The first and last seq of the events removed (every event between them). */
  from_seq: number;
  to_seq: number;
  /** How many events the archive holds, and the run removes. */
  events: number;
  /** How many are deleted so far. */
  deleted: number;
  /** The archive's file name, in the profile's folder of the archive directory. */
  archive: string;
  archive_bytes: number;
  /** SHA-256 of the archive file, hex. */
  archive_sha256: string;
  status: RetentionRunStatus;
}

/** What a run records when it starts: the archive, already written and checked. */
export type RetentionRunStart = Pick<
  RetentionRun,
  'started_at' | 'cutoff' | 'from_seq' | 'to_seq' | 'events' | 'archive' | 'archive_bytes' | 'archive_sha256'
>;

/** The events a run would remove: the log's oldest, up to the first event still young. */
export interface RetentionRange {
  from_seq: number;
  to_seq: number;
  events: number;
}

/**
 * Retention of one profile's raw events (docs/adr/0025): the oldest events of the log are archived,
 * folded into an aggregates snapshot taken at the retention boundary, and only then deleted, a
 * slice at a time. Sessions, rollups, viewer totals, leaderboards and clips stay; `rebuild` starts
 * from the snapshot and replays what is left of the log.
 */
export interface RetentionStore {
  /** The seq the aggregates snapshot is taken at: the log's events up to it may be gone (0: none). */
  snapshotSeq(): Promise<number>;
  /**
   * The events a run with `cutoff` would remove: from the log's first event up to the last before
   * the first event at or after `cutoff`, never the log's last event (it carries the numbering on).
   * Null when there is none.
   */
  retentionRange(cutoff: number): Promise<RetentionRange | null>;
  /** The events of `(after, upTo]` in seq order, voided ones too (with `voided_by`), for an archive. */
  listEventsForArchive(after: number, upTo: number, limit: number): Promise<StoredEvent[]>;
  /** Records a run whose archive is written and checked; refuses a range another unfinished run holds. */
  beginRetentionRun(start: RetentionRunStart): Promise<RetentionRun>;
  /**
   * Folds at most `maxEvents` more events of the log into the aggregates snapshot, up to `upTo`;
   * resolves with the snapshot's seq once it is durable. Called again until it reaches `upTo`.
   */
  advanceSnapshot(upTo: number, maxEvents: number): Promise<number>;
  /**
   * Deletes at most `limit` of the oldest remaining events of run `id`, never past the snapshot's
   * seq; how many it deleted (0 when the run has none left). The last slice marks it `deleted`.
   */
  deleteRetainedSlice(id: number, limit: number, at: number): Promise<number>;
  /** The runs, newest first. */
  listRetentionRuns(limit: number): Promise<RetentionRun[]>;
}
