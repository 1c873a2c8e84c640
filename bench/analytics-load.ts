import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYTICS_PROFILE, type AnalyticsShape } from './analytics-dataset.js';
import type { LoadAnswer, LoadCounts, LoadRequest } from './analytics-load-child.js';
import { progress } from './report.js';
import type { ServerProcess } from './server-process.js';

export { LOAD_TARGET_EVENTS_PER_S } from './analytics-load-child.js';
export type { LoadCounts } from './analytics-load-child.js';

/** A running pusher: `counts` reads it; `stop` (idempotent) ends it once its pushes in flight are answered. */
export interface IngestLoad {
  counts(): Promise<LoadCounts>;
  stop(): Promise<LoadCounts>;
}

/**
 * Starts pushing events shaped like the data set's to the analytics profile with `key`, paced to
 * the load target, from a process of its own (see analytics-load-child.ts).
 */
export function startIngestLoad(server: ServerProcess, dataset: AnalyticsShape, key: string): IngestLoad {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const file = path.join(dir, `analytics-load-child${path.extname(fileURLToPath(import.meta.url))}`);
  const child = fork(file, ['--analytics-load'], {
    execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (request: LoadRequest, answer: LoadAnswer['type']): Promise<LoadCounts> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: LoadAnswer) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m.counts);
      };
      const onExit = (code: number | null) => reject(new Error(`the load pusher exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request);
    });
  child.send({
    type: 'start',
    url: `${server.url}/api/profiles/${ANALYTICS_PROFILE}/events`,
    key,
    viewers: dataset.viewers,
  } satisfies LoadRequest);

  let stopped: Promise<LoadCounts> | null = null;
  const stop = async (): Promise<LoadCounts> => {
    try {
      const counts = await ask({ type: 'stop' }, 'stopped');
      if (counts.failed > 0)
        progress(`analytics: ${counts.failed} failed pushes, the last: ${counts.lastError}`);
      return counts;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  return {
    counts: () => ask({ type: 'counts' }, 'counts'),
    stop: () => (stopped ??= stop()),
  };
}
