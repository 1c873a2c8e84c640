import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COUNTER_FIELDS } from '../../../src/core/counters.js';
import type { AggregateDump, StoreEngine } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { profileSchemaName } from '../../../src/store/postgres/profile-schema.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { ev, T0, user } from '../../support/events.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const GAP = 5 * 60_000;
const MIN = 60_000;

/**
 * A closed session and an open one sharing viewers, with gifts and viewer readings over several
 * quarter hours, stored by the current code; its aggregates as they are now.
 */
async function storeHistory(engine: StoreEngine): Promise<AggregateDump> {
  await engine.system.createProfile({ id: 'p1', name: 'P1' });
  const store = await engine.openProfile('p1');
  const rose = { id: 'rose', name: 'Rose' };
  await store.append([
    ev({ kind: 'stream_start', at: T0 }),
    ev({ kind: 'viewers', count: 40, at: T0 + MIN }),
    ev({ kind: 'chat', text: 'hi', user: user(1), at: T0 + 2 * MIN }),
    ev({ kind: 'gift', value: 5, gift: rose, user: user(2), at: T0 + 20 * MIN }),
    ev({ kind: 'stream_end', at: T0 + 30 * MIN }),
    ev({ kind: 'stream_start', at: T0 + 3 * 3_600_000 }),
    ev({ kind: 'viewers', count: 70, at: T0 + 3 * 3_600_000 + MIN }),
    ev({ kind: 'gift', value: 3, gift: rose, user: user(1), at: T0 + 3 * 3_600_000 + 2 * MIN }),
    ev({ kind: 'chat', text: 'new here', user: user(3), at: T0 + 3 * 3_600_000 + 17 * MIN }),
    ev({ kind: 'like', count: 4, user: { id: 'u1', name: 'renamed' }, at: T0 + 3 * 3_600_000 + 18 * MIN }),
  ]);
  await store.flush();
  return store.dumpAggregates();
}

/**
 * SQL that puts the aggregates back as the code before the viewer totals table, the quarter
 * rollups and the session viewer counts left them: profile-wide viewers without the open
 * session's activity, no quarter rollups, no gifts index, no counts. Unqualified: run with the profile's tables first in the search path.
 */
function olderAggregates(): string[] {
  const open =
    'SELECT v.* FROM session_viewers v JOIN sessions s ON s.id = v.session_id WHERE s.ended_at IS NULL';
  const minus = ['events', ...COUNTER_FIELDS]
    .map(
      (f) =>
        `${f} = ${f} - coalesce((SELECT sum(o.${f}) FROM (${open}) o WHERE o.user_id = viewers.user_id), 0)`,
    )
    .join(', ');
  return [
    `UPDATE viewers SET ${minus}`,
    'DELETE FROM viewers WHERE events = 0',
    'DROP TABLE quarter_rollups',
    'DROP TABLE session_viewer_counts',
    'DROP INDEX session_viewer_gifts_user',
    'DROP VIEW viewer_totals',
    'CREATE VIEW viewer_totals AS SELECT * FROM viewers',
  ];
}

test('SQLite: aggregates written before the viewer totals table, quarter rollups and session viewer counts migrate to what the current code writes', async () => {
  const temp = makeTempDir();
  const engine = () =>
    new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: GAP });
  try {
    const first = engine();
    const current = await storeHistory(first);
    await first.close();
    const db = new Database(path.join(temp.dir, 'profiles', 'p1.aggregates.db'));
    db.transaction(() => {
      for (const sql of olderAggregates()) db.exec(sql);
      db.prepare('DELETE FROM schema_migrations WHERE version >= 2').run();
    })();
    // The older state really lacks what the migration brings back.
    expect(db.prepare("SELECT count(*) AS n FROM viewers WHERE user_id = 'u3'").get()).toEqual({ n: 0 });
    db.close();
    const reopened = engine();
    try {
      expect(await (await reopened.openProfile('p1')).dumpAggregates()).toEqual(current);
    } finally {
      await reopened.close();
    }
  } finally {
    temp.remove();
  }
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

test('PostgreSQL: aggregates written before the viewer totals table, quarter rollups and session viewer counts migrate to what the current code writes', async () => {
  await database.reset();
  const open = () => PostgresEngine.open({ url: database.url, poolSize: 2, sessionGapMs: GAP });
  const first = await open();
  const current = await storeHistory(first);
  await first.close();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${profileSchemaName('p1')}`);
    for (const sql of olderAggregates()) await client.query(sql);
    // Clips, retention and OBS came later still, in the same schema.
    await client.query(
      `DROP TABLE clips, clip_views, clip_reactions, clip_shares, clip_message_reactions, clip_stats_zone,
         clip_totals, clip_creator_stats, clip_game_stats, clip_pairs, clip_peak, clip_rank,
         retention_runs, retention_snapshot, obs_health, obs_recordings`,
    );
    await client.query('DELETE FROM schema_migrations WHERE version >= 4');
    await client.query('COMMIT');
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM ${profileSchemaName('p1')}.viewers WHERE user_id = 'u3'`,
    );
    expect(rows).toEqual([{ n: 0 }]);
  } finally {
    await client.end();
  }
  const reopened = await open();
  try {
    expect(await (await reopened.openProfile('p1')).dumpAggregates()).toEqual(current);
  } finally {
    await reopened.close();
  }
});
