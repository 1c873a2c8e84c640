import { expect, test } from 'vitest';
import { runProfileStoreContract } from './contract/profile-store.contract.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir> | undefined;

// Once with the aggregates written behind the log (flushed by reads), once written every batch.
for (const flushEvents of [undefined, 1]) {
  const engine = (sessionGapMs: number) =>
    new SqliteEngine({
      dataDir: temp!.dir,
      sync: 'normal',
      cacheMiB: 64,
      sessionGapMs,
      aggregateFlushEvents: flushEvents,
    });
  runProfileStoreContract({
    name: flushEvents === undefined ? 'sqlite' : 'sqlite, aggregates written every batch',
    create(sessionGapMs) {
      temp = makeTempDir();
      return Promise.resolve(engine(sessionGapMs));
    },
    reopen(sessionGapMs) {
      return Promise.resolve(engine(sessionGapMs));
    },
    cleanup() {
      temp?.remove();
      return Promise.resolve();
    },
  });
}

test('open profiles share the page cache (1-32 MiB each, a quarter of it, 256 KiB-8 MiB, for the log) and WAL checkpoint budgets', async () => {
  const dir = makeTempDir();
  const engine = new SqliteEngine({ dataDir: dir.dir, sync: 'normal', cacheMiB: 64, sessionGapMs: 60_000 });
  const budgets = async (id: string) => {
    await engine.openProfile(id);
    return engine.pageBudgets(id);
  };
  for (let i = 0; i < 40; i++) await engine.system.createProfile({ id: `p${i}`, name: 'p' });
  expect(await budgets('p0')).toEqual({ cacheKiB: 32 * 1024, logCacheKiB: 8 * 1024, walPages: 16_384 });
  for (let i = 1; i < 4; i++) await engine.openProfile(`p${i}`);
  expect(await budgets('p0')).toEqual({ cacheKiB: 16 * 1024, logCacheKiB: 4 * 1024, walPages: 4096 });
  for (let i = 4; i < 40; i++) await engine.openProfile(`p${i}`);
  expect(await budgets('p0')).toMatchObject({ cacheKiB: Math.round(1.6 * 1024), logCacheKiB: 410 });
  for (let i = 40; i < 100; i++) await engine.system.createProfile({ id: `p${i}`, name: 'p' });
  for (let i = 40; i < 100; i++) await engine.openProfile(`p${i}`);
  expect(await budgets('p99')).toEqual({ cacheKiB: 1024, logCacheKiB: 256, walPages: 1000 });
  await engine.close();
  dir.remove();
});
