import { toStoredEvent, type LiveEvent, type StoredEvent } from '../../core/live-event.js';
import {
  EVENT_COLUMNS,
  EVENT_READ_COLUMNS,
  eventPageSql,
  eventRow,
  rowToEvent,
  type EventRow,
} from '../event-row.js';
import type { VoidTarget } from '../../core/void-target.js';
import { voidedByCondition } from '../void-sql.js';
import { CopyBuffer, copyField, sendCopyText } from './copy-text.js';
import type { PgClient } from './postgres-pool.js';

const UNIQUE_VIOLATION = '23505';
/** Bytes to reserve per event's COPY line (the buffer grows past it when needed). */
const LINE_BYTES = 160;

/**
 * A batch numbered from `after + 1`, written as COPY text: what the log stores if its last seq is
 * still `after` when the batch holds the append lock.
 */
export interface NumberedBatch {
  after: number;
  stored: StoredEvent[];
  /** Sequence number per event of the batch, null for one left out. */
  seqs: (number | null)[];
  copyText: Buffer;
}

/**
 * Numbers the events from `after + 1` and writes their COPY text. With `known`, leaves out those
 * whose `stream\0id` is in it or came earlier in the batch (`known` is extended with the batch's
 * ids); without, numbers every event and leaves repeats to the log's unique index. Pure CPU: a
 * batch may be numbered before its transaction, while the previous one is still being written.
 */
export function numberBatch(events: readonly LiveEvent[], after: number, known?: Set<string>): NumberedBatch {
  const stored: StoredEvent[] = [];
  const seqs: (number | null)[] = [];
  const copyText = new CopyBuffer(events.length * LINE_BYTES);
  let seq = after;
  for (const e of events) {
    if (known && e.id !== undefined) {
      const key = `${e.stream}\u0000${e.id}`;
      if (known.has(key)) {
        seqs.push(null);
        continue;
      }
      known.add(key);
    }
    seq += 1;
    const s = toStoredEvent(e, seq);
    stored.push(s);
    seqs.push(seq);
    copyText.append(copyLine(s));
  }
  return { after, stored, seqs, copyText: copyText.bytes };
}

/** One event as a line of COPY text (the columns of EVENT_COLUMNS). */
export function copyLine(e: StoredEvent): string {
  const u = e.user;
  const g = e.gift;
  return `${e.seq}\t${copyField(e.stream)}\t${e.kind}\t${e.at}\t${copyField(e.id)}\t${copyField(u?.id)}\t${copyField(u?.name)}\t${copyField(u?.display)}\t${e.count}\t${e.value}\t${copyField(e.text)}\t${copyField(g?.id)}\t${copyField(g?.name)}\t${e.data ? copyField(JSON.stringify(e.data)) : '\\N'}\n`;
}

const copyInto = (table: string) => `COPY ${table} (${EVENT_COLUMNS}) FROM STDIN`;

/** COPYs events into `table` and waits for the server to have stored them. */
export async function copyEvents(
  client: PgClient,
  table: string,
  events: readonly StoredEvent[],
): Promise<void> {
  const text = new CopyBuffer(events.length * LINE_BYTES);
  for (const e of events) text.append(copyLine(e));
  await (
    await sendCopyText(client, copyInto(table), text.bytes)
  ).stored;
}

/**
 * The append-only event log of one profile schema. Every method runs on the caller's connection,
 * inside a transaction scoped to the profile (see ProfileSchema).
 */
export class PostgresEventLog {
  /** The highest sequence number stored (0 for an empty log). */
  async lastSeq(client: PgClient): Promise<number> {
    const { rows } = await client.query<{ last: number }>('SELECT coalesce(max(seq), 0) AS last FROM events');
    return rows[0]!.last;
  }

  /**
   * Stores each event unless its source id is already stored for its stream or came earlier in
   * the batch (the first occurrence wins), numbering the accepted ones from `lastSeq + 1` in input
   * order. Must run under the profile's append lock, which makes `lastSeq` and the duplicate check
   * authoritative. `numbered` is the batch numbered beforehand (see numberBatch), used when it was
   * numbered after `lastSeq`. `whileCopying` gets the accepted events and runs while the server is
   * still taking them in (two cores, both busy); its result is returned with them.
   *
   * Optimistic: repeats are rare (a client's retry), so the batch is COPYed whole straight away
   * behind a savepoint; only when the unique index refuses it are the stored ids looked up and the
   * COPY done again without them and without repeats inside the batch.
   */
  async appendAll<T>(
    client: PgClient,
    events: readonly LiveEvent[],
    lastSeq: number,
    whileCopying: (stored: StoredEvent[]) => T,
    numbered?: NumberedBatch,
  ): Promise<{ stored: StoredEvent[]; seqs: (number | null)[]; work: T | null }> {
    const first = numbered?.after === lastSeq ? numbered : numberBatch(events, lastSeq);
    if (first.stored.length === 0) return { ...first, work: null };
    await client.query('SAVEPOINT append_events');
    try {
      return await this.copy(client, first, whileCopying);
    } catch (err) {
      if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
    }
    await client.query('ROLLBACK TO SAVEPOINT append_events');
    const again = numberBatch(events, lastSeq, await this.storedSourceIds(client, first.stored));
    if (again.stored.length === 0) return { ...again, work: null };
    return this.copy(client, again, whileCopying);
  }

