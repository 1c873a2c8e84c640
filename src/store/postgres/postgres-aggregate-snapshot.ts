import { emptyState, reduce, type ReduceOptions } from '../../core/reduce.js';
import type { AggregateState } from '../../core/aggregates.js';
import { loadState } from './load-state.js';
import { PostgresDeltaWriter } from './postgres-delta-writer.js';
import type { PostgresEventLog } from './postgres-event-log.js';
import { migrateSchema, migrateSchemaIn } from './postgres-migrations.js';
import { inTransaction, quoteIdent, type PgClient, type PgPool } from './postgres-pool.js';
import type { ProfileSchema } from './profile-schema.js';
import { AGGREGATE_TABLES } from '../aggregate-tables.js';

/** Log events read and folded at a time into the snapshot. */
const CHUNK = 5_000;

/**
 * A profile's aggregates as of the retention boundary (docs/adr/0025): what the events retention
 * deleted contributed, from which a refold (rebuild, void) starts. It only moves forward: a run
 * folds the events it is about to delete into it, from the log, before they are deleted.
 *
 * Its tables are the aggregate tables of a schema of its own, `s_<profile>`, which is a profile
 * schema like `p_<profile>` (created by the profile migrations, its log and clips left empty): so
 * every later migration of the aggregate tables reaches the snapshot's too, applied when the
 * profile is opened, and the same loadState and delta writer fold into it with the search_path
 * pointed there. The seq it is taken at is kept in the profile's schema (`retention_snapshot`),
 * written in the same transaction as the snapshot's tables; 0 means there is none.
 *
 * Whoever reads or writes the snapshot holds the profile's snapshot lock (ProfileSchema). Advancing
 * takes that lock alone, so appends go on meanwhile; a refold takes it after the append lock.
 */
export class PostgresAggregateSnapshot {
  private readonly writer = new PostgresDeltaWriter();

  constructor(
    private readonly db: ProfileSchema,
    private readonly log: PostgresEventLog,
    private readonly options: ReduceOptions,
  ) {}

  /** The seq the snapshot is taken at (0: none), in a transaction of the profile on `client`. */
  async seq(client: PgClient): Promise<number> {
    const { rows } = await client.query<{ seq: number }>('SELECT seq FROM retention_snapshot');
    return rows[0]!.seq;
  }

  /**
   * Folds the log's events after the snapshot that are not voided, at most `maxEvents` of them and
   * none after `upTo` (nor after the log's last: the aggregates hold every committed event), into
   * the snapshot, in one transaction; the snapshot's seq after it. Folds from the state the
   * snapshot's tables hold, as an instance that did not append last folds from the profile's.
   */
  advance(upTo: number, maxEvents: number): Promise<number> {
    return this.db.writeSnapshot(async (c) => {
      const from = await this.seq(c);
      const target = Math.min(upTo, await this.log.lastSeq(c));
      if (target <= from) return from;
      let state = from === 0 ? await this.start(c) : await this.db.inSnapshot(c, () => loadState(c));
      let after = from;
      let folded = 0;
      while (folded < maxEvents) {
        const want = Math.min(CHUNK, maxEvents - folded);
        const due = (await this.log.listForFold(c, after, want)).filter((e) => e.seq <= target);
        if (due.length > 0) {
          const step = reduce(state, due, this.options);
          await this.db.inSnapshot(c, () => this.writer.write(c, step.delta));
          state = step.state;
          folded += due.length;
          after = due[due.length - 1]!.seq;
        }
        // Fewer than asked: every event up to `target` left unfolded is voided, or there is none.
        if (due.length < want) {
          after = target;
          break;
        }
      }
      await c.query('UPDATE retention_snapshot SET seq = $1', [after]);
      return after;
    });
  }

  /**
   * Empties the profile's aggregate tables and copies the snapshot's rows into them: the start of
   * a refold, inside a `write` (the append lock held). Takes the snapshot lock first, so no advance
   * is half-seen. The seq to fold the log after, and the state the tables now hold.
   */
  async restoreInto(client: PgClient): Promise<{ seq: number; state: AggregateState }> {
    await this.db.lockSnapshot(client);
    const seq = await this.seq(client);
    await client.query(`TRUNCATE ${AGGREGATE_TABLES.join(', ')}`);
    if (seq === 0) return { seq, state: emptyState() };
    // Both schemas are built by the same migrations in the same order: the same columns, in order.
    const snapshot = quoteIdent(this.db.snapshotName);
    await client.query(
      AGGREGATE_TABLES.map((t) => `INSERT INTO ${t} SELECT * FROM ${snapshot}.${t}`).join('; '),
    );
    return { seq, state: await loadState(client) };
  }

  /**
   * The first advance: the snapshot schema created (or brought up to date), its aggregate tables
   * emptied (a schema left behind by a profile of the same id, dropped by hand, holds nothing
   * of this one), in the advance's transaction.
   */
  private async start(client: PgClient): Promise<AggregateState> {
    await this.db.inSnapshot(client, async () => {
      await migrateSchemaIn(client, this.db.snapshotName, 'profile');
      await client.query(`TRUNCATE ${AGGREGATE_TABLES.join(', ')}`);
    });
    return emptyState();
  }
}

/**
 * Applies the profile migrations not applied yet to the profile's snapshot schema, when it has
 * one: called with the profile's own, when the profile is opened.
 */
export async function migrateSnapshotSchema(pool: PgPool, schema: ProfileSchema): Promise<void> {
  const found = await inTransaction(pool, 'BEGIN READ ONLY', async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema.snapshotName,
    ]);
    return (rowCount ?? 0) > 0;
  });
  if (found) await migrateSchema(pool, schema.snapshotName, 'profile');
}
