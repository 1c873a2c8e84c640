import type { EventKind, LiveEvent, StoredEvent } from '../../core/live-event.js';
import type { EventColumns } from './event-columns.js';
import {
  EVENT_READ_COLUMNS as SELECT_COLUMNS,
  eventPageSql,
  eventRow,
  giftFromColumns,
  rowToEvent,
  userFromColumns,
  type EventRow,
} from '../event-row.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { VoidTarget } from '../../core/void-target.js';
import { voidedByCondition } from '../void-sql.js';

/** The append-only event log of one profile database. */
export class SqliteEventLog {
  private readonly insert;
  private readonly page;
  private readonly sizedPage;
  private readonly triggers;
  private readonly last;
  private readonly foldPage;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO events (stream, kind, at, source_id, user_id, user_name, user_display, count, value, text, gift_id, gift_name, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.page = db.prepare(`SELECT ${SELECT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.sizedPage = db.prepare(eventPageSql('length', (name) => `@${name}`));
    this.foldPage = db
      .prepare(
        `SELECT seq, stream, kind, at, user_id, user_name, user_display, count, value, gift_id, gift_name,
           CASE WHEN kind = 'stream_end' THEN data END
         FROM events WHERE seq > ? AND voided_by IS NULL ORDER BY seq LIMIT ?`,
      )
      .raw();
    this.last = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
    this.triggers = db.prepare(
      `SELECT ${SELECT_COLUMNS} FROM events WHERE kind = 'trigger' AND voided_by IS NULL ORDER BY seq DESC LIMIT ?`,
    );
  }

  /**
   * Inserts each event unless its source id is already stored for its stream. Must run inside
   * the caller's transaction. Returns for each event its sequence number, or null (a duplicate).
   */
  append(c: EventColumns): (number | null)[] {
    const seqs: (number | null)[] = [];
    const insert = this.insert;
    for (let i = 0; i < c.stream.length; i++) {
      // Positional arguments in the column order of eventRow: binding them costs a fraction of
      // binding an array, and this runs for every stored event.
      const result = insert.run(
        c.stream[i],
        c.kind[i],
        c.at[i],
        c.id[i],
        c.userId[i],
        c.userName[i],
        c.userDisplay[i],
        c.count[i],
        c.value[i],
        c.text[i],
        c.giftId[i],
        c.giftName[i],
        c.data[i],
      );
      seqs.push(result.changes > 0 ? Number(result.lastInsertRowid) : null);
    }
    return seqs;
  }

  /** The highest seq stored (0 for an empty log). */
  lastSeq(): number {
    return this.last.get() as number;
  }

  /**
   * Events with `seq > after` not voided, ascending, at most `limit`, with what `reduce` reads of them only:
   * no source id nor text, and `data` only where a fold uses it (the reason of a stream end).
   * Read as plain arrays, which costs a fraction of full row objects.
   */
  listForFold(after: number, limit: number): StoredEvent[] {
    return (this.foldPage.all(after, limit) as FoldRow[]).map(foldRowToEvent);
  }

  /** Events with `seq > after`, ascending, at most `limit` (see ProfileStore.listEvents). */
  list(after: number, limit: number, maxBytes = Infinity): StoredEvent[] {
    if (maxBytes === Infinity) return (this.page.all(after, limit) as EventRow[]).map(rowToEvent);
    return (this.sizedPage.all({ after, limit, maxBytes }) as EventRow[]).map(rowToEvent);
  }

  /** Stores one event the caller numbers by no batch (a void); returns its seq. */
  insertOne(e: LiveEvent): number {
    return Number(this.insert.run(...eventRow(e)).lastInsertRowid);
  }

  /** How many events a void at `voidSeq` aimed at `target` would take back. */
  countVoidable(target: VoidTarget, voidSeq: number, floor: number): number {
    const args: (string | number)[] = [];
    const where = voidedByCondition(target, voidSeq, floor, (v) => (args.push(v), '?'));
    return this.db
      .prepare(`SELECT count(*) FROM events WHERE ${where}`)
      .pluck()
      .get(...args) as number;
  }

  /** Marks what the void stored at `voidSeq` takes back; inside the void's transaction. */
  markVoided(target: VoidTarget, voidSeq: number, floor: number): number {
    const args: (string | number)[] = [voidSeq];
    const where = voidedByCondition(target, voidSeq, floor, (v) => (args.push(v), '?'));
    return this.db.prepare(`UPDATE events SET voided_by = ? WHERE ${where}`).run(...args).changes;
  }

  /** The latest trigger events not voided, newest first (served by a partial index). */
  recentTriggers(limit: number): StoredEvent[] {
    return (this.triggers.all(limit) as EventRow[]).map(rowToEvent);
  }
}

type FoldRow = [
  seq: number,
  stream: string,
  kind: EventKind,
  at: number,
  userId: string | null,
  userName: string | null,
  userDisplay: string | null,
  count: number,
  value: number,
  giftId: string | null,
  giftName: string | null,
  data: string | null,
];

function foldRowToEvent(r: FoldRow): StoredEvent {
  const e: StoredEvent = { seq: r[0], stream: r[1], kind: r[2], at: r[3], count: r[7], value: r[8] };
  const user = userFromColumns(r[4], r[5], r[6]);
  if (user) e.user = user;
  const gift = giftFromColumns(r[9], r[10]);
  if (gift) e.gift = gift;
  if (r[11] !== null) e.data = JSON.parse(r[11]) as Record<string, unknown>;
  return e;
}
