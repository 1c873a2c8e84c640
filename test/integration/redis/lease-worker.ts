/**
 * One instance of the multi-process lease test: a coordinator over Redis leases that prints a JSON
 * line per connector start and stop. Env: REDIS_URL, KEY_PREFIX, OWNER, STREAMS (comma-separated).
 */
import { pino } from 'pino';
import { LeaseCoordinator } from '../../../src/ingest/leases/lease-coordinator.js';
import { RedisStreamLeases } from '../../../src/ingest/leases/redis-stream-leases.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const wanted = env('STREAMS')
  .split(',')
  .map((streamId) => ({ profile: 'p', streamId }));
const say = (event: string, stream?: string) =>
  process.stdout.write(JSON.stringify({ event, stream, at: Date.now() }) + '\n');

const coordinator = new LeaseCoordinator({
  leases: new RedisStreamLeases(env('REDIS_URL'), { keyPrefix: env('KEY_PREFIX'), owner: env('OWNER') }),
  wanted: () => Promise.resolve(wanted),
  start: (s) => void say('start', s.streamId),
  stop: (s) => void say('stop', s.streamId),
  log: pino({ level: 'warn' }, process.stderr),
});
coordinator.start();
// The coordinator's timers do not hold the process open; a server's sockets would.
setInterval(() => undefined, 60_000);
say('ready');
