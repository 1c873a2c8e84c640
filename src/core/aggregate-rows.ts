import { CounterSet } from './counters.js';
import type {
  Rollup,
  Session,
  SessionViewerGift,
  SessionViewerTotals,
  ViewerActivity,
  ViewerTotals,
} from './aggregates.js';
import type { EventUser } from './live-event.js';

// Fields are declared and assigned in constructors, never initialised in place: see CounterSet.

/** What a viewer did, as the reducer builds it: zero counters, seen once at `at`. */
class ActivityRow extends CounterSet implements ViewerActivity {
  declare user_id: string;
  declare first_seen: number;
  declare last_seen: number;
  declare events: number;

  constructor(userId: string, at: number) {
    super();
    this.user_id = userId;
    this.first_seen = at;
    this.last_seen = at;
    this.events = 0;
  }
}

export class ViewerRow extends ActivityRow implements ViewerTotals {
  declare name: string;
  declare display: string | null;
  declare name_seq: number;

  constructor(user: EventUser, at: number, seq: number) {
    super(user.id, at);
    this.name = user.name;
    this.display = user.display ?? null;
    this.name_seq = seq;
  }
}

export class SessionViewerRow extends ViewerRow implements SessionViewerTotals {
  declare session_id: number;

  constructor(sessionId: number, user: EventUser, at: number, seq: number) {
    super(user, at, seq);
    this.session_id = sessionId;
  }
}

/** A session opened by the event with sequence number `id`. */
export class SessionRow extends CounterSet implements Session {
  declare id: number;
  declare stream: string;
  declare started_at: number;
  declare ended_at: number | null;
  declare last_event_at: number;
  declare end_reason: string | null;
  declare peak_viewers: number;
  declare viewers_sum: number;
  declare viewers_n: number;
  declare events: number;

  constructor(id: number, stream: string, startedAt: number) {
    super();
    this.id = id;
    this.stream = stream;
    this.started_at = startedAt;
    this.ended_at = null;
    this.last_event_at = startedAt;
    this.end_reason = null;
    this.peak_viewers = 0;
    this.viewers_sum = 0;
    this.viewers_n = 0;
    this.events = 0;
  }
}

/** One minute of one stream with no readings yet. */
export class RollupRow extends CounterSet implements Rollup {
  declare stream: string;
  declare minute: number;
  declare viewers_last: number | null;
  declare viewers_last_at: number | null;
  declare viewers_min: number | null;
  declare viewers_max: number | null;
  declare viewers_sum: number;
  declare viewers_n: number;
  declare events: number;

  constructor(stream: string, minute: number) {
    super();
    this.stream = stream;
    this.minute = minute;
    this.viewers_last = null;
    this.viewers_last_at = null;
    this.viewers_min = null;
    this.viewers_max = null;
    this.viewers_sum = 0;
    this.viewers_n = 0;
    this.events = 0;
  }
}

/** A viewer's first gift of a type in a session. */
export class SessionGiftRow implements SessionViewerGift {
  declare session_id: number;
  declare user_id: string;
  declare gift_id: string;
  declare gift_name: string;
  declare count: number;
  declare coins: number;
  declare biggest: number;
  declare name_seq: number;

  constructor(sessionId: number, userId: string, giftId: string, giftName: string, seq: number) {
    this.session_id = sessionId;
    this.user_id = userId;
    this.gift_id = giftId;
    this.gift_name = giftName;
    this.count = 0;
    this.coins = 0;
    this.biggest = 0;
    this.name_seq = seq;
  }
}
