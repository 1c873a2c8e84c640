import type { EventKind, LiveEvent, StoredEvent } from '../../core/live-event.js';

/**
 * A batch of events as columns (one array per field, `data` as its JSON text): how batches cross
 * between threads. Copying a few arrays of strings and numbers costs a third of copying as many
 * objects, each of which repeats its property names.
 */
export interface EventColumns {
  stream: string[];
  kind: EventKind[];
  at: number[];
  id: (string | null)[];
  userId: (string | null)[];
  userName: (string | null)[];
  userDisplay: (string | null)[];
  count: number[];
  value: number[];
  text: (string | null)[];
  giftId: (string | null)[];
  giftName: (string | null)[];
  data: (string | null)[];
}

export function encodeEvents(events: readonly LiveEvent[]): EventColumns {
  const n = events.length;
  const c: EventColumns = {
    stream: new Array<string>(n),
    kind: new Array<EventKind>(n),
    at: new Array<number>(n),
    id: new Array<string | null>(n),
    userId: new Array<string | null>(n),
    userName: new Array<string | null>(n),
    userDisplay: new Array<string | null>(n),
    count: new Array<number>(n),
    value: new Array<number>(n),
    text: new Array<string | null>(n),
    giftId: new Array<string | null>(n),
    giftName: new Array<string | null>(n),
    data: new Array<string | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const u = e.user;
    c.stream[i] = e.stream;
    c.kind[i] = e.kind;
    c.at[i] = e.at;
    c.id[i] = e.id ?? null;
    c.userId[i] = u ? u.id : null;
    c.userName[i] = u ? u.name : null;
    c.userDisplay[i] = u?.display ?? null;
    c.count[i] = e.count;
    c.value[i] = e.value;
    c.text[i] = e.text ?? null;
    c.giftId[i] = e.gift ? e.gift.id : null;
    c.giftName[i] = e.gift ? e.gift.name : null;
    c.data[i] = e.data ? JSON.stringify(e.data) : null;
  }
  return c;
}

/**
 * The stored events of a batch (those with a seq), with what `reduce` reads of them: no source id
 * nor text, and `data` only where a fold uses it (the reason of a stream end). Reads nothing else
 * of `id`, `text` and `data`, which may be left empty when the batch is only to be folded.
 */
export function decodeForFold(
  c: EventColumns,
  seqs: readonly (number | null)[],
  /** False for `foldState`, which reads neither users nor gifts. */
  withViewers = true,
): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i];
    if (seq === null || seq === undefined) continue;
    const e: StoredEvent = {
      seq,
      stream: c.stream[i]!,
      kind: c.kind[i]!,
      at: c.at[i]!,
      count: c.count[i]!,
      value: c.value[i]!,
    };
    const data = c.data[i];
    if (e.kind === 'stream_end' && data) e.data = JSON.parse(data) as Record<string, unknown>;
    out.push(e);
    if (!withViewers) continue;
    const userId = c.userId[i];
    if (userId !== null && userId !== undefined) {
      const display = c.userDisplay[i];
      e.user =
        display === null || display === undefined
          ? { id: userId, name: c.userName[i] ?? '' }
          : { id: userId, name: c.userName[i] ?? '', display };
    }
    const giftId = c.giftId[i];
    if (giftId !== null && giftId !== undefined) e.gift = { id: giftId, name: c.giftName[i] ?? '' };
  }
  return out;
}
