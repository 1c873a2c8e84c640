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
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** Event times accepted, epoch ms: 2000-01-01 .. 3000-01-01. Outside is almost surely seconds or garbage. */
export const MIN_EVENT_AT = 946_684_800_000;
export const MAX_EVENT_AT = 32_503_680_000_000;
