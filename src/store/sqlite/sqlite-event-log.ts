import type { LiveEvent, StoredEvent } from '../../core/live-event.js';
import { EVENT_COLUMNS as SELECT_COLUMNS, rowToEvent, type EventRow } from '../event-row.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** The append-only event log of one profile database. */
export class SqliteEventLog {
  private readonly insert;
  private readonly page;
  private readonly triggers;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO events (stream, kind, at, source_id, user_id, user_name, user_display, count, value, text, gift_id, gift_name, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.page = db.prepare(`SELECT ${SELECT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.triggers = db.prepare(
      `SELECT ${SELECT_COLUMNS} FROM events WHERE kind = 'trigger' ORDER BY seq DESC LIMIT ?`,
    );
  }

  /**
   * Inserts each event unless its source id is already stored for its stream. Must run inside
   * the caller's transaction. Returns the accepted events with their sequence numbers, and for
   * each input its sequence number or null (a duplicate).
   */
  appendAll(events: readonly LiveEvent[]): { stored: StoredEvent[]; seqs: (number | null)[] } {
    const stored: StoredEvent[] = [];
    const seqs: (number | null)[] = [];
    for (const e of events) {
      const result = this.insert.run(eventRow(e));
      if (result.changes > 0) {
        const seq = Number(result.lastInsertRowid);
        stored.push({ ...e, seq });
        seqs.push(seq);
      } else {
        seqs.push(null);
      }
    }
    return { stored, seqs };
  }

  /** Events with `seq > after`, ascending, at most `limit`. */
  list(after: number, limit: number): StoredEvent[] {
    return (this.page.all(after, limit) as EventRow[]).map(rowToEvent);
  }

  /** The latest trigger events, newest first (served by a partial index). */
  recentTriggers(limit: number): StoredEvent[] {
    return (this.triggers.all(limit) as EventRow[]).map(rowToEvent);
  }
}

/** The values bound for one event, in the column order of the `events` table. */
export function eventRow(e: LiveEvent): (string | number | null)[] {
  const u = e.user;
  return [
    e.stream,
    e.kind,
    e.at,
    e.id ?? null,
    u ? u.id : null,
    u ? u.name : null,
    u?.display ?? null,
    e.count,
    e.value,
    e.text ?? null,
    e.gift ? e.gift.id : null,
    e.gift ? e.gift.name : null,
    e.data ? JSON.stringify(e.data) : null,
  ];
}
