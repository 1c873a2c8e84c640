import { MessageChannel, type Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { AggregateState } from '../../core/aggregates.js';
import type { AggregatesRequest, CheckpointRequest, LogRequest } from './storage-messages.js';
import type { ProfileAggregatesOps, ProfileAggregatesOptions } from './sqlite-profile-aggregates.js';
import type { ProfileLogOps } from './sqlite-profile-log.js';
import type { SqliteSync } from './sqlite-database.js';
import type { CheckpointOutcome } from './wal-checkpointer.js';
import type { OptimizedPart } from '../database-care.port.js';
import { startModuleWorker, WorkerClient, type StartThread, type Unnumbered } from './worker-client.js';

/** Where a profile's files are and how they are kept. */
export interface ProfileFilesSpec {
  logFile: string;
  aggregatesFile: string;
  sync: SqliteSync;
  aggregates: ProfileAggregatesOptions;
  /** How often the checkpoint thread refreshes the files' statistics (ms; 0: on close only). */
  optimizeEveryMs?: number;
}

/** A profile as opened: its spec and the number of this opening (see CommittedNews). */
type OpenProfile = ProfileFilesSpec & { opening: number };

type LogMethod = keyof ProfileLogOps;
type AggregatesMethod = keyof ProfileAggregatesOps;

/** Bounds of a log's page cache (KiB): its last pages and its index's insertion points. */
const LOG_CACHE_MIN_KIB = 256;
const LOG_CACHE_MAX_KIB = 8192;

/**
 * The embedded engine's storage threads, as the main thread uses them (ADR 0007): the log thread
 * appends every profile's batches, the aggregates thread builds and answers the aggregates, and
 * what the first commits reaches the second over a channel of their own, not through here; the
 * checkpoint thread copies both files' WALs into them beside the other two (ADR 0019). If a thread
 * dies, the requests it held fail (as a crash of the process would fail them), and the next
 * request starts a new one that opens every profile again from its files first.
 */
export class SqliteStorage {
  private readonly logThread: WorkerClient<LogRequest>;
  private readonly aggregatesThread: WorkerClient<AggregatesRequest>;
  private readonly checkpointThread: WorkerClient<CheckpointRequest>;
  private readonly open = new Map<string, OpenProfile>();
  private connected: Promise<void> | null = null;
  private openings = 0;

  constructor(
    private readonly logger?: Logger,
    startThread: StartThread = startModuleWorker,
  ) {
    this.logThread = new WorkerClient('sqlite-log-worker', logger, (w) => this.reopenLogs(w), startThread);
    this.aggregatesThread = new WorkerClient(
      'sqlite-aggregates-worker',
      logger,
      (w) => this.reopenAggregates(w),
      startThread,
    );
    this.checkpointThread = new WorkerClient(
      'sqlite-checkpoint-worker',
      logger,
      (w) => this.rewatch(w),
      startThread,
    );
  }

  /** Opens a profile's files; resolves with its hot state and the last seq of its log. */
  async openProfile(
    profile: string,
    spec: ProfileFilesSpec,
  ): Promise<{ state: AggregateState; lastSeq: number }> {
    await (this.connected ??= this.connect());
    const opened = { ...spec, opening: ++this.openings };
    const lastSeq = await this.openLog(this.logThread.request.bind(this.logThread), profile, opened);
    const state = (await this.aggregatesThread.request(openAggregates(profile, opened))) as AggregateState;
    await this.logThread.request({ op: 'adopt', profile, state });
    this.open.set(profile, opened);
    // Without it the writers' own automatic checkpoints still bound the WAL: log, and go on.
    await this.checkpointThread
      .request(watch(profile, opened))
      .catch((err: unknown) => this.logger?.warn({ err, profile }, 'WAL checkpoints left to the writers'));
    return { state, lastSeq };
  }

  /** Checkpoints a profile's files now (log, then aggregates). */
  checkpoint(profile: string): Promise<CheckpointOutcome[]> {
    return this.checkpointThread.request({ op: 'checkpoint', profile }) as Promise<CheckpointOutcome[]>;
  }

  /** Refreshes an open profile's files' statistics, and rewrites them with `vacuum` (log, then aggregates). */
  optimize(profile: string, vacuum: boolean): Promise<OptimizedPart[]> {
    return this.checkpointThread.request({ op: 'optimize', profile, vacuum }) as Promise<OptimizedPart[]>;
  }

  /** Calls one of a profile's log operations. */
  log<M extends LogMethod>(profile: string, method: M, ...args: Parameters<ProfileLogOps[M]>) {
    return this.logThread.request({ op: 'call', profile, method, args }) as Promise<
      ReturnType<ProfileLogOps[M]>
    >;
  }

  /** Calls one of a profile's aggregate operations, once the log up to `seq` is folded in. */
  aggregates<M extends AggregatesMethod>(
    profile: string,
    seq: number,
    method: M,
    ...args: Parameters<ProfileAggregatesOps[M]>
  ) {
    return this.aggregatesThread.request({ op: 'call', profile, seq, method, args }) as Promise<
      ReturnType<ProfileAggregatesOps[M]>
    >;
  }

  /** The log thread takes this state as the fold of the whole log (after a rebuild). */
  async adoptState(profile: string, state: AggregateState): Promise<void> {
    await this.logThread.request({ op: 'adopt', profile, state });
  }

  /** The page cache share of a profile: all of it for the aggregates, a quarter for the log. */
  async setBudgets(profile: string, cacheKiB: number, walPages: number): Promise<void> {
    // The log is appended at its end and read by recent seq: a quarter of the share is plenty.
    const logKiB = Math.round(Math.min(LOG_CACHE_MAX_KIB, Math.max(LOG_CACHE_MIN_KIB, cacheKiB / 4)));
    await Promise.all([
      this.logThread.post({ op: 'budgets', profile, cacheKiB: logKiB, walPages }),
      this.aggregatesThread.post({ op: 'budgets', profile, cacheKiB, walPages }),
    ]);
  }

  /** Closes a profile's files; with `flush`, after writing the aggregates still pending. */
  async closeProfile(profile: string, flush: boolean): Promise<void> {
    if (!this.open.delete(profile)) return;
    await this.checkpointThread.request({ op: 'unwatch', profile, optimize: flush });
    await this.logThread.request({ op: 'close', profile });
    await this.aggregatesThread.request({ op: 'close', profile, flush });
  }

  /** Closes every profile (writing what is pending) and stops the threads. */
  async close(): Promise<void> {
    for (const profile of [...this.open.keys()]) await this.closeProfile(profile, true);
    await this.logThread.close();
    await this.aggregatesThread.close();
    await this.checkpointThread.close();
  }

  /**
   * A channel from the log thread to the aggregates thread, each end handed to its thread; a
   * thread being restarted is sent to directly (requests to it wait for the restart to finish).
   */
  private async connect(restarting: { log?: Worker; aggregates?: Worker } = {}): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const toLog = { op: 'connect', port: port1 } as const;
    const toAggregates = { op: 'connect', port: port2 } as const;
    await (restarting.log
      ? this.logThread.send(restarting.log, toLog, [port1])
      : this.logThread.request(toLog, [port1]));
    await (restarting.aggregates
      ? this.aggregatesThread.send(restarting.aggregates, toAggregates, [port2])
      : this.aggregatesThread.request(toAggregates, [port2]));
  }

  private openLog(
    send: (message: Unnumbered<Extract<LogRequest, { op: 'open' }>>) => Promise<unknown>,
    profile: string,
    spec: OpenProfile,
  ): Promise<number> {
    const options = { sessionGapMs: spec.aggregates.sessionGapMs, sync: spec.sync };
    return send({
      op: 'open',
      profile,
      opening: spec.opening,
      file: spec.logFile,
      options,
    }) as Promise<number>;
  }

  /** A new log thread: connect it, and open every profile's log with the state the aggregates hold. */
  private async reopenLogs(worker: Worker): Promise<void> {
    await this.connect({ log: worker });
    for (const [profile, spec] of this.open) {
      await this.openLog((m) => this.logThread.send(worker, m), profile, spec);
      const state = await this.aggregates(profile, 0, 'currentState');
      await this.logThread.send(worker, { op: 'adopt', profile, state });
    }
  }

  /** A new aggregates thread: connect it and open every profile's aggregates (caught up from the log). */
  private async reopenAggregates(worker: Worker): Promise<void> {
    await this.connect({ aggregates: worker });
    for (const [profile, spec] of this.open) {
      await this.aggregatesThread.send(worker, openAggregates(profile, spec));
    }
  }

  /** A new checkpoint thread: watch every open profile's files again. */
  private async rewatch(worker: Worker): Promise<void> {
    for (const [profile, spec] of this.open) await this.checkpointThread.send(worker, watch(profile, spec));
  }
}

function watch(profile: string, spec: OpenProfile): Unnumbered<Extract<CheckpointRequest, { op: 'watch' }>> {
  return {
    op: 'watch',
    profile,
    files: [spec.logFile, spec.aggregatesFile],
    optimizeEveryMs: spec.optimizeEveryMs ?? 0,
  };
}

function openAggregates(
  profile: string,
  spec: OpenProfile,
): Unnumbered<Extract<AggregatesRequest, { op: 'open' }>> {
  return {
    op: 'open',
    profile,
    opening: spec.opening,
    logFile: spec.logFile,
    aggregatesFile: spec.aggregatesFile,
    options: spec.aggregates,
  };
}
