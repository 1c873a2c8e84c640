import path from 'node:path';
import { emptyState, reduce } from '../src/core/reduce.js';
import type { LiveEvent } from '../src/core/live-event.js';
import { openSqliteDatabase, type SqliteSync } from '../src/store/sqlite/sqlite-database.js';
import { SqliteDeltaWriter } from '../src/store/sqlite/sqlite-delta-writer.js';
import { SqliteEventLog } from '../src/store/sqlite/sqlite-event-log.js';
import { chunk } from './event-generator.js';
import { progress } from './report.js';
import { makeTempDir } from './workers.js';

const STAGES = [
  'insert events (log + unique index)',
  'reduce (pure JS)',
  'write aggregates (upserts)',
  'commit',
] as const;

/**
 * Diagnostics for stderr: the steps of `SqliteProfileStore.append` (log insert, reduce, delta
 * write, commit) run one by one with the real classes and timed, to show where a batch's time goes.
 * Not a figure: it mirrors `appendNow` and must be kept in step with it.
 */
export function printPipelineBreakdown(
  events: readonly LiveEvent[],
  sync: SqliteSync,
  perBatch: number,
): void {
  const temp = makeTempDir('streampulse-bench-breakdown-');
  const db = openSqliteDatabase(path.join(temp.dir, 'breakdown.db'), 'profile', sync);
  try {
    const log = new SqliteEventLog(db);
    const writer = new SqliteDeltaWriter(db);
    const spent = [0, 0, 0, 0];
    const rows = { viewers: 0, sessionViewers: 0, rollups: 0 };
    let state = emptyState();
    const batches = chunk(events, perBatch);
    for (const batch of batches) {
      const t0 = performance.now();
      db.exec('BEGIN');
      const { stored } = log.appendAll(batch);
      const t1 = performance.now();
      const next = reduce(state, stored, { sessionGapMs: 300_000 });
      const t2 = performance.now();
      writer.write(next.delta);
      const t3 = performance.now();
      db.exec('COMMIT');
      const t4 = performance.now();
      state = next.state;
      spent[0]! += t1 - t0;
      spent[1]! += t2 - t1;
      spent[2]! += t3 - t2;
      spent[3]! += t4 - t3;
      rows.viewers += next.delta.viewers.size;
      for (const v of next.delta.sessionViewers.values()) rows.sessionViewers += v.size;
      for (const m of next.delta.rollups.values()) rows.rollups += m.size;
    }
    const total = spent.reduce((a, b) => a + b, 0);
    progress(
      `breakdown (sync ${sync}, ${events.length} events in batches of ${perBatch}): ` +
        `${Math.round((events.length / total) * 1000)} events/s overall`,
    );
    STAGES.forEach((stage, i) => {
      const ms = spent[i]!;
      const usPerEvent = ((ms * 1000) / events.length).toFixed(2);
      progress(
        `  ${stage.padEnd(38)} ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${usPerEvent} us/event`,
      );
    });
    const per = (n: number) => (n / batches.length).toFixed(0);
    progress(
      `  rows upserted per batch: viewers ${per(rows.viewers)}, session_viewers ${per(rows.sessionViewers)}, ` +
        `rollups ${per(rows.rollups)} (plus ${perBatch} event rows)`,
    );
  } finally {
    db.close();
    temp.remove();
  }
}
