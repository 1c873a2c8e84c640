import type { CounterField } from '../core/counters.js';

/** A closed session a leaderboard scope covers, with what tells whether its viewer rows changed. */
export interface ScopedSession {
  id: number;
  /** Changes whenever the session's viewer rows may have changed (an engine's row version). */
  version: string;
}

/** One viewer's sum of a counter. */
export interface UserValue {
  user_id: string;
  value: number;
}

/** One counter summed per viewer over a set of closed sessions, highest first. */
interface SessionSetSums {
  metric: CounterField;
  versions: Map<number, string>;
  byUser: Map<string, number>;
  ranked: UserValue[];
  usedAt: number;
}

/** What a leaderboard must read before it can rank: nothing, or the sums of some sessions. */
export type SumsPlan =
  | { kind: 'ready'; sums: SessionSetSums }
  | { kind: 'build'; sessions: number[] }
  | { kind: 'shift'; from: SessionSetSums; add: number[]; remove: number[] };

/** The sessions a plan needs summed before `settle`: to add to the set, and to take out of it. */
export function planReads(plan: SumsPlan): { add: number[]; remove: number[] } {
  if (plan.kind === 'build') return { add: plan.sessions, remove: [] };
  if (plan.kind === 'shift') return { add: plan.add, remove: plan.remove };
  return { add: [], remove: [] };
}

/** Less than this left of a sum after subtracting sessions from it counts as nothing. */
const RESIDUE = 1e-6;

/** Below this many closed sessions a scope is summed by the database at every read. */
export const MIN_CACHED_SESSIONS = 4;

/**
 * Per-viewer sums of one counter over the closed sessions of a leaderboard scope, kept between
 * reads: a period covering months sums its closed sessions once, then moves as sessions enter or
 * leave it (a `last30d` a day later reads two sessions, not sixty). Only viewers with a counter
 * above zero are kept, and at most `maxEntries` sets (the least recently used go).
 *
 * A set is used only when every session's version still matches; one changed session (a late
 * event, a void folding the log again) makes the set built anew. What the sessions still open
 * add is read at every request and merged by `rankTop`.
 */
export class ClosedSessionSums {
  private readonly entries: SessionSetSums[] = [];
  private clock = 0;

  constructor(private readonly maxEntries = 4) {}

  /** What to read for `closed` (the scope's closed sessions) summed by `metric`. */
  plan(metric: CounterField, closed: readonly ScopedSession[]): SumsPlan {
    let best: { sums: SessionSetSums; add: number[]; remove: number[] } | null = null;
    for (const sums of this.entries) {
      if (sums.metric !== metric) continue;
      const diff = difference(sums, closed);
      if (diff === null) continue;
      if (diff.add.length === 0 && diff.remove.length === 0) {
        sums.usedAt = ++this.clock;
        return { kind: 'ready', sums };
      }
      if (!best || diff.add.length + diff.remove.length < best.add.length + best.remove.length)
        best = { sums, ...diff };
    }
    // Moving a set costs reading the sessions that differ; past half of them, build it anew.
    if (best && (best.add.length + best.remove.length) * 2 < closed.length)
      return { kind: 'shift', from: best.sums, add: best.add, remove: best.remove };
    return { kind: 'build', sessions: closed.map((s) => s.id) };
  }

