import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { UnavailableError } from '../../../src/core/errors.js';
import { Pipeline, type PipelineOptions } from '../../../src/ingest/pipeline.js';
import { createLogger } from '../../../src/logger.js';
import type { AppendResult, EventLog } from '../../../src/store/ports.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { ev, T0 } from '../../support/events.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let engine: SqliteEngine;

beforeEach(async () => {
  temp = makeTempDir();
  engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 64, sessionGapMs: 300_000 });
  await engine.system.createProfile({ id: 'p', name: 'P' });
});
afterEach(async () => {
  await engine.close();
  temp.remove();
});

function pipeline(options: Partial<PipelineOptions>) {
  return new Pipeline(
    (p) => engine.openProfile(p),
    {
      batchSize: 1000,
      batchDelayMs: 20,
      queueLimit: 10_000,
      totalQueueLimit: 100_000,
      ...options,
    },
    createLogger('silent'),
  );
}

/** Counts events through a separate connection: what is visible there is committed. */
function committedEvents(): number {
  const db = new Database(path.join(temp.dir, 'profiles', 'p.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const likes = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ev({ kind: 'like', id: `l${from + i}`, at: T0 + from + i }));

describe('pipeline', () => {
  test('acknowledges a submission only once its events are committed', async () => {
    const p = pipeline({ batchDelayMs: 30 });
    const outcome = await p.submit('p', likes(5));
    expect(outcome).toMatchObject({ stored: 5, duplicates: 0 });
    expect(committedEvents()).toBe(5);
  });

  test('writes a batch as soon as it holds batchSize events, without waiting for the delay', async () => {
    const p = pipeline({ batchSize: 10, batchDelayMs: 60_000 });
    const started = Date.now();
    await Promise.all([p.submit('p', likes(6)), p.submit('p', likes(4, 6))]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(committedEvents()).toBe(10);
  });

  test('groups submissions that arrive within the delay into one transaction', async () => {
    const p = pipeline({ batchDelayMs: 40 });
    const commits: AppendResult[] = [];
    p.onCommit((_profile, r) => commits.push(r));
    const outcomes = await Promise.all([
      p.submit('p', likes(3)),
      p.submit('p', likes(3, 3)),
      p.submit('p', likes(2, 0)),
    ]);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.stored).toHaveLength(6);
    expect(outcomes.map((o) => [o.stored, o.duplicates])).toEqual([
      [3, 0],
      [3, 0],
      [0, 2],
    ]);
  });

  test('refuses work with a retry hint when the queue is full, and takes it again once drained', async () => {
    const p = pipeline({ batchDelayMs: 100, queueLimit: 100 });
    const first = p.submit('p', likes(60));
    const refused = p.submit('p', likes(60, 60));
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'INGEST_QUEUE_FULL', retryAfterSeconds: 1 });
    await first;
    expect(p.pending).toBe(0);
    await expect(p.submit('p', likes(60, 60))).resolves.toMatchObject({ stored: 60 });
  });

  test('refuses a single submission larger than the queue can ever hold', async () => {
    const p = pipeline({ queueLimit: 10 });
    await expect(p.submit('p', likes(11))).rejects.toMatchObject({ code: 'BATCH_TOO_LARGE' });
  });

  test('a failed write rejects its submitters, stores nothing and does not stall later work', async () => {
    const p = pipeline({ batchDelayMs: 5 });
    await p.submit('p', likes(2));
    // Break the table under the store, from another connection.
    const db = new Database(path.join(temp.dir, 'profiles', 'p.db'));
    db.exec('ALTER TABLE events RENAME TO events_gone');
    await expect(p.submit('p', likes(3, 10))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    db.exec('ALTER TABLE events_gone RENAME TO events');
    db.close();
    expect(committedEvents()).toBe(2);
    expect(p.pending).toBe(0);
  });

  test('close waits for everything queued to be written', async () => {
    const p = pipeline({ batchDelayMs: 50 });
    const pending = p.submit('p', likes(7));
    await p.close();
    await pending;
    expect(committedEvents()).toBe(7);
    await expect(p.submit('p', likes(1))).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  test('holds the next batch until the store says it is ready for it, then writes it while the first is in flight', async () => {
    const real = await engine.openProfile('p');
    const started: number[] = [];
    const release: (() => void)[] = [];
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    // The real store, with appends held until released and readiness given by the test.
    const store = new Proxy(real, {
      get(target, key) {
        if (key === 'flowControl') return { appendsInFlight: 2, readyForAppend: () => ready };
        if (key === 'append')
          return async (events: Parameters<EventLog['append']>[0]) => {
            started.push(events.length);
            await new Promise<void>((resolve) => release.push(resolve));
            return target.append(events);
          };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const p = new Pipeline(
      () => Promise.resolve(store),
      { batchSize: 10, batchDelayMs: 0, queueLimit: 1_000, totalQueueLimit: 1_000 },
      createLogger('silent'),
    );
    const first = p.submit('p', likes(10));
    await vi.waitFor(() => expect(started).toEqual([10]));
    const second = p.submit('p', likes(10, 10));
    // Counted as pending once queued; the batcher decides in that same step whether to write it.
    await vi.waitFor(() => expect(p.pending).toBe(20));
    expect(started).toEqual([10]);
    markReady();
    await vi.waitFor(() => expect(started).toEqual([10, 10]));
    for (const r of release) r();
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ stored: 10 }, { stored: 10 }]);
    expect(committedEvents()).toBe(20);
    await p.close();
  });
});
