import path from 'node:path';
import type { Logger } from 'pino';
import type { BackgroundPace } from '../../core/background-pace.js';
import { ConflictError } from '../../core/errors.js';
import type { StoredEvent } from '../../core/live-event.js';
import {
  checkRetentionDays,
  RETENTION_DAYS_KEY,
  retentionCutoff,
  retentionDaysOf,
} from '../../core/retention-days.js';
import { isSlug } from '../../core/slug.js';
import type { ProfileStores, RetentionRun, RetentionStore, SystemStore } from '../../store/ports.js';
import { verifyEventArchive, writeEventArchive } from './event-archive.js';

/** Events read per page into an archive: each page is turned into text on the main thread. */
const ARCHIVE_PAGE = 2_000;
/** Events folded into the snapshot per step. */
const SNAPSHOT_STEP = 50_000;
/** Events deleted per transaction: short enough that appends never wait long behind one. */
export const DELETE_SLICE = 2_000;

/** An archive's file name: the seq range it holds. */
const ARCHIVE_NAME = /^events-(\d{1,16})-(\d{1,16})\.ndjson\.gz$/;

export interface RetentionDeps {
  stores: ProfileStores<RetentionStore>;
  system: Pick<SystemStore, 'listProfiles' | 'getProfile' | 'getSettings' | 'putSetting'>;
  /** Where archives go: one folder per profile. */
  archiveDir: string;
  pace: BackgroundPace;
  now: () => number;
  log: Logger;
  /** Events deleted per transaction (default DELETE_SLICE). */
  deleteSlice?: number;
}

/** A profile's retention as the API shows it. */
export interface RetentionStatus {
  retention_days: number | null;
  /** The seq up to which the log was cut (0: it is whole). */
  snapshot_seq: number;
  running: boolean;
  runs: RetentionRun[];
}

/**
 * Retention of raw events (docs/adr/0025): for each profile keeping `retention_days`, the events
 * older than that are written to a compressed NDJSON archive, the archive is read back and
 * checked (row count, seq range, SHA-256), the run is recorded in the profile's log, the events
 * are folded into the aggregates snapshot and only then deleted, a slice at a time. Each step asks
 * the background pace first, so a loaded machine slows retention instead of live ingest. A run
 * cut short (a restart) is finished by the next one from where it stopped.
 */
export class RetentionService {
  private readonly running = new Map<string, Promise<RetentionRun | null>>();

  constructor(private readonly deps: RetentionDeps) {}

  async status(profile: string, runs = 20): Promise<RetentionStatus> {
    const days = await this.days(profile);
    const store = await this.deps.stores.openProfile(profile);
    return {
      retention_days: days,
      snapshot_seq: await store.snapshotSeq(),
      running: this.running.has(profile),
      runs: await store.listRetentionRuns(runs),
    };
  }

  /** How many days of raw events the profile keeps (null: for good). */
  async days(profile: string): Promise<number | null> {
    return retentionDaysOf((await this.deps.system.getSettings(profile))[RETENTION_DAYS_KEY]);
  }

  async setDays(profile: string, days: number | null): Promise<number | null> {
    await this.deps.system.putSetting(profile, RETENTION_DAYS_KEY, checkRetentionDays(days));
    return days;
  }

  /** Whether a run of the profile is under way in this process. */
  isRunning(profile: string): boolean {
    return this.running.has(profile);
  }

  /**
   * Runs retention for one profile now (with `days` instead of its setting when given); the run,
   * or null when nothing was due. Throws ConflictError RETENTION_RUNNING while one runs.
   */
  run(profile: string, options: { days?: number; signal?: AbortSignal } = {}): Promise<RetentionRun | null> {
    if (this.running.has(profile)) {
      throw new ConflictError('RETENTION_RUNNING', `retention of '${profile}' is already running`);
    }
    const run = this.runNow(profile, options).finally(() => this.running.delete(profile));
    this.running.set(profile, run);
    return run;
  }

