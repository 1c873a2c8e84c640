import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { freePort } from './free-port.js';

/** The shared Redis of the integration tests; each test isolates itself with `uniquePrefix()`. */
export const TEST_REDIS_URL = process.env.STREAMPULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key and channel prefix no other test run uses. */
export function uniquePrefix(): string {
  return `sp-test-${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

export interface CapturedLog {
  logger: Logger;
  /** Every line logged so far, parsed. */
  entries: { level: number; msg: string; [field: string]: unknown }[];
  count(msg: string): number;
}

/** A pino logger whose lines are kept for assertions. */
export function captureLogger(level = 'debug'): CapturedLog {
  const entries: CapturedLog['entries'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) entries.push(JSON.parse(line));
      done();
    },
  });
  return {
    logger: pino({ level }, sink),
    entries,
    count: (msg) => entries.filter((e) => e.msg === msg).length,
  };
}

/** A redis-server of the test's own (no persistence) that it may kill and start again. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills it as a crash would (SIGKILL) and resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let child = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => killChild(child),
    restart: async () => {
      child = await spawnRedis(port);
    },
  };
}

function spawnRedis(port: number, timeoutMs = 5000): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on ${port}: ${output}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += line + '\n';
      if (line.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
