import type { StoredEvent } from '../core/live-event.js';
import type { TriggerEntry } from './live-events.js';

/** How many recent triggers the live payloads list. */
export const RECENT_TRIGGERS = 20;

/** A trigger event as the seed protocol lists it: `data.type` and `data.details`, or the whole data. */
export function toTriggerEntry(e: StoredEvent): TriggerEntry {
  const data = e.data ?? {};
  const details =
    data.details && typeof data.details === 'object' ? (data.details as Record<string, unknown>) : data;
  return {
    seq: e.seq,
    streamer: e.stream,
    type: typeof data.type === 'string' ? data.type : 'trigger',
    details,
    timestamp: new Date(e.at).toISOString(),
  };
}
