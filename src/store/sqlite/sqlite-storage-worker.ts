/**
 * The storage thread: owns the files of every open profile (ADR 0007), appends their batches,
 * builds their aggregates and answers their reads, so none of it takes the main thread's time.
 */
import { parentPort } from 'node:worker_threads';
import type { OpenedProfile, StorageReply, StorageRequest } from './storage-messages.js';
import { SqliteProfileFiles } from './sqlite-profile-files.js';

const port = parentPort;
if (!port) throw new Error('the storage thread runs on a worker thread');

const profiles = new Map<string, SqliteProfileFiles>();

const describe = (err: unknown) =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };

function reply(message: StorageReply): void {
  port!.postMessage(message);
}

function filesOf(profile: string): SqliteProfileFiles {
  const files = profiles.get(profile);
  if (!files) throw new Error(`profile '${profile}' is not open in the storage thread`);
  return files;
}

function handle(request: StorageRequest): unknown {
  switch (request.op) {
    case 'open': {
      profiles.get(request.profile)?.close(true);
      profiles.delete(request.profile);
      const files = SqliteProfileFiles.open(request.logFile, request.aggregatesFile, request.options, (err) =>
        reply({ background: 'error', profile: request.profile, error: describe(err) }),
      );
      profiles.set(request.profile, files);
      return { state: files.currentState() } satisfies OpenedProfile;
    }
    case 'call': {
      const files = filesOf(request.profile);
      // The method names are those of ProfileFilesOps (typed on the sending side).
      return (Reflect.get(files, request.method) as (...args: unknown[]) => unknown).apply(files, request.args);
    }
    case 'budgets':
      profiles.get(request.profile)?.setBudgets(request.cacheKiB, request.walPages);
      return undefined;
    case 'close': {
      const files = profiles.get(request.profile);
      profiles.delete(request.profile);
      files?.close(request.flush);
      return null;
    }
  }
}

port.on('message', (request: StorageRequest) => {
  const id = 'id' in request ? request.id : undefined;
  try {
    const value = handle(request);
    if (id !== undefined) reply({ id, ok: true, value });
  } catch (err) {
    if (id !== undefined) reply({ id, ok: false, error: describe(err) });
    else reply({ background: 'error', profile: request.profile, error: describe(err) });
  }
});
