import type { EventKind, StoredEvent } from '../core/live-event.js';

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
}

/** The columns of `events`, in table order. */
export const EVENT_COLUMNS =
  'seq, stream, kind, at, source_id, user_id, user_name, user_display, count, value, text, gift_id, gift_name, data';

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
  if (r.user_id !== null) {
    e.user = { id: r.user_id, name: r.user_name ?? '' };
    if (r.user_display !== null) e.user.display = r.user_display;
  }
  if (r.text !== null) e.text = r.text;
  if (r.gift_id !== null) e.gift = { id: r.gift_id, name: r.gift_name ?? '' };
  if (r.data !== null) e.data = JSON.parse(r.data) as Record<string, unknown>;
  return e;
}
