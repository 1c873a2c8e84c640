import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import pino from 'pino';
import type { BackgroundPace } from '../../../src/core/background-pace.js';
import { UNPACED } from '../../../src/core/background-pace.js';
import type { LiveEvent, StoredEvent } from '../../../src/core/live-event.js';
import { RetentionService } from '../../../src/export/retention/retention.service.js';
import type { StoreEngine } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

/** A day of chat, likes, gifts and viewer counts on one stream, `daysAgo` days before NOW. */
function day(daysAgo: number, tag: string): LiveEvent[] {
  const start = NOW - daysAgo * DAY;
  const events: LiveEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const at = start + i * 30_000;
    const user = { id: `u${i % 7}`, name: `viewer${i % 7}` };
    events.push({ stream: 'tiktok-main', kind: 'viewers', at, count: 100 + i, value: 0 });
    events.push({ stream: 'tiktok-main', kind: 'chat', at, count: 1, value: 0, user, text: `hi ${tag}` });
    if (i % 5 === 0) {
      events.push({
        stream: 'tiktok-main',
        kind: 'gift',
        at,
        count: 2,
        value: 1.5,
        user,
        gift: { id: 'rose', name: 'Rose' },
        id: `${tag}-g${i}`,
      });
    }
  }
  return events;
}

const GAP = 5 * 60_000;
let pgDb: TestDatabase;
beforeAll(async () => {
  pgDb = await createTestDatabase();
});
afterAll(() => pgDb.drop());

const ENGINES: { name: string; open: (dir: string) => Promise<StoreEngine>; fresh: () => Promise<void> }[] = [
  {
    name: 'sqlite',
    open: (dir) =>
      Promise.resolve(new SqliteEngine({ dataDir: dir, sync: 'normal', cacheMiB: 16, sessionGapMs: GAP })),
    fresh: () => Promise.resolve(),
  },
  {
    name: 'postgres',
    open: () => PostgresEngine.open({ url: pgDb.url, poolSize: 4, sessionGapMs: GAP }),
    fresh: () => pgDb.reset(),
  },
];

