import path from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { Logger } from 'pino';

/** What a storage thread answers: a reply to request `id`, or news of a failure in the background. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { id?: undefined; background: 'error'; profile: string; error: { name: string; message: string } };

/** A request as sent: the client numbers it. */
export type Unnumbered<R> = R extends unknown ? Omit<R, 'id'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/**
 * The process's profiling flags (`--cpu-prof`, `--heap-prof` and their options), for its threads
 * too. Other flags stay with the main thread: a worker refuses V8 flags (a `--max-old-space-size`
 * on the command line would stop it from starting), and one given `-e <script>` would run that.
 */
export function workerFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return execArgv.filter((flag) => /^--(cpu|heap)-prof/.test(flag));
}

/**
 * Starts the worker module `name` beside this file: the compiled `.js`, or, when running from the
 * TypeScript sources (tests, `npm run dev`), the `.ts` module through tsx's loader, which a worker
 * does not inherit from its parent. Loading the sources through tsx takes a thread about half a
 * second; a test run bundles each worker module once beforehand, into the folder
 * `STREAMPULSE_THREAD_BUNDLES` names (`<name>.mjs` beside a copy of `migrations/`).
 */
export function startModuleWorker(name: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL(`./${name}.js`, import.meta.url), { execArgv: workerFlags() });
  }
  const bundles = process.env.STREAMPULSE_THREAD_BUNDLES;
  if (bundles) return new Worker(path.join(bundles, `${name}.mjs`), { execArgv: workerFlags() });
  const source = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

/** Starts the worker thread of a storage module beside this file, e.g. `startModuleWorker`. */
export type StartThread = (name: string) => Worker;

/**
 * Requests and answers to one worker thread. The thread starts on the first message; if it dies,
 * the requests it held fail (as a crash of the process would fail them) and the next message
 * starts a new one, after `restarted` (which reopens what the old one had open) has finished:
 * nothing else reaches the new thread before.
 */
export class WorkerClient<Request extends { op: string }> {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private everStarted = false;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly log: Logger | undefined,
    /** Called with the new thread before anything else is sent to it (not on the first start). */
    private readonly restarted: (worker: Worker) => Promise<void>,
    /** Starts the thread of module `name` (see `StartThread`). */
    private readonly startThread: StartThread = startModuleWorker,
  ) {}

  /** Sends a request (with objects to hand over, such as a MessagePort) and resolves with its answer. */
  async request(message: Unnumbered<Request>, transfer?: readonly TransferListItem[]): Promise<unknown> {
    const worker = await this.started();
    return this.send(worker, message, transfer);
  }

  /** Sends a message that is not answered. */
  async post(message: Request): Promise<void> {
    const worker = await this.started();
    worker.postMessage(message);
  }

  /**
   * Sends straight to a given thread, bypassing the wait for a restart: what `restarted` uses to
   * reopen profiles on the new thread.
   */
  send(
    worker: Worker,
    message: Unnumbered<Request>,
    transfer?: readonly TransferListItem[],
  ): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Stops the thread; later requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private async started(): Promise<Worker> {
    if (this.closed) throw new Error(`the ${this.name} thread is closed`);
    if (!this.worker) this.start();
    await this.ready;
    if (!this.worker) throw new Error(`the ${this.name} thread exited`);
    return this.worker;
  }

  private start(): void {
    const worker = this.startThread(this.name);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.receive(reply));
    worker.on('error', (err) => this.log?.error({ err }, `${this.name} thread failed`));
    worker.on('exit', (code) => this.lost(worker, code));
    this.worker = worker;
    if (!this.everStarted) {
      this.everStarted = true;
      this.ready = Promise.resolve();
      return;
    }
    this.ready = this.restarted(worker).catch((err: unknown) => {
      // Not reopened: stop it, so that the next request tries again with a new thread.
      this.log?.error({ err }, `${this.name} thread not restarted`);
      void worker.terminate();
      throw err;
    });
  }

  private receive(reply: WorkerReply): void {
    if (reply.id === undefined) {
      this.log?.error(
        { profile: reply.profile, err: reply.error },
        `${this.name} thread: background work failed`,
      );
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    // The thread keeps the process alive only while an answer is awaited.
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }

  /** The thread ended: fail what it held; the next message starts a new one. */
  private lost(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (!this.closed) this.log?.error({ code }, `${this.name} thread exited; restarting on the next request`);
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(new Error(`the ${this.name} thread exited`));
  }
}
