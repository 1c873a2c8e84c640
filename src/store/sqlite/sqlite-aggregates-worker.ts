/**
 * The aggregates thread: builds the aggregates of every open profile from what the log thread
 * commits, writes them behind the log and answers their reads (ADR 0007).
 */
import type { MessagePort } from 'node:worker_threads';
import { decodeForFold, unpackEvents } from './event-columns.js';
import type { AggregatesRequest, CommittedNews } from './storage-messages.js';
import { SqliteProfileAggregates } from './sqlite-profile-aggregates.js';
import { serveRequests } from './worker-port.js';

const profiles = new Map<string, SqliteProfileAggregates>();
/** The opening each open profile belongs to (see CommittedNews). */
const openings = new Map<string, number>();
let news: MessagePort | null = null;

function aggregatesOf(profile: string): SqliteProfileAggregates {
  const p = profiles.get(profile);
  if (!p) throw new Error(`profile '${profile}' is not open in the aggregates thread`);
  return p;
}

function fold({ batches }: CommittedNews): void {
  for (const [profile, opening, events, seqs] of batches) {
    try {
      const p = profiles.get(profile);
      if (p && openings.get(profile) === opening) p.foldCommitted(decodeForFold(unpackEvents(events), seqs));
    } catch (err) {
      reportBackground(profile, err);
    }
  }
}

const { reportBackground } = serveRequests<AggregatesRequest>((request) => {
  switch (request.op) {
    case 'open': {
      profiles.get(request.profile)?.close(true);
      profiles.delete(request.profile);
      const p = SqliteProfileAggregates.open(
        request.logFile,
        request.aggregatesFile,
        request.options,
        (err) => reportBackground(request.profile, err),
      );
      profiles.set(request.profile, p);
      openings.set(request.profile, request.opening);
      return p.currentState();
    }
    case 'call': {
      const p = aggregatesOf(request.profile);
      p.upTo(request.seq);
      // The method names are those of ProfileAggregatesOps (typed on the sending side).
      return (Reflect.get(p, request.method) as (...args: unknown[]) => unknown).apply(p, request.args);
    }
    case 'budgets':
      profiles.get(request.profile)?.setBudgets(request.cacheKiB, request.walPages);
      return undefined;
    case 'close': {
      const p = profiles.get(request.profile);
      profiles.delete(request.profile);
      openings.delete(request.profile);
      p?.close(request.flush);
      return null;
    }
    case 'connect':
      news?.close();
      news = request.port;
      news.on('message', fold);
      // Messages on this port should not keep the thread alive by themselves.
      news.unref();
      return null;
  }
});
