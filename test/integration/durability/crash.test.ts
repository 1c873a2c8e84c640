import { afterEach, expect, test } from 'vitest';
import { adminLoginOf } from '../../support/live-server.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const BATCH = 200;

interface Batch {
  n: number;
  events: Record<string, unknown>[];
}

/** A batch of likes, gifts and chat with unique source ids, so a retry can be recognised. */
function makeBatch(n: number): Batch {
  const events = Array.from({ length: BATCH }, (_, i) => {
    const k = n * BATCH + i;
    const base = {
      stream: k % 3 === 0 ? 'twitch-a' : 'tiktok-a',
      at: T + k * 10,
      id: `e${k}`,
      user: { id: `u${k % 50}`, name: `user${k % 50}` },
    };
    if (k % 5 === 0) return { ...base, kind: 'gift', count: 2, value: 10, gift: { id: '1', name: 'Rose' } };
    if (k % 5 === 1) return { ...base, kind: 'chat', text: `message ${k}` };
    return { ...base, kind: 'like', count: (k % 7) + 1 };
  });
  return { n, events };
}

async function api(url: string, path: string, init?: RequestInit) {
  const res = await fetch(url + path, {
    ...init,
    headers: { 'content-type': 'application/json', ...adminLoginOf(url), ...(init?.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const send = (url: string, b: Batch) =>
  api(url, '/api/profiles/crash/events', { method: 'POST', body: JSON.stringify(b.events) });

async function readAllEvents(url: string): Promise<{ id: string }[]> {
  const all: { id: string }[] = [];
  let after = 0;
  for (;;) {
    const { body } = await api(url, `/api/profiles/crash/events?after=${after}&limit=10000`);
    all.push(...(body.events as { id: string }[]));
    if (body.next === null) return all;
    after = body.next as number;
  }
}

/** Sums computed from the batches themselves, independently of the server. */
function expectedTotals(batches: Batch[]) {
  const totals = { likes: 0, coins: 0, gifts: 0, comments: 0 };
  for (const e of batches.flatMap((b) => b.events)) {
    if (e.kind === 'like') totals.likes += e.count as number;
    if (e.kind === 'gift') {
      totals.gifts += e.count as number;
      totals.coins += e.value as number;
    }
    if (e.kind === 'chat') totals.comments += 1;
  }
  return totals;
}

let server: ServerProcess | undefined;
const temp = makeTempDir();
afterEach(() => {
  server?.child.kill('SIGKILL');
  temp.remove();
});

test('after SIGKILL mid-stream every acknowledged event is kept and a retry creates no duplicates', async () => {
  const env = { STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_SQLITE_SYNC: 'full' };
  server = await startServerProcess(env);
  let url = server.url;
  expect(
    (
      await api(url, '/api/profiles', {
        method: 'POST',
        body: JSON.stringify({ id: 'crash', name: 'Crash' }),
      })
    ).status,
  ).toBe(201);
  for (const [id, platform] of [
    ['tiktok-a', 'tiktok'],
    ['twitch-a', 'twitch'],
  ]) {
    const body = JSON.stringify({ id, platform, channel: id });
    expect((await api(url, '/api/profiles/crash/streams', { method: 'POST', body })).status).toBe(201);
  }

  // Phase 1: acknowledged batches, one after another.
  const acked: Batch[] = [];
  for (let n = 0; n < 10; n++) {
    const b = makeBatch(n);
    const res = await send(url, b);
    expect(res.body).toEqual({ stored: BATCH, duplicates: 0 });
    acked.push(b);
  }
  const statsBefore = (await api(url, '/api/profiles/crash/stats')).body;

  // Phase 2: four clients stream batches; SIGKILL lands while some are being written.
  const unacked: Batch[] = [];
  let next = 10;
  let acksInPhase2 = 0;
  const worker = async () => {
    while (next < 40) {
      const b = makeBatch(next++);
      const ok = await send(url, b).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!ok) {
        unacked.push(b);
        continue;
      }
      acked.push(b);
      if (++acksInPhase2 === 8) server!.child.kill('SIGKILL');
    }
  };
  // The clients go on after the kill, sending the rest to a dead server: once they are done,
  // each batch is either acknowledged or not.
  await Promise.all([worker(), worker(), worker(), worker()]);
  await server.exited;
  expect(acked.length + unacked.length).toBe(40);
  expect(unacked.length).toBeGreaterThan(0);

  server = await startServerProcess(env);
  url = server.url;

  // Every acknowledged event is there; every batch is all-or-nothing.
  const storedIds = new Set((await readAllEvents(url)).map((e) => e.id));
  for (const b of acked) for (const e of b.events) expect(storedIds.has(e.id as string)).toBe(true);
  for (const b of unacked) {
    const present = b.events.filter((e) => storedIds.has(e.id as string)).length;
    expect([0, BATCH]).toContain(present);
  }

  // Stats survived: they equal the totals of exactly the batches that are stored.
  const storedBatches = [...acked, ...unacked.filter((b) => storedIds.has(b.events[0]!.id as string))];
  const statsAfter = (await api(url, '/api/profiles/crash/stats')).body as {
    combined: Record<string, number>;
  };
  expect(statsAfter.combined).toMatchObject(expectedTotals(storedBatches));
  expect((statsBefore as { combined: Record<string, number> }).combined).toMatchObject(
    expectedTotals(acked.slice(0, 10)),
  );

  // The client retries what it never saw acknowledged: nothing is stored twice.
  let duplicates = 0;
  for (const b of unacked) {
    const res = await send(url, b);
    expect(res.status).toBe(200);
    duplicates += res.body.duplicates as number;
  }
  const committedButUnacked = unacked.filter((b) => storedIds.has(b.events[0]!.id as string)).length;
  expect(duplicates).toBe(committedButUnacked * BATCH);
  const finalEvents = await readAllEvents(url);
  expect(finalEvents).toHaveLength(40 * BATCH);
  expect(new Set(finalEvents.map((e) => e.id)).size).toBe(40 * BATCH);
  const allBatches = Array.from({ length: 40 }, (_, n) => makeBatch(n));
  expect(((await api(url, '/api/profiles/crash/stats')).body as { combined: object }).combined).toMatchObject(
    expectedTotals(allBatches),
  );
}, 90_000);
