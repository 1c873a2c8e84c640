import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ProjectionMethod, ProjectorReply, ProjectorRequest, OpenedProjection } from './projector-messages.js';
import type { StoredEvent } from '../../core/live-event.js';
import type { ProjectionOptions, ProjectionReads } from './sqlite-projection.js';

/** How to open one profile's projection again after the projector thread was restarted. */
interface OpenProfile {
  logFile: string;
  aggregatesFile: string;
  options: ProjectionOptions;
}

/** How often the thread hears of new commits (a read never waits for it). */
const COMMIT_NEWS_MS = 20;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type Request = ProjectorRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * Starts the projector thread: the compiled `.js` beside this file, or, when running from the
 * TypeScript sources (tests, `npm run dev`), the `.ts` module through tsx's loader, which a
 * worker does not inherit from its parent.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-projector-worker.js', import.meta.url), { execArgv: workerFlags() });
  }
  const source = JSON.stringify(new URL('./sqlite-projector-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

/**
 * The process's node flags a worker should share (profiling, memory limits), without those that
 * name the main program: a worker given `-e <script>` would run that script instead of its own.
 */
function workerFlags(): string[] {
  const flags: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (['-e', '--eval', '-p', '--print'].includes(flag)) i += 1;
    else if (!flag.startsWith('--input-type') && !flag.startsWith('--eval=') && !flag.startsWith('--print=')) flags.push(flag);
  }
  return flags;
}

/**
 * The main thread's side of the projector thread (ADR 0007): opens profiles there, tells it what
 * was committed, and asks it for reads of the aggregates. If the thread dies, the requests in
 * flight fail, and a new thread opens every profile again from its files (the log and the
 * watermark make that exact) before it takes the next request.
 */
export class SqliteProjector {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly open = new Map<string, OpenProfile>();
  /** Events committed and not handed to the thread yet, per profile. */
  private readonly commits = new Map<string, StoredEvent[]>();
  private newsTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly log?: Logger) {}

  /** Opens a profile's projection, folded up to the end of its log. */
  async openProfile(profile: string, files: OpenProfile): Promise<OpenedProjection> {
    const opened = (await this.request({ op: 'open', profile, ...files })) as OpenedProjection;
    this.open.set(profile, files);
    return opened;
  }

  /**
   * `events` were committed to the profile's log, in seq order. They are handed to the thread
   * (copied: reading them back from the log would cost it more) at most every COMMIT_NEWS_MS for
   * all profiles at once, since waking a thread costs the sender; any request goes after them.
   */
  committed(profile: string, events: readonly StoredEvent[]): void {
    const queued = this.commits.get(profile);
    if (queued) queued.push(...events);
    else this.commits.set(profile, [...events]);
    this.newsTimer ??= setTimeout(() => this.sendCommitNews(), COMMIT_NEWS_MS);
  }

  private sendCommitNews(): void {
    if (this.newsTimer) clearTimeout(this.newsTimer);
    this.newsTimer = null;
    if (this.commits.size === 0 || this.closed) return;
    const batches = [...this.commits];
    this.commits.clear();
    this.post({ op: 'committed', batches });
  }

  /** Runs one of the projection's reads once it has folded in the log up to `seq`. */
  call<M extends ProjectionMethod>(
    profile: string,
    seq: number,
    method: M,
    ...args: Parameters<ProjectionReads[M]>
  ): Promise<ReturnType<ProjectionReads[M]>> {
    return this.request({ op: 'call', profile, seq, method, args }) as Promise<ReturnType<ProjectionReads[M]>>;
  }

  setBudgets(profile: string, cacheKiB: number, walPages: number): void {
    this.post({ op: 'budgets', profile, cacheKiB, walPages });
  }

  /** Closes a profile's projection; with `flush`, after writing what is pending. */
  async closeProfile(profile: string, flush: boolean): Promise<void> {
    this.commits.delete(profile);
    if (!this.open.delete(profile)) return;
    await this.request({ op: 'close', profile, flush });
  }

  /** Closes every profile (writing what is pending) and stops the thread. */
  async close(): Promise<void> {
    if (this.newsTimer) clearTimeout(this.newsTimer);
    this.newsTimer = null;
    for (const profile of [...this.open.keys()]) await this.closeProfile(profile, true);
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private request(message: Request): Promise<unknown> {
    // The thread folds what was committed before it answers anything asked after.
    this.sendCommitNews();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ ...message, id });
    });
  }

  private post(message: ProjectorRequest): void {
    if (this.closed) throw new Error('the projector is closed');
    const worker = this.worker ?? this.start();
    worker.postMessage(message);
    // The thread keeps the process alive only while an answer is awaited.
    if (this.pending.size > 0) worker.ref();
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: ProjectorReply) => this.receive(reply));
    worker.on('error', (err) => this.log?.error({ err }, 'projector thread failed'));
    worker.on('exit', (code) => this.lost(worker, code));
    this.worker = worker;
    // A restarted thread opens every profile again before anything else reaches it.
    for (const [profile, files] of this.open) {
      const id = this.nextId++;
      this.pending.set(id, {
        resolve: () => undefined,
        reject: (err) => this.log?.error({ err, profile }, 'projection not reopened'),
      });
      worker.postMessage({ op: 'open', id, profile, ...files } satisfies ProjectorRequest);
    }
    return worker;
  }

  private receive(reply: ProjectorReply): void {
    if (reply.id === undefined) {
      this.log?.error({ profile: reply.profile, err: reply.error }, 'writing aggregates failed; retrying');
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }

  /** The thread ended: fail what it held; the next request starts a new one. */
  private lost(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (!this.closed) this.log?.error({ code }, 'projector thread exited; restarting on the next request');
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(new Error('the projector thread exited'));
  }
}
