import { COUNTER_FIELDS, type CounterField } from '../core/counters.js';
import type { ViewerTotals } from '../core/aggregates.js';
import type { GiftTotal, LeaderboardRow, ViewerQuery } from './ports.js';

/**
 * What every engine's viewer reads share: the columns a list may be sorted by (never taken from
 * input unchecked), the SQL sums of a viewer's counters, the LIKE pattern of a search, and how
 * a leaderboard row is put together with its gifts.
 */
export const SORTABLE_VIEWER_FIELDS: ReadonlySet<string> = new Set([
  ...COUNTER_FIELDS,
  'last_seen',
  'first_seen',
  'events',
]);

/** `sum(v.<field>) AS <field>` for the event count and every counter. */
export const VIEWER_SUMS = ['events', ...COUNTER_FIELDS].map((f) => `sum(v.${f}) AS ${f}`).join(', ');

/** The columns of a viewer's totals (`v.` prefixed), as a session's viewer row holds them too. */
export const VIEWER_FIELDS = [
  'user_id',
  'name',
  'display',
  'name_seq',
  'first_seen',
  'last_seen',
  'events',
  ...COUNTER_FIELDS,
]
  .map((f) => `v.${f}`)
  .join(', ');

/** A viewer's rows of the sessions they took part in, with each session's stream and start. */
export const VIEWER_SESSIONS = `SELECT v.*, s.stream, s.started_at FROM session_viewers v
  LEFT JOIN sessions s ON s.id = v.session_id`;

/** A viewer's gifts of one type over a scope, with the biggest single one. */
export interface GiftRow extends GiftTotal {
  user_id: string;
  biggest: number;
}

export function sortField(query: ViewerQuery): string {
  return SORTABLE_VIEWER_FIELDS.has(query.sort) ? query.sort : 'last_seen';
}

/** `%text%` with LIKE's wildcards escaped (use with `ESCAPE '\'`), or null for no search. */
export function likePattern(search: string | undefined): string | null {
  return search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

/** The counter itself, refusing anything else (it becomes a column name). */
export function checkedCounter(metric: CounterField): CounterField {
  if (!(COUNTER_FIELDS as readonly string[]).includes(metric))
    throw new RangeError(`not a counter: ${metric}`);
  return metric;
}

/** Leaderboard rows: each viewer's totals with their gift types and biggest single gift. */
export function withGifts(rows: readonly ViewerTotals[], gifts: Map<string, GiftRow[]>): LeaderboardRow[] {
  return rows.map((r) => {
    const own = gifts.get(r.user_id) ?? [];
    const top = own.reduce<GiftRow | null>((best, g) => (best && best.biggest >= g.biggest ? best : g), null);
    return {
      ...r,
      gift_types: own.map(({ gift_id, gift_name, count, coins }) => ({ gift_id, gift_name, count, coins })),
      biggest_gift: top ? { gift_id: top.gift_id, gift_name: top.gift_name, coins: top.biggest } : null,
    };
  });
}

/** Groups gift rows by viewer, keeping their order. */
export function giftsByUser(rows: readonly GiftRow[]): Map<string, GiftRow[]> {
  const byUser = new Map<string, GiftRow[]>();
  for (const r of rows) {
    let list = byUser.get(r.user_id);
    if (!list) byUser.set(r.user_id, (list = []));
    list.push(r);
  }
  return byUser;
}