describe.each(ENGINES)('retention of raw events: $name', ({ name, open: openEngine, fresh }) => {
  let temp: ReturnType<typeof makeTempDir>;
  let engine: StoreEngine;
  const log = pino({ level: 'silent' });
  const open = () => openEngine(temp.dir);
  const service = (pace: BackgroundPace = UNPACED, deleteSlice = 37) =>
    new RetentionService({
      stores: engine,
      system: engine.system,
      archiveDir: path.join(temp.dir, 'archives'),
      pace,
      now: () => NOW,
      log,
      deleteSlice,
    });

  beforeEach(async () => {
    temp = makeTempDir();
    await fresh();
    engine = await open();
    await engine.system.createProfile({ id: 'kept', name: 'Kept' });
    await engine.system.createProfile({ id: 'whole', name: 'Whole' });
  });
  afterEach(async () => {
    await engine.close();
    temp.remove();
  });

  async function fill(): Promise<StoredEvent[]> {
    const kept = await engine.openProfile('kept');
    const whole = await engine.openProfile('whole');
    const stored: StoredEvent[] = [];
    for (const [daysAgo, tag] of [
      [200, 'a'],
      [120, 'b'],
      [91, 'c'],
      [89, 'd'],
      [3, 'e'],
    ] as const) {
      stored.push(...(await kept.append(day(daysAgo, tag))).stored);
      await whole.append(day(daysAgo, tag));
    }
    return stored;
  }

  test('archives exactly the events older than 90 days, checks the archive, then deletes them; every aggregate stays', async () => {
    const stored = await fill();
    const kept = await engine.openProfile('kept');
    const before = await kept.dumpAggregates();
    const old = stored.filter((e) => e.at < NOW - 90 * DAY);

    const run = await service().run('kept');
    expect(run).toMatchObject({ events: old.length, deleted: old.length, status: 'deleted', from_seq: 1 });
    expect(run!.to_seq).toBe(old.at(-1)!.seq);

    const file = path.join(temp.dir, 'archives', 'kept', run!.archive);
    const bytes = readFileSync(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(run!.archive_sha256);
    expect(bytes.length).toBe(run!.archive_bytes);
    const lines = gunzipSync(bytes)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredEvent);
    expect(lines).toEqual(old);

    const left = await kept.listEvents(0, 100_000);
    expect(left).toEqual(stored.filter((e) => e.seq > run!.to_seq));
    expect(await kept.dumpAggregates()).toEqual(before);
    await kept.rebuild();
    expect(await kept.dumpAggregates()).toEqual(before);
    expect(await kept.dumpAggregates()).toEqual(await (await engine.openProfile('whole')).dumpAggregates());

    // Nothing more is due: a second run finds nothing and the log keeps its runs.
    expect(await service().run('kept')).toBeNull();
    expect((await service().status('kept')).runs).toHaveLength(1);
  });

  test('a profile keeping raw events for good loses none; a shorter setting removes more', async () => {
    await fill();
    const retention = service();
    await retention.setDays('kept', null);
    expect(await retention.run('kept')).toBeNull();
    expect((await retention.status('kept')).retention_days).toBeNull();
    await retention.setDays('kept', 30);
    const run = await retention.run('kept');
    expect(run!.events).toBe(4 * 60 + 4 * 60 + 4 * 12);
    await expect(retention.setDays('kept', 0)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  test('a run cut short is finished by the next one, after its archive is checked again; a damaged archive stops it before any delete', async () => {
    const stored = await fill();
    const kept = await engine.openProfile('kept');
    const before = await kept.dumpAggregates();
    // The pace refuses the fourth step: the archive (two pages) is written and the run recorded.
    let steps = 0;
    const stop = new AbortController();
    const pace: BackgroundPace = {
      nextStep: () => {
        steps += 1;
        if (steps === 4) stop.abort(new Error('stopped'));
        return UNPACED.nextStep(stop.signal);
      },
    };
    await expect(service(pace).run('kept', { signal: stop.signal })).rejects.toThrow('stopped');
    const [cut] = (await service().status('kept')).runs;
    expect(cut).toMatchObject({ status: 'archived', deleted: 0 });
    expect(await kept.listEvents(0, 100_000)).toEqual(stored);

    const file = path.join(temp.dir, 'archives', 'kept', cut!.archive);
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0xff;
    writeFileSync(file, bad);
    await expect(service().run('kept')).rejects.toThrow(cut!.archive);
    expect(await kept.listEvents(0, 100_000)).toEqual(stored);

    writeFileSync(file, good);
    const done = await service().run('kept');
    expect(done).toMatchObject({ id: cut!.id, status: 'deleted', deleted: cut!.events });
    expect(await kept.dumpAggregates()).toEqual(before);
  });

  test('events keep arriving while a run deletes: none is lost and the aggregates are those of the whole log', async () => {
    await fill();
    const kept = await engine.openProfile('kept');
    const whole = await engine.openProfile('whole');
    const run = service(UNPACED, 7).run('kept');
    for (let i = 0; i < 40; i++) {
      const batch = day(1, `late${i}`)
        .slice(0, 20)
        .map((e) => ({ ...e, at: e.at + i * 1000 }));
      await kept.append(batch);
      await whole.append(batch);
    }
    const done = await run;
    expect(done!.status).toBe('deleted');
    expect(await kept.dumpAggregates()).toEqual(await whole.dumpAggregates());
    await kept.rebuild();
    expect(await kept.dumpAggregates()).toEqual(await whole.dumpAggregates());
  });

  test.runIf(name === 'sqlite')(
    'the aggregates file lost after retention is built again from the snapshot and the rest of the log',
    async () => {
      await fill();
      await service().run('kept');
      const expected = await (await engine.openProfile('whole')).dumpAggregates();
      await engine.close();
      const { rmSync } = await import('node:fs');
      for (const suffix of ['', '-wal', '-shm']) {
        rmSync(path.join(temp.dir, 'profiles', `kept.aggregates.db${suffix}`), { force: true });
      }
      engine = await open();
      expect(await (await engine.openProfile('kept')).dumpAggregates()).toEqual(expected);
    },
  );
});
