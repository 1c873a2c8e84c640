import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from './worker-client.js';

const describe = (err: unknown) =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };

/**
 * The thread side of WorkerClient: answers each request that has an `id` with what `handle`
 * returns or throws; a failure of one without an `id` is reported as background news.
 */
export function serveRequests<R extends { op: string; profile?: string }>(
  handle: (request: R) => unknown,
): {
  reportBackground: (profile: string, err: unknown) => void;
} {
  const port = parentPort;
  if (!port) throw new Error('this module runs on a worker thread');
  const reportBackground = (profile: string, err: unknown) =>
    port.postMessage({ background: 'error', profile, error: describe(err) } satisfies WorkerReply);
  port.on('message', (request: R & { id?: number }) => {
    const { id } = request;
    try {
      const value = handle(request);
      if (id !== undefined) port.postMessage({ id, ok: true, value } satisfies WorkerReply);
    } catch (err) {
      if (id !== undefined) port.postMessage({ id, ok: false, error: describe(err) } satisfies WorkerReply);
      else reportBackground(request.profile ?? '*', err);
    }
  });
  return { reportBackground };
}