  private async copy<T>(
    client: PgClient,
    batch: NumberedBatch,
    whileCopying: (stored: StoredEvent[]) => T,
  ): Promise<{ stored: StoredEvent[]; seqs: (number | null)[]; work: T }> {
    const copied = await sendCopyText(client, copyInto('events'), batch.copyText);
    const work = whileCopying(batch.stored);
    await copied.stored;
    return { stored: batch.stored, seqs: batch.seqs, work };
  }

  /** Events with `seq > after`, ascending, at most `limit`, voided ones marked (see ProfileStore.listEvents). */
  async list(client: PgClient, after: number, limit: number, maxBytes = Infinity): Promise<StoredEvent[]> {
    const sql =
      maxBytes === Infinity
        ? `SELECT ${EVENT_READ_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`
        : eventPageSql('octet_length', (name) => ({ after: '$1', limit: '$2', maxBytes: '$3' })[name]);
    const args = maxBytes === Infinity ? [after, limit] : [after, limit, maxBytes];
    const { rows } = await client.query<EventRow>(sql, args);
    return rows.map(rowToEvent);
  }

  /** Events with `seq > after` that are not voided, ascending, at most `limit`: what a fold reads. */
  async listForFold(client: PgClient, after: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 AND voided_by IS NULL ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return rows.map(rowToEvent);
  }

  /** The latest trigger events not voided, newest first (served by a partial index). */
  async recentTriggers(client: PgClient, limit: number): Promise<StoredEvent[]> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_READ_COLUMNS} FROM events WHERE kind = 'trigger' AND voided_by IS NULL ORDER BY seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(rowToEvent);
  }

  /** How many events a void at `voidSeq` aimed at `target` would take back (none up to `floor`). */
  async countVoidable(client: PgClient, target: VoidTarget, voidSeq: number, floor: number): Promise<number> {
    const args: (string | number)[] = [];
    const where = voidedByCondition(target, voidSeq, floor, (v) => `$${args.push(v)}`);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE ${where}`,
      args,
    );
    return rows[0]!.n;
  }

  /** Stores one event as it is numbered (a void: never a duplicate, no batch to COPY). */
  async insertOne(client: PgClient, e: StoredEvent): Promise<void> {
    const values = [e.seq, ...eventRow(e)];
    await client.query(
      `INSERT INTO events (${EVENT_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }

  /** Marks what the void stored at `voidSeq` takes back; inside the void's transaction. */
  async markVoided(client: PgClient, target: VoidTarget, voidSeq: number, floor: number): Promise<number> {
    const args: (string | number)[] = [voidSeq];
    const where = voidedByCondition(target, voidSeq, floor, (v) => `$${args.push(v)}`);
    const result = await client.query(`UPDATE events SET voided_by = $1 WHERE ${where}`, args);
    return result.rowCount ?? 0;
  }

  /** Which of the batch's (stream, source id) pairs are already in the log, as `stream\0id`. */
  private async storedSourceIds(client: PgClient, events: readonly LiveEvent[]): Promise<Set<string>> {
    const streams: string[] = [];
    const ids: string[] = [];
    for (const e of events) {
      if (e.id === undefined) continue;
      streams.push(e.stream);
      ids.push(e.id);
    }
    if (ids.length === 0) return new Set();
    // LATERAL ... LIMIT 1: one probe of the unique index per id, never a scan of the log.
    const { rows } = await client.query<{ stream: string; source_id: string }>(
      `SELECT b.stream, b.source_id FROM unnest($1::text[], $2::text[]) AS b (stream, source_id)
       CROSS JOIN LATERAL (
         SELECT 1 FROM events e
         WHERE e.stream = b.stream COLLATE "C" AND e.source_id = b.source_id COLLATE "C" AND e.source_id IS NOT NULL
         LIMIT 1
       ) AS hit`,
      [streams, ids],
    );
    return new Set(rows.map((r) => `${r.stream}\u0000${r.source_id}`));
  }
}
