import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { Pipeline } from '../../../src/ingest/pipeline.js';
import { createLogger } from '../../../src/logger.js';
import type { ProfileStore } from '../../../src/store/ports.js';
import { runProfileStoreContract } from './contract/profile-store.contract.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { listMigrations } from '../../../src/store/postgres/postgres-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { ev, T0, user } from '../../support/events.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const open = (url: string, sessionGapMs = 5 * 60_000) =>
  PostgresEngine.open({ url, poolSize: 4, sessionGapMs });

/** Runs `fn` with profile p1 of a fresh database, on an engine closed after. */
async function withFreshProfile(
  fn: (store: ProfileStore) => Promise<void>,
  sessionGapMs?: number,
): Promise<void> {
  await db.reset();
  const engine = await open(db.url, sessionGapMs);
  try {
    await engine.system.createProfile({ id: 'p1', name: 'P1' });
    await fn(await engine.openProfile('p1'));
  } finally {
    await engine.close();
  }
}

runProfileStoreContract({
  name: 'postgres',
  async create(sessionGapMs) {
    await db.reset();
    return open(db.url, sessionGapMs);
  },
  reopen(sessionGapMs) {
    return open(db.url, sessionGapMs);
  },
  cleanup: () => Promise.resolve(),
});

/**
 * A TCP relay to the test server that can be cut and restored: the database "unreachable". With
 * `dropOn`, a connection is also dropped, unforwarded, when the client sends that text (the
 * server gone at that exact point of the protocol), the first `drops` times.
 */
