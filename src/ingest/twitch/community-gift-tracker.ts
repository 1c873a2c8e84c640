import { readIntTag, readTag, type IrcMessage } from './irc-message.js';
import { readGiftBundleId } from './twitch-irc.mapper.js';

const MYSTERY_GIFTS: ReadonlySet<string> = new Set(['submysterygift', 'anonsubmysterygift']);
const SINGLE_GIFTS: ReadonlySet<string> = new Set(['subgift', 'anonsubgift']);

/**
 * Keeps subscriptions from being counted twice. Twitch announces a community ("mystery") gift
 * of N subs with one `submysterygift` notice and then sends N `subgift` notices, one per
 * recipient, carrying the same bundle id (`msg-param-community-gift-id`, or before 2021
 * `msg-param-origin-id`). The mystery gift is counted with its total; this tracker recognises
 * the N single gifts it announced so they can be skipped. A subgift with no open bundle (a gift
 * to one named viewer) is not covered and counts 1.
 *
 * Feed it every USERNOTICE of one channel in arrival order. At most `maxOpen` bundles are
 * remembered; the oldest is forgotten first.
 */
export class CommunityGiftTracker {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxOpen = 256) {}

  /** Returns true when `message` is a single gift already counted by its mystery gift. */
  isCovered(message: IrcMessage): boolean {
    const kind = readTag(message, 'msg-id');
    if (kind === undefined) return false;
    const bundle = readGiftBundleId(message);
    if (bundle === undefined) return false;
    if (MYSTERY_GIFTS.has(kind)) {
      this.announce(bundle, readIntTag(message, 'msg-param-mass-gift-count') ?? 1);
      return false;
    }
    if (!SINGLE_GIFTS.has(kind)) return false;
    const remaining = this.open.get(bundle);
    if (remaining === undefined) return false;
    if (remaining <= 1) this.open.delete(bundle);
    else this.open.set(bundle, remaining - 1);
    return true;
  }

  private announce(bundle: string, count: number): void {
    this.open.delete(bundle);
    this.open.set(bundle, count);
    if (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next();
      if (!oldest.done) this.open.delete(oldest.value);
    }
  }
}
