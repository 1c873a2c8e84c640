import type { EventGift, EventKind, EventUser, LiveEvent, StoredEvent } from '../core/live-event.js';

/** A row of the `events` table, as both engines store it. */
export interface EventRow {
  seq: number;
  stream: string;
  kind: string;
  at: number;
  source_id: string | null;
  user_id: string | null;
  user_name: string | null;
  user_display: string | null;
  count: number;
  value: number;
  text: string | null;
  gift_id: string | null;
  gift_name: string | null;
  data: string | null;
  voided_by?: number | null;
}

/** The columns of `events` an append writes, in table order. */
export const EVENT_COLUMNS =
  'seq, stream, kind, at, source_id, user_id, user_name, user_display, count, value, text, gift_id, gift_name, data';

/** The columns a read of the log returns: those written, and the void that took the event back. */
export const EVENT_READ_COLUMNS = `${EVENT_COLUMNS}, voided_by`;

/** The values of one event in the column order of EVENT_COLUMNS, its `seq` left out (both engines bind them). */
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

type Column = string | null | undefined;

/** A stored event's user from its columns: none without an id, no `display` when it has none. */
export function userFromColumns(id: Column, name: Column, display: Column): EventUser | undefined {
  if (id === null || id === undefined) return undefined;
  return display === null || display === undefined
    ? { id, name: name ?? '' }
    : { id, name: name ?? '', display };
}

/** A stored event's gift from its columns: none without an id. */
export function giftFromColumns(id: Column, name: Column): EventGift | undefined {
  return id === null || id === undefined ? undefined : { id, name: name ?? '' };
}

/** Turns a stored row back into the event's wire fields plus its `seq`. */
export function rowToEvent(r: EventRow): StoredEvent {
  const e: StoredEvent = {
    seq: r.seq,
    stream: r.stream,
    kind: r.kind as EventKind,
    at: r.at,
    count: r.count,
    value: r.value,
  };
  if (r.source_id !== null) e.id = r.source_id;
  const user = userFromColumns(r.user_id, r.user_name, r.user_display);
  if (user) e.user = user;
  if (r.text !== null) e.text = r.text;
  const gift = giftFromColumns(r.gift_id, r.gift_name);
  if (gift) e.gift = gift;
  if (r.data !== null) e.data = JSON.parse(r.data) as Record<string, unknown>;
  if (r.voided_by !== null && r.voided_by !== undefined) e.voided_by = r.voided_by;
  return e;
}

/**
 * A page of the log as SQL, for either engine: at most `limit` rows after a seq, cut after the row
 * whose text and data (and a fixed 200 per row) bring the page past a size; `size` is the engine's
 * length function. Placeholders are left to `bind`, called with 'after', 'limit', 'maxBytes'.
 */
export function eventPageSql(size: string, bind: (name: 'after' | 'limit' | 'maxBytes') => string): string {
  const rowSize = `(coalesce(${size}(data), 0) + coalesce(${size}(text), 0) + 200)`;
  return `SELECT ${EVENT_READ_COLUMNS} FROM (
      SELECT *, sum(${rowSize}) OVER (ORDER BY seq) - ${rowSize} AS before_row
      FROM (SELECT * FROM events WHERE seq > ${bind('after')} ORDER BY seq LIMIT ${bind('limit')}) AS page
    ) AS sized WHERE before_row < ${bind('maxBytes')} ORDER BY seq`;
}
