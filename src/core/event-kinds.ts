/** Every kind of event StreamPulse records. The order is stable. */
export const EVENT_KINDS = [
  'viewers',
  'like',
  'chat',
  'gift',
  'follow',
  'share',
  'join',
  'subscribe',
  'cheer',
  'raid',
  'stream_start',
  'stream_end',
  'reset',
  'trigger',
  'void',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * The kinds a client may send (push API, NDJSON files). A `void` is recorded only by the void
 * operation, which checks what it names first.
 */
export const WIRE_EVENT_KINDS = EVENT_KINDS.filter(
  (k): k is Exclude<EventKind, 'void'> => k !== 'void',
) as readonly Exclude<EventKind, 'void'>[] as [Exclude<EventKind, 'void'>, ...Exclude<EventKind, 'void'>[]];

/** Event times accepted, epoch ms: 2000-01-01 .. 3000-01-01. Outside is almost surely seconds or garbage. */
export const MIN_EVENT_AT = 946_684_800_000;
export const MAX_EVENT_AT = 32_503_680_000_000;
