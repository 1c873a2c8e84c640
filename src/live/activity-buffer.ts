import type { StoredEvent } from '../core/live-event.js';
import type { ActivityPayload } from './live-events.js';

type Item = ActivityPayload['items'][number];

/** Kinds shown in the activity feed; the rare ones are never sampled away. */
const FEED_KINDS = new Set(['chat', 'join', 'gift', 'follow', 'share', 'subscribe', 'cheer', 'raid']);
const RARE_KINDS = new Set(['gift', 'follow', 'share', 'subscribe', 'cheer', 'raid']);

/**
 * The feed items gathered for one room between two pushes, bounded: rare kinds (gifts, follows,
 * subscriptions...) are kept up to `2 × limit`, chat and joins up to `limit`; what is left out is
 * counted so the payload can say it was sampled.
 */
export class ActivityBuffer {
  private items: Item[] = [];
  private common = 0;
  private seen = 0;

  constructor(private readonly limit: number) {}

  add(events: readonly StoredEvent[]): void {
    for (const e of events) {
      if (!FEED_KINDS.has(e.kind)) continue;
      this.seen += 1;
      const isRare = RARE_KINDS.has(e.kind);
      if (isRare ? this.items.length - this.common >= 2 * this.limit : this.common >= this.limit) continue;
      if (!isRare) this.common += 1;
      this.items.push(toItem(e));
    }
  }

  /** Hands over what was gathered and starts again; null when there was nothing. */
  take(profile: string): ActivityPayload | null {
    if (this.seen === 0) return null;
    const payload: ActivityPayload = {
      profile,
      items: this.items,
      sampled: this.items.length < this.seen ? { kept: this.items.length, of: this.seen } : null,
    };
    this.items = [];
    this.common = 0;
    this.seen = 0;
    return payload;
  }
}

function toItem(e: StoredEvent): Item {
  const item: Item = { seq: e.seq, stream: e.stream, kind: e.kind, at: e.at, count: e.count, value: e.value };
  if (e.user) item.user = { id: e.user.id, name: e.user.display ?? e.user.name };
  if (e.text !== undefined) item.text = e.text;
  if (e.gift) item.gift = e.gift;
  return item;
}
