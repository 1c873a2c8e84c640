import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, expect, test } from 'vitest';
import { eventually } from '../../support/live-server.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const prefix = uniquePrefix();

interface Worker {
  child: ChildProcess;
  lines: { event: string; stream?: string; at: number }[];
  running(): Set<string>;
}

const workers: Worker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      const exited = new Promise((resolve) => w.child.once('exit', resolve));
      w.child.kill('SIGKILL');
      await exited;
    }
  }
  await deleteKeys(TEST_REDIS_URL, prefix);
});

function startWorker(owner: string, streams: string[]): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/redis/lease-worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      OWNER: owner,
      STREAMS: streams.join(','),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const worker: Worker = {
    child,
    lines: [],
    running() {
      const running = new Set<string>();
      for (const l of this.lines) {
        if (l.event === 'start') running.add(l.stream!);
        if (l.event === 'stop') running.delete(l.stream!);
      }
      return running;
    },
  };
  workers.push(worker);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${owner} exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Worker['lines'][number];
      worker.lines.push(entry);
      if (entry.event === 'ready') resolve(worker);
    });
  });
}

test('when a process holding leases is killed, another process runs its streams within 10 s', async () => {
  const streams = ['s1', 's2', 's3'];
  const [a, b] = await Promise.all([startWorker('a', streams), startWorker('b', streams)]);
  await eventually(() => expect(a.running().size + b.running().size).toBe(3), 10_000);
  const holder = a.running().size > 0 ? a : b;
  const other = holder === a ? b : a;
  const moving = [...holder.running()];
  expect([...a.running(), ...b.running()].sort()).toEqual(streams);

  const killedAt = Date.now();
  holder.child.kill('SIGKILL');
  await eventually(() => expect(other.running()).toEqual(new Set(streams)), 10_000);
  const lastStart = Math.max(
    ...other.lines.filter((l) => l.event === 'start' && moving.includes(l.stream!)).map((l) => l.at),
  );
  expect(lastStart - killedAt).toBeLessThan(10_000);
  expect(other.lines.filter((l) => l.event === 'start')).toHaveLength(3);
});
