import { COUNTER_FIELDS } from '../../core/counters.js';
import type { Delta, Rollup, Session, Stats, ViewerTotals } from '../../core/aggregates.js';
import { quarterIncrements } from '../quarter-rollups.js';
import { COMBINED_KEY } from '../stats-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

const counters = COUNTER_FIELDS.join(', ');
const params = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const sumCounters = COUNTER_FIELDS.map((f) => `${f} = ${f} + excluded.${f}`).join(', ');
const counterValues = (row: Record<(typeof COUNTER_FIELDS)[number], number>) =>
  COUNTER_FIELDS.map((f) => row[f]);

const STATS_COLUMNS = `stream, viewers, peak_viewers, viewers_at, updated_at, ${counters}`;
const SESSION_COLUMNS = `id, stream, started_at, ended_at, last_event_at, end_reason, peak_viewers, viewers_sum, viewers_n, events, ${counters}`;
const ROLLUP_COLUMNS = `stream, minute, viewers_last, viewers_last_at, viewers_min, viewers_max, viewers_sum, viewers_n, events, ${counters}`;
const QUARTER_COLUMNS = `stream, quarter, viewers_sum, viewers_n, ${counters}`;
const VIEWER_COLUMNS = `user_id, name, display, name_seq, first_seen, last_seen, events, ${counters}`;

// The name of the later event wins; sums add; first and last seen widen.
const MERGE_VIEWER = `name = CASE WHEN excluded.name_seq > name_seq THEN excluded.name ELSE name END,
  display = CASE WHEN excluded.name_seq > name_seq THEN excluded.display ELSE display END,
  name_seq = max(name_seq, excluded.name_seq),
  first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
  events = events + excluded.events, ${sumCounters}`;

// A newer reading (by event time) replaces the minute's last one; on a tie the later event wins.
const LAST_IS_NEW =
  'excluded.viewers_last_at IS NOT NULL AND (viewers_last_at IS NULL OR excluded.viewers_last_at >= viewers_last_at)';

/**
 * Writes a Delta into a profile database: full rows for stats and sessions, merged increments for
 * rollups and viewer totals. Must run inside the transaction that stored the delta's events.
 */
export class SqliteDeltaWriter {
  private readonly putStats;
  private readonly putSession;
  private readonly mergeRollup;
  private readonly mergeViewer;
  private readonly mergeSessionViewer;
  private readonly mergeSessionGift;
  private readonly mergeQuarter;
  private readonly addSessionCounts;

  constructor(db: SqliteDatabase) {
    this.putStats = db.prepare(
      `INSERT OR REPLACE INTO stats (${STATS_COLUMNS}) VALUES (${params(5 + COUNTER_FIELDS.length)})`,
    );
    this.putSession = db.prepare(
      `INSERT OR REPLACE INTO sessions (${SESSION_COLUMNS}) VALUES (${params(10 + COUNTER_FIELDS.length)})`,
    );
    this.mergeRollup = db.prepare(
      `INSERT INTO rollups (${ROLLUP_COLUMNS}) VALUES (${params(9 + COUNTER_FIELDS.length)})
       ON CONFLICT (stream, minute) DO UPDATE SET
         viewers_last = CASE WHEN ${LAST_IS_NEW} THEN excluded.viewers_last ELSE viewers_last END,
         viewers_last_at = CASE WHEN ${LAST_IS_NEW} THEN excluded.viewers_last_at ELSE viewers_last_at END,
         viewers_min = coalesce(min(viewers_min, excluded.viewers_min), viewers_min, excluded.viewers_min),
         viewers_max = coalesce(max(viewers_max, excluded.viewers_max), viewers_max, excluded.viewers_max),
         viewers_sum = viewers_sum + excluded.viewers_sum, viewers_n = viewers_n + excluded.viewers_n,
         events = events + excluded.events, ${sumCounters}`,
    );
    this.mergeQuarter = db.prepare(
      `INSERT INTO quarter_rollups (${QUARTER_COLUMNS}) VALUES (${params(4 + COUNTER_FIELDS.length)})
       ON CONFLICT (stream, quarter) DO UPDATE SET
         viewers_sum = viewers_sum + excluded.viewers_sum, viewers_n = viewers_n + excluded.viewers_n, ${sumCounters}`,
    );
    this.mergeViewer = db.prepare(
      `INSERT INTO viewers (${VIEWER_COLUMNS}) VALUES (${params(7 + COUNTER_FIELDS.length)})
       ON CONFLICT (user_id) DO UPDATE SET ${MERGE_VIEWER}`,
    );
    // The totals after the merge tell whether the viewer is new to the session (its events are
    // this delta's alone: a row has at least one) and whether they chatted for the first time.
    this.mergeSessionViewer = db.prepare<unknown[], { events: number; comments: number }>(
      `INSERT INTO session_viewers (session_id, ${VIEWER_COLUMNS}) VALUES (${params(8 + COUNTER_FIELDS.length)})
       ON CONFLICT (session_id, user_id) DO UPDATE SET ${MERGE_VIEWER}
       RETURNING events, comments`,
    );
    this.addSessionCounts = db.prepare(
      `INSERT INTO session_viewer_counts (session_id, viewers, chatters) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET
         viewers = viewers + excluded.viewers, chatters = chatters + excluded.chatters`,
    );
    this.mergeSessionGift = db.prepare(
      `INSERT INTO session_viewer_gifts (session_id, user_id, gift_id, gift_name, count, coins, biggest, name_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, user_id, gift_id) DO UPDATE SET
         gift_name = CASE WHEN excluded.name_seq > name_seq THEN excluded.gift_name ELSE gift_name END,
         name_seq = max(name_seq, excluded.name_seq),
         count = count + excluded.count, coins = coins + excluded.coins,
         biggest = max(biggest, excluded.biggest)`,
    );
  }