  /**
   * The set for `closed` after the plan's reads: `added` summed per viewer over the sessions it
   * asked to build or add, `removed` over those it asked to remove (none for a ready plan).
   */
  settle(
    metric: CounterField,
    closed: readonly ScopedSession[],
    plan: SumsPlan,
    added: readonly UserValue[] = [],
    removed: readonly UserValue[] = [],
  ): SessionSetSums {
    if (plan.kind === 'ready') return plan.sums;
    const byUser = plan.kind === 'shift' ? new Map(plan.from.byUser) : new Map<string, number>();
    for (const { user_id, value } of added) byUser.set(user_id, (byUser.get(user_id) ?? 0) + value);
    for (const { user_id, value } of removed) {
      const left = (byUser.get(user_id) ?? 0) - value;
      // What a fractional counter leaves behind when subtracted is no viewer's activity.
      if (left > RESIDUE) byUser.set(user_id, left);
      else byUser.delete(user_id);
    }
    const ranked = [...byUser].map(([user_id, value]) => ({ user_id, value })).sort(byValueThenUser);
    const sums: SessionSetSums = {
      metric,
      versions: new Map(closed.map((s) => [s.id, s.version])),
      byUser,
      ranked,
      usedAt: ++this.clock,
    };
    if (plan.kind === 'shift') this.entries.splice(this.entries.indexOf(plan.from), 1);
    this.entries.push(sums);
    if (this.entries.length > this.maxEntries) {
      const oldest = this.entries.reduce((a, b) => (a.usedAt <= b.usedAt ? a : b));
      this.entries.splice(this.entries.indexOf(oldest), 1);
    }
    return sums;
  }

  /** Drops every set (the aggregates were built again). */
  clear(): void {
    this.entries.length = 0;
  }
}

/**
 * The first `limit` viewers by closed-session sums plus what the open sessions add (`open`: at
 * least the rows `openNeeds` names, one per viewer), highest first, ties by user id. Only the first `limit` by
 * the closed sessions alone (ranked the same way) and those active in an open session can make
 * it: anyone else has no more than each of those first, and a higher user id if as much.
 */
export function rankTop(sums: SessionSetSums, open: readonly UserValue[], limit: number): UserValue[] {
  const scores = new Map<string, number>();
  for (const { user_id, value } of sums.ranked.slice(0, limit)) scores.set(user_id, value);
  for (const { user_id, value } of open) {
    scores.set(user_id, (scores.get(user_id) ?? sums.byUser.get(user_id) ?? 0) + value);
  }
  return [...scores]
    .map(([user_id, value]) => ({ user_id, value }))
    .filter((u) => u.value > 0)
    .sort(byValueThenUser)
    .slice(0, limit);
}

/** Which viewers' open-session sums `rankTop` needs (see `openNeeds`). */
export interface OpenNeeds {
  /** The viewers ranked first by the closed sums: their open activity reorders them. */
  first: string[];
  /**
   * Anyone else only with an open-session sum of at least this: below it, even the highest
   * closed sum outside the first `limit` stays under the last of them.
   */
  floor: number;
  /**
   * And only with a profile-wide total of at least this (the last of the first `limit`): a
   * viewer's sum over any sessions is at most their total, and no one can pass the first with less.
   */
  least: number;
}

export function openNeeds(sums: SessionSetSums, limit: number): OpenNeeds {
  const { ranked } = sums;
  const first = ranked.slice(0, limit).map((u) => u.user_id);
  if (ranked.length < limit) return { first, floor: 0, least: 0 };
  // A hair lower: the database's sums and these may round differently.
  const last = ranked[limit - 1]!.value;
  return { first, floor: last - (ranked[limit]?.value ?? 0) - RESIDUE, least: last - RESIDUE };
}

function byValueThenUser(a: UserValue, b: UserValue): number {
  return b.value - a.value || (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0);
}

/**
 * The sessions to add to and remove from `sums` to cover `closed`, or null when a session both
 * hold has changed since (its version differs).
 */
function difference(
  sums: SessionSetSums,
  closed: readonly ScopedSession[],
): { add: number[]; remove: number[] } | null {
  const add: number[] = [];
  const wanted = new Set<number>();
  for (const s of closed) {
    wanted.add(s.id);
    const version = sums.versions.get(s.id);
    if (version === undefined) add.push(s.id);
    else if (version !== s.version) return null;
  }
  const remove = [...sums.versions.keys()].filter((id) => !wanted.has(id));
  return { add, remove };
}
