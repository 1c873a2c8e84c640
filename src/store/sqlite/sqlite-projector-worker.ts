/**
 * The projector thread: keeps the aggregates of every open profile, folding in what the main
 * thread commits to the logs and answering reads of the aggregate tables (ADR 0007).
 */
import { parentPort } from 'node:worker_threads';
import type { OpenedProjection, ProjectorReply, ProjectorRequest } from './projector-messages.js';
import { SqliteProjection } from './sqlite-projection.js';

const port = parentPort;
if (!port) throw new Error('the projector runs on a worker thread');

const projections = new Map<string, SqliteProjection>();

const describe = (err: unknown) =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };

function reply(message: ProjectorReply): void {
  port!.postMessage(message);
}

function reportBackground(profile: string, err: unknown): void {
  reply({ background: 'error', profile, error: describe(err) });
}

function projection(profile: string): SqliteProjection {
  const p = projections.get(profile);
  if (!p) throw new Error(`profile '${profile}' is not open in the projector`);
  return p;
}

function handle(request: ProjectorRequest): unknown {
  switch (request.op) {
    case 'open': {
      projections.get(request.profile)?.close(true);
      const p = SqliteProjection.open(request.logFile, request.aggregatesFile, request.options, (err) =>
        reportBackground(request.profile, err),
      );
      projections.set(request.profile, p);
      return { state: p.currentState() } satisfies OpenedProjection;
    }
    case 'committed':
      for (const [profile, events] of request.batches) {
        try {
          projections.get(profile)?.foldCommitted(events);
        } catch (err) {
          reportBackground(profile, err);
        }
      }
      return undefined;
    case 'call': {
      const p = projection(request.profile);
      p.catchUp(request.seq);
      // The method names are those of ProjectionReads (typed on the sending side).
      return (Reflect.get(p, request.method) as (...args: unknown[]) => unknown).apply(p, request.args);
    }
    case 'budgets':
      projections.get(request.profile)?.setBudgets(request.cacheKiB, request.walPages);
      return undefined;
    case 'close': {
      const p = projections.get(request.profile);
      projections.delete(request.profile);
      p?.close(request.flush);
      return null;
    }
  }
}

port.on('message', (request: ProjectorRequest) => {
  const id = 'id' in request ? request.id : undefined;
  try {
    const value = handle(request);
    if (id !== undefined) reply({ id, ok: true, value });
  } catch (err) {
    if (id !== undefined) reply({ id, ok: false, error: describe(err) });
    else reportBackground('profile' in request ? request.profile : '*', err);
  }
});
