/**
 * The log thread: owns the event log of every open profile (ADR 0007). It appends batches, folds
 * the hot state, and forwards what it committed to the aggregates thread.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PackedEvents } from './event-columns.js';
import type { CommittedNews, LogRequest } from './storage-messages.js';
import { SqliteProfileLog } from './sqlite-profile-log.js';
import { serveRequests } from './worker-port.js';

/** How long committed events wait to be forwarded together (one wake-up of the other thread). */
const FORWARD_EVERY_MS = 20;

const logs = new Map<string, { log: SqliteProfileLog; opening: number }>();
const outbox: CommittedNews['batches'] = [];
let aggregates: MessagePort | null = null;
let forwardTimer: NodeJS.Timeout | null = null;

function openLog(profile: string): { log: SqliteProfileLog; opening: number } {
  const open = logs.get(profile);
  if (!open) throw new Error(`profile '${profile}' is not open in the log thread`);
  return open;
}

/**
 * Queues a committed batch for the aggregates thread (which reads the log for any that get lost),
 * as it came: passing the packed batch on costs less than leaving out what a fold does not read.
 */
function forward(profile: string, opening: number, events: PackedEvents, seqs: (number | null)[]): void {
  if (!seqs.some((seq) => seq !== null)) return;
  outbox.push([profile, opening, events, seqs]);
  forwardTimer ??= setTimeout(sendForwarded, FORWARD_EVERY_MS);
}

function sendForwarded(): void {
  forwardTimer = null;
  const news: CommittedNews = { batches: outbox.splice(0) };
  aggregates?.postMessage(news);
}

serveRequests<LogRequest>((request) => {
  switch (request.op) {
    case 'open': {
      logs.get(request.profile)?.log.close();
      const log = SqliteProfileLog.open(request.file, request.options);
      logs.set(request.profile, { log, opening: request.opening });
      return log.lastSeq();
    }
    case 'adopt':
      openLog(request.profile).log.adoptState(request.state);
      return null;
    case 'call': {
      const { log, opening } = openLog(request.profile);
      if (request.method === 'append') {
        const [events] = request.args as Parameters<SqliteProfileLog['append']>;
        const outcome = log.append(events);
        forward(request.profile, opening, events, outcome.seqs);
        return outcome;
      }
      // The method names are those of ProfileLogOps (typed on the sending side).
      return (Reflect.get(log, request.method) as (...args: unknown[]) => unknown).apply(log, request.args);
    }
    case 'budgets':
      logs.get(request.profile)?.log.setBudgets(request.cacheKiB, request.walPages);
      return undefined;
    case 'close':
      logs.get(request.profile)?.log.close();
      logs.delete(request.profile);
      return null;
    case 'connect':
      aggregates?.close();
      aggregates = request.port;
      return null;
  }
});