  write(delta: Delta): void {
    for (const [stream, s] of delta.stats) this.writeStats(stream, s);
    if (delta.combined) this.writeStats(COMBINED_KEY, delta.combined);
    for (const s of delta.sessions.values()) this.writeSession(s);
    for (const minutes of delta.rollups.values()) for (const r of minutes.values()) this.writeRollup(r);
    for (const q of quarterIncrements(delta.rollups)) {
      this.mergeQuarter.run(q.stream, q.quarter, q.viewers_sum, q.viewers_n, ...counterValues(q));
    }
    for (const v of delta.viewers.values()) this.mergeViewer.run(...viewerValues(v));
    // A viewer's activity in a session counts toward their profile-wide totals too.
    for (const [sessionId, viewers] of delta.sessionViewers) {
      const counts = { viewers: 0, chatters: 0 };
      for (const v of viewers.values()) {
        const values = viewerValues(v);
        countNew(counts, v, this.mergeSessionViewer.get(sessionId, ...values)!);
        this.mergeViewer.run(...values);
      }
      if (counts.viewers > 0 || counts.chatters > 0)
        this.addSessionCounts.run(sessionId, counts.viewers, counts.chatters);
    }
    for (const gifts of delta.sessionGifts.values()) {
      for (const g of gifts.values()) {
        this.mergeSessionGift.run(
          g.session_id,
          g.user_id,
          g.gift_id,
          g.gift_name,
          g.count,
          g.coins,
          g.biggest,
          g.name_seq,
        );
      }
    }
  }

  private writeStats(stream: string, s: Stats): void {
    this.putStats.run(stream, s.viewers, s.peak_viewers, s.viewers_at, s.updated_at, ...counterValues(s));
  }

  private writeSession(s: Session): void {
    this.putSession.run(
      s.id,
      s.stream,
      s.started_at,
      s.ended_at,
      s.last_event_at,
      s.end_reason,
      s.peak_viewers,
      s.viewers_sum,
      s.viewers_n,
      s.events,
      ...counterValues(s),
    );
  }

  private writeRollup(r: Rollup): void {
    this.mergeRollup.run(
      r.stream,
      r.minute,
      r.viewers_last,
      r.viewers_last_at,
      r.viewers_min,
      r.viewers_max,
      r.viewers_sum,
      r.viewers_n,
      r.events,
      ...counterValues(r),
    );
  }
}

/**
 * Counts a viewer new to a session, or chatting in it for the first time: from their merged row's
 * totals, which equal the increment `v` only if there was nothing before (a row has an event).
 */
function countNew(
  counts: { viewers: number; chatters: number },
  v: ViewerTotals,
  merged: { events: number; comments: number },
): void {
  if (merged.events === v.events) counts.viewers += 1;
  if (v.comments > 0 && merged.comments === v.comments) counts.chatters += 1;
}

function viewerValues(v: ViewerTotals): (string | number | null)[] {
  return [v.user_id, v.name, v.display, v.name_seq, v.first_seen, v.last_seen, v.events, ...counterValues(v)];
}
