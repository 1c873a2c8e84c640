import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';

/**
 * Installs the rate limiter, limiting nothing unless a route asks (`global: false`). It counts in
 * memory for one instance; in Redis (under the deployment's key prefix) when instances share it,
 * so attempts cannot be spread over them. With Redis unreachable the limits are skipped rather
 * than every login refused.
 */
export async function installRateLimit(
  app: FastifyInstance,
  redis: { url: string; prefix: string } | null,
): Promise<void> {
  if (!redis) {
    await app.register(rateLimit, { global: false, exponentialBackoff: true });
    return;
  }
  const client = new Redis(redis.url, { connectTimeout: 500, maxRetriesPerRequest: 1 });
  // One warning per outage (ioredis reports every reconnection attempt).
  let isOutageReported = false;
  client.on('error', (err: Error) => {
    if (!isOutageReported) app.log.warn({ err }, 'rate limit store unreachable; login attempts not counted');
    isOutageReported = true;
  });
  client.on('ready', () => (isOutageReported = false));
  app.addHook('onClose', () => void client.disconnect());
  await app.register(rateLimit, {
    global: false,
    exponentialBackoff: true,
    redis: client,
    nameSpace: `${redis.prefix}ratelimit:`,
    skipOnError: true,
  });
}