  /** Every profile in turn; a profile that fails is logged and the next one goes on. */
  async runAll(signal?: AbortSignal): Promise<RetentionRun[]> {
    const done: RetentionRun[] = [];
    for (const p of await this.deps.system.listProfiles()) {
      if (signal?.aborted) break;
      if (this.running.has(p.id)) continue;
      try {
        const run = await this.run(p.id, { signal });
        if (run) done.push(run);
      } catch (err) {
        if (signal?.aborted) break;
        this.deps.log.error({ err, profile: p.id }, 'retention run failed');
      }
    }
    return done;
  }

  /** The file of an archive of the profile, when the name is one retention writes. */
  archiveFile(profile: string, name: string): string | null {
    if (!isSlug(profile) || !ARCHIVE_NAME.test(name)) return null;
    return path.join(this.deps.archiveDir, profile, name);
  }

  private async runNow(
    profile: string,
    { days, signal }: { days?: number; signal?: AbortSignal },
  ): Promise<RetentionRun | null> {
    const store = await this.deps.stores.openProfile(profile);
    // A run a restart cut short first: its archive is checked and its events go.
    const [unfinished] = (await store.listRetentionRuns(50)).filter((r) => r.status !== 'deleted');
    if (unfinished) return this.finish(profile, store, unfinished, signal);
    const keep = days === undefined ? await this.days(profile) : checkRetentionDays(days);
    if (keep === null) return null;
    const cutoff = retentionCutoff(this.deps.now(), keep);
    const range = await store.retentionRange(cutoff);
    if (!range) return null;
    const started = this.deps.now();
    const name = `events-${range.from_seq}-${range.to_seq}.ndjson.gz`;
    const file = this.archiveFile(profile, name)!;
    const facts = await writeEventArchive(file, this.pages(store, range.from_seq - 1, range.to_seq, signal));
    if (facts.events !== range.events) {
      throw new Error(`archive ${name} holds ${facts.events} events, the log ${range.events}`);
    }
    await verifyEventArchive(file, { ...facts, from_seq: range.from_seq, to_seq: range.to_seq });
    const run = await store.beginRetentionRun({
      started_at: started,
      cutoff,
      ...range,
      archive: name,
      archive_bytes: facts.bytes,
      archive_sha256: facts.sha256,
    });
    this.deps.log.info(
      { profile, run: run.id, events: run.events, archive: name },
      'retention: events archived',
    );
    return this.finish(profile, store, run, signal, true);
  }

  /** Folds the run's events into the snapshot, then deletes them, slice by slice. */
  private async finish(
    profile: string,
    store: RetentionStore,
    run: RetentionRun,
    signal?: AbortSignal,
    checked = false,
  ): Promise<RetentionRun> {
    if (!checked) {
      // Resumed after a restart: the archive is read back again before anything more is deleted.
      const file = this.archiveFile(profile, run.archive);
      if (!file) throw new Error(`retention run ${run.id} names no archive retention writes: ${run.archive}`);
      await verifyEventArchive(file, {
        events: run.events,
        bytes: run.archive_bytes,
        sha256: run.archive_sha256,
        from_seq: run.from_seq,
        to_seq: run.to_seq,
      });
    }
    while ((await store.snapshotSeq()) < run.to_seq) {
      await this.deps.pace.nextStep(signal);
      await store.advanceSnapshot(run.to_seq, SNAPSHOT_STEP);
    }
    const slice = this.deps.deleteSlice ?? DELETE_SLICE;
    let deleted = run.deleted;
    for (;;) {
      await this.deps.pace.nextStep(signal);
      const n = await store.deleteRetainedSlice(run.id, slice, this.deps.now());
      if (n === 0) break;
      deleted += n;
    }
    const [done] = (await store.listRetentionRuns(50)).filter((r) => r.id === run.id);
    this.deps.log.info({ profile, run: run.id, deleted }, 'retention: events deleted');
    return done ?? { ...run, deleted };
  }

  private async *pages(
    store: RetentionStore,
    after: number,
    upTo: number,
    signal?: AbortSignal,
  ): AsyncGenerator<StoredEvent[]> {
    for (let from = after; ;) {
      await this.deps.pace.nextStep(signal);
      const page = await store.listEventsForArchive(from, upTo, ARCHIVE_PAGE);
      if (page.length === 0) return;
      yield page;
      from = page[page.length - 1]!.seq;
    }
  }
}
