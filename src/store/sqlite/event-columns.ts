import { EVENT_KINDS, type EventKind, type LiveEvent, type StoredEvent } from '../../core/live-event.js';
import { giftFromColumns, userFromColumns } from '../event-row.js';

/** A batch of events as columns, one array per field (`data` as its JSON text). */
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

/** The text fields of an event, in the order they are packed. */
const TEXT_FIELDS = [
  'id',
  'userId',
  'userName',
  'userDisplay',
  'text',
  'giftId',
  'giftName',
  'data',
] as const;

/**
 * A batch of events packed to cross between threads: each distinct stream id once, kinds as
 * numbers, the numbers in one typed array and every text in one string with the lengths beside
 * it. Copying it costs a quarter of copying the columns as arrays of strings (a copy per string,
 * both ways), and a thread that only passes it on copies one string and a few typed arrays.
 */
export interface PackedEvents {
  size: number;
  /** The distinct stream ids; `streamIndex[i]` is the one of event i. */
  streams: string[];
  streamIndex: Uint32Array;
  /** Positions in EVENT_KINDS. */
  kindIndex: Uint8Array;
  /** `at` of every event, then `count`, then `value`. */
  numbers: Float64Array;
  /** The length of each text field, field by field in TEXT_FIELDS order (-1: absent). */
  textLengths: Int32Array;
  /** The texts present, in the order of `textLengths`, end to end. */
  texts: string;
}

const KIND_INDEX = new Map<EventKind, number>(EVENT_KINDS.map((kind, i) => [kind, i]));

export function packEvents(events: readonly LiveEvent[]): PackedEvents {
  const n = events.length;
  const streams: string[] = [];
  const streamIndex = new Uint32Array(n);
  const kindIndex = new Uint8Array(n);
  const numbers = new Float64Array(3 * n);
  const textLengths = new Int32Array(TEXT_FIELDS.length * n);
  const texts: string[] = [];
  const put = (slot: number, s: string | null | undefined): void => {
    if (s === null || s === undefined) {
      textLengths[slot] = -1;
    } else {
      textLengths[slot] = s.length;
      texts.push(s);
    }
  };
  let lastStream = '';
  let lastStreamIndex = -1;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    if (e.stream !== lastStream || lastStreamIndex < 0) {
      lastStream = e.stream;
      lastStreamIndex = streams.indexOf(e.stream);
      if (lastStreamIndex < 0) lastStreamIndex = streams.push(e.stream) - 1;
    }
    streamIndex[i] = lastStreamIndex;
    kindIndex[i] = KIND_INDEX.get(e.kind)!;
    numbers[i] = e.at;
    numbers[n + i] = e.count;
    numbers[2 * n + i] = e.value;
  }
  // Field by field, so each field's texts are sliced out together on the other side.
  for (let i = 0; i < n; i++) put(i, events[i]!.id);
  for (let i = 0; i < n; i++) put(n + i, events[i]!.user?.id);
  for (let i = 0; i < n; i++) put(2 * n + i, events[i]!.user?.name);
  for (let i = 0; i < n; i++) put(3 * n + i, events[i]!.user?.display);
  for (let i = 0; i < n; i++) put(4 * n + i, events[i]!.text);
  for (let i = 0; i < n; i++) put(5 * n + i, events[i]!.gift?.id);
  for (let i = 0; i < n; i++) put(6 * n + i, events[i]!.gift?.name);
  for (let i = 0; i < n; i++) {
    const data = events[i]!.data;
    put(7 * n + i, data ? JSON.stringify(data) : null);
  }
  return { size: n, streams, streamIndex, kindIndex, numbers, textLengths, texts: texts.join('') };
}

export function unpackEvents(p: PackedEvents): EventColumns {
  const n = p.size;
  const stream = new Array<string>(n);
  const kind = new Array<EventKind>(n);
  for (let i = 0; i < n; i++) {
    stream[i] = p.streams[p.streamIndex[i]!]!;
    kind[i] = EVENT_KINDS[p.kindIndex[i]!]!;
  }
  let offset = 0;
  /** The texts of field `f` (called in TEXT_FIELDS order: they lie end to end in that order). */
  const nextField = (f: number): (string | null)[] => {
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const length = p.textLengths[f * n + i]!;
      if (length < 0) {
        out[i] = null;
      } else {
        out[i] = p.texts.slice(offset, offset + length);
        offset += length;
      }
    }
    return out;
  };
  const id = nextField(0);
  const userId = nextField(1);
  const userName = nextField(2);
  const userDisplay = nextField(3);
  const text = nextField(4);
  const giftId = nextField(5);
  const giftName = nextField(6);
  const data = nextField(7);
  return {
    stream,
    kind,
    at: Array.from(p.numbers.subarray(0, n)),
    id,
    userId,
    userName,
    userDisplay,
    count: Array.from(p.numbers.subarray(n, 2 * n)),
    value: Array.from(p.numbers.subarray(2 * n, 3 * n)),
    text,
    giftId,
    giftName,
    data,
  };
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
    const user = userFromColumns(c.userId[i], c.userName[i], c.userDisplay[i]);
    if (user) e.user = user;
    const gift = giftFromColumns(c.giftId[i], c.giftName[i]);
    if (gift) e.gift = gift;
  }
  return out;
}
