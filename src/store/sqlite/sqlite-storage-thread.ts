import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { OpenedProfile, ProfileFilesMethod, StorageReply, StorageRequest } from './storage-messages.js';
import type { ProfileFilesOps, ProfileFilesOptions } from './sqlite-profile-files.js';

/** How to open one profile's files again after the storage thread was restarted. */
export interface ProfileFilesSpec {
  logFile: string;
  aggregatesFile: string;
  options: ProfileFilesOptions;
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type Request = StorageRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

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
    else if (!/^--(input-type|eval|print)=/.test(flag)) flags.push(flag);
  }
  return flags;
}

/**
 * Starts the storage thread: the compiled `.js` beside this file, or, when running from the
 * TypeScript sources (tests, `npm run dev`), the `.ts` module through tsx's loader, which a
 * worker does not inherit from its parent.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-storage-worker.js', import.meta.url), { execArgv: workerFlags() });
  }
  const source = JSON.stringify(new URL('./sqlite-storage-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

/**
 * The main thread's side of the storage thread (ADR 0007): every profile file is opened, written
 * and read there, and the main thread only sends batches and reads and gets their answers. If the
 * thread dies, the requests in flight fail (as a crash of the process would fail them) and the next
 * request starts a new thread, which opens every profile again from its files before anything else.
 */
export class SqliteStorageThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly open = new Map<string, ProfileFilesSpec>();
  private closed = false;

  constructor(private readonly log?: Logger) {}

  /** Opens a profile's files; resolves with its hot state. */
  async openProfile(profile: string, spec: ProfileFilesSpec): Promise<OpenedProfile> {
    const opened = (await this.request({ op: 'open', profile, ...spec })) as OpenedProfile;
    this.open.set(profile, spec);
    return opened;
  }

  /** Runs one of a profile's file operations on the thread. */
  call<M extends ProfileFilesMethod>(
    profile: string,
    method: M,
    ...args: Parameters<ProfileFilesOps[M]>
  ): Promise<ReturnType<ProfileFilesOps[M]>> {
    return this.request({ op: 'call', profile, method, args }) as Promise<ReturnType<ProfileFilesOps[M]>>;
  }

  setBudgets(profile: string, cacheKiB: number, walPages: number): void {
    this.post({ op: 'budgets', profile, cacheKiB, walPages });
  }

  /** Closes a profile's files; with `flush`, after writing the aggregates still pending. */
  async closeProfile(profile: string, flush: boolean): Promise<void> {
    if (!this.open.delete(profile)) return;
    await this.request({ op: 'close', profile, flush });
  }

  /** Closes every profile (writing what is pending) and stops the thread. */
  async close(): Promise<void> {
    for (const profile of [...this.open.keys()]) await this.closeProfile(profile, true);
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private request(message: Request): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.post({ ...message, id });
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private post(message: StorageRequest): void {
    if (this.closed) throw new Error('the storage thread is closed');
    const worker = this.worker ?? this.start();
    worker.postMessage(message);
    // The thread keeps the process alive only while an answer is awaited.
    if (this.pending.size > 0) worker.ref();
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: StorageReply) => this.receive(reply));
    worker.on('error', (err) => this.log?.error({ err }, 'storage thread failed'));
    worker.on('exit', (code) => this.lost(worker, code));
    this.worker = worker;
    // A restarted thread opens every profile again before anything else reaches it.
    for (const [profile, spec] of this.open) {
      const id = this.nextId++;
      this.pending.set(id, {
        resolve: () => undefined,
        reject: (err) => this.log?.error({ err, profile }, 'profile not reopened'),
      });
      worker.postMessage({ op: 'open', id, profile, ...spec } satisfies StorageRequest);
    }
    return worker;
  }

  private receive(reply: StorageReply): void {
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
    if (!this.closed) this.log?.error({ code }, 'storage thread exited; restarting on the next request');
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(new Error('the storage thread exited'));
  }
}