async function startRelay(
  target: URL,
  dropOn?: string,
  drops = Infinity,
): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  let dropsLeft = drops;
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((inbound) => {
        const outbound = connect(Number(target.port || 5432), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        outbound.pipe(inbound);
        inbound.on('data', (chunk: Buffer) => {
          if (dropOn !== undefined && dropsLeft > 0 && chunk.includes(dropOn)) {
            dropsLeft -= 1;
            inbound.destroy();
            outbound.destroy();
          } else {
            outbound.write(chunk);
          }
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    restore: listen,
  };
}

describe('postgres engine', () => {
  test('/ready turns false while the database is unreachable and true again by itself', async () => {
    await db.reset();
    const relay = await startRelay(new URL(db.url));
    const engine = await open(relay.url);
    try {
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      const store = await engine.openProfile('p1');
      await store.append([ev({ kind: 'like', count: 2 })]);
      expect(await engine.isReady()).toBe(true);

      await relay.cut();
      expect(await engine.isReady()).toBe(false);
      const before = store.currentState();
      const failed = store.append([ev({ kind: 'like', count: 5, at: T0 + 1 })]);
      await expect(failed).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', name: 'UnavailableError' });
      expect(store.currentState()).toBe(before);

      await relay.restore();
      expect(await engine.isReady()).toBe(true);
      await store.append([ev({ kind: 'like', count: 5, at: T0 + 1 })]);
      expect((await store.getStats()).combined.likes).toBe(7);
      expect(store.currentState().combined.likes).toBe(7);
    } finally {
      await engine.close();
    }
  });

  test('a connection lost as a COPY starts fails the batch instead of holding it forever', async () => {
    await db.reset();
    const setup = await open(db.url);
    await setup.system.createProfile({ id: 'p1', name: 'P1' });
    await setup.close();
    // Dropped when the COPY statement goes out, before the server could answer it.
    const relay = await startRelay(new URL(db.url), 'COPY events');
    const engine = await open(relay.url);
    try {
      const store = await engine.openProfile('p1');
      const outcome = await Promise.race([
        store.append([ev({ kind: 'like', count: 2, id: 'a' })]).then(
          () => 'stored',
          (err: { code?: string }) => err.code,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000)),
      ]);
      expect(outcome).toBe('STORE_UNAVAILABLE');
    } finally {
      await engine.close();
      await relay.cut();
    }
  });

  test('an append numbered while an earlier one was in flight is numbered again when that one fails', async () => {
    await db.reset();
    const setup = await open(db.url);
    await setup.system.createProfile({ id: 'p1', name: 'P1' });
    await setup.close();
    // The first batch's COPY is dropped with its connection; the second's goes through.
    const relay = await startRelay(new URL(db.url), 'COPY events', 1);
    const engine = await open(relay.url);
    try {
      const store = await engine.openProfile('p1');
      const likes = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) =>
          ev({ kind: 'like', count: 1, user: user(i % 3), id: `l${from + i}` }),
        );
      const first = store.append(likes(0, 5));
      const second = store.append(likes(5, 3));
      await expect(first).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((await second).seqs).toEqual([1, 2, 3]);
      expect((await store.listEvents(0, 100)).map((e) => [e.seq, e.id])).toEqual([
        [1, 'l5'],
        [2, 'l6'],
        [3, 'l7'],
      ]);
      const incremental = await store.dumpAggregates();
      expect(incremental.stats.combined.likes).toBe(3);
      await store.rebuild();
      expect(await store.dumpAggregates()).toEqual(incremental);
    } finally {
      await engine.close();
      await relay.cut();
    }
  });

  test('batches written two at a time through the pipeline store every event once, in order', async () => {
    await db.reset();
    const engine = await open(db.url);
    const pipeline = new Pipeline(
      (p) => engine.openProfile(p),
      { batchSize: 300, batchDelayMs: 0, queueLimit: 100_000, totalQueueLimit: 100_000 },
      createLogger('silent'),
    );
    try {
      await engine.system.createProfile({ id: 'p1', name: 'P1' });
      const submissions = Array.from({ length: 40 }, (_, s) =>
        Array.from({ length: 100 }, (_, i) =>
          ev({
            kind: i % 4 ? 'like' : 'chat',
            text: 'hi',
            user: user((s * 7 + i) % 30),
            at: T0 + s * 1000 + i,
            id: `e${s}-${i}`,
          }),
        ),
      );
      const outcomes = await Promise.all(submissions.map((events) => pipeline.submit('p1', events)));
      const seqs = outcomes.flatMap((o) => o.seqs);
      expect(seqs.toSorted((a, b) => a! - b!)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
      const store = await engine.openProfile('p1');
      const stored = await store.listEvents(0, 10_000);
      const bySeq = new Map(stored.map((e) => [e.seq, e.id]));
      submissions.forEach((events, s) =>
        events.forEach((e, i) => expect(bySeq.get(outcomes[s]!.seqs[i]!)).toBe(e.id)),
      );
      const incremental = await store.dumpAggregates();
      expect(incremental.stats.combined.likes + incremental.stats.combined.comments).toBe(4000);
      await store.rebuild();
      expect(await store.dumpAggregates()).toEqual(incremental);
    } finally {
      await pipeline.close();
      await engine.close();
    }
  });

  test('two instances appending to one profile at once keep the aggregates a rebuild gives', async () => {
    await db.reset();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    try {
      await a.system.createProfile({ id: 'p1', name: 'P1' });
      const [sa, sb] = await Promise.all([a.openProfile('p1'), b.openProfile('p1')]);
      const batch = (i: number) => [
        ev({ kind: 'like', count: 1 + (i % 3), user: user(i % 5), at: T0 + i * 1000, id: `l${i}` }),
        ev({ kind: 'viewers', count: 10 + i, at: T0 + i * 1000 + 1 }),
        ev({ kind: 'chat', text: 'hi', user: user(i % 4), at: T0 + i * 1000 + 2, stream: 'twitch-b' }),
      ];
      // Interleaved writers, and a repeat of every batch through the other instance.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? sa : sb).append(batch(i)).then(() => (i % 2 ? sb : sa).append(batch(i))),
        ),
      );
      const incremental = await sa.dumpAggregates();
      expect(incremental.stats.combined.likes).toBe(
        Array.from({ length: 20 }, (_, i) => 1 + (i % 3)).reduce((x, y) => x + y),
      );
      expect(incremental.stats.combined.comments).toBe(40);
      expect((await sb.listEvents(0, 1000)).map((e) => e.seq)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      await sb.rebuild();
      expect(await sa.dumpAggregates()).toEqual(incremental);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a batch whose viewers count nothing of a kind leaves what earlier batches counted of it', async () => {
    await withFreshProfile(async (store) => {
      const at = (s: number) => T0 + s * 1000;
      // Bits and a raid first; then batches that count only likes, then only chats, for the
      // same viewers in the same session; then two batches, each after the session's gap, end it
      // and the next.
      await store.append([
        ev({ kind: 'cheer', count: 2, value: 150, user: user(1), at: at(0), stream: 'twitch-a' }),
        ev({ kind: 'raid', count: 40, user: user(2), at: at(1), stream: 'twitch-a' }),
      ]);
      await store.append([
        ev({ kind: 'like', count: 5, user: user(1), at: at(2), stream: 'twitch-a' }),
        ev({ kind: 'like', count: 3, user: user(2), at: at(3), stream: 'twitch-a' }),
      ]);
      await store.append([ev({ kind: 'chat', text: 'gg', user: user(1), at: at(4), stream: 'twitch-a' })]);
      await store.append([ev({ kind: 'like', count: 1, user: user(1), at: at(600), stream: 'twitch-a' })]);
      await store.append([ev({ kind: 'like', count: 1, user: user(1), at: at(1200), stream: 'twitch-a' })]);
      const dump = await store.dumpAggregates();
      const first = dump.sessionViewers.filter((v) => v.session_id === dump.sessionViewers[0]!.session_id);
      expect(
        first.map((v) => [v.user_id, v.likes, v.comments, v.cheers, v.bits, v.raids, v.raiders]),
      ).toEqual([
        ['u1', 5, 1, 2, 150, 0, 0],
        ['u2', 3, 0, 0, 0, 1, 40],
      ]);
      // Each ended session's totals were added whole to the profile-wide ones (which count the
      // session still open too).
      const u1 = dump.viewers.find((v) => v.user_id === 'u1')!;
      expect([u1.likes, u1.comments, u1.cheers, u1.bits]).toEqual([7, 1, 2, 150]);
      await store.rebuild();
      expect(await store.dumpAggregates()).toEqual(dump);
    }, 60_000);
  });

  test('viewer names with tabs, line breaks, backslashes and quotes are kept as given; each batch merges its own viewer rows once', async () => {
    await withFreshProfile(async (store) => {
      const odd = { id: 'u\\1\t', name: 'tab\there "q" back\\slash\nline\r', display: '\\N' };
      // One after the other, so each finds the connection (and its stage) the previous one used.
      await store.append([
        ev({ kind: 'like', count: 2, user: odd, id: 'a' }),
        ev({ kind: 'chat', text: 'x', user: user(2), id: 'b' }),
      ]);
      await store.append([ev({ kind: 'like', count: 3, user: odd, id: 'c' })]);
      await store.append([ev({ kind: 'like', count: 4, user: user(2), id: 'd' })]);
      const dump = await store.dumpAggregates();
      expect(dump.sessionViewers.map((v) => [v.user_id, v.name, v.display, v.likes, v.comments])).toEqual([
        ['u2', 'user2', null, 4, 1],
        ['u\\1\t', 'tab\there "q" back\\slash\nline\r', '\\N', 5, 0],
      ]);
      await store.rebuild();
      expect(await store.dumpAggregates()).toEqual(dump);
    });
  });

  test('a rebuild longer than one chunk upserts the same viewers once per chunk in one transaction and gives the incremental aggregates', async () => {
    await withFreshProfile(async (store) => {
      // More than the rebuild's chunk (20,000 events): its second chunk upserts the same viewers
      // again in the transaction that wrote the first.
      const events = Array.from({ length: 25_000 }, (_, i) =>
        ev({ kind: 'like', count: 1, user: user(i % 50), at: T0 + i * 10, id: `l${i}` }),
      );
      for (let i = 0; i < events.length; i += 5_000) await store.append(events.slice(i, i + 5_000));
      const incremental = await store.dumpAggregates();
      expect(incremental.sessionViewers.reduce((sum, v) => sum + v.likes, 0)).toBe(25_000);
      await store.rebuild();
      expect(await store.dumpAggregates()).toEqual(incremental);
    });
  });

  test('applies each migration once, on start and on the first open of a profile', async () => {
    await db.reset();
    const engine = await open(db.url);
    await engine.system.createProfile({ id: 'p1', name: 'P1' });
    await engine.openProfile('p1');
    await engine.close();
    const again = await open(db.url);
    await again.openProfile('p1');
    await again.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const versions = async (schema: string) =>
        (
          await client.query<{ name: string }>(
            `SELECT name FROM "${schema}".schema_migrations ORDER BY version`,
          )
        ).rows.map((r) => r.name);
      expect(await versions('sp_system')).toEqual(listMigrations('system').map((m) => m.name));
      expect(await versions('p_p1')).toEqual(listMigrations('profile').map((m) => m.name));
    } finally {
      await client.end();
    }
  });

  test('an unreachable database at start fails open() with STORE_UNAVAILABLE', async () => {
    const relay = await startRelay(new URL(db.url));
    await relay.cut();
    await expect(open(relay.url)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
