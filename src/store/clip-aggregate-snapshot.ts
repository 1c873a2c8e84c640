import { ClipCalendar, type ClipPeriod } from '../core/clip-periods.js';
import {
  planClipAggregateDeltas,
  type ClipFacts,
  type ClipPairRow,
  type ClipPeakRow,
  type ClipRankRow,
  type ClipSums,
} from './clip-aggregates.js';

type At = { period_type: ClipPeriod; period_start: number };

/**
 * A profile's clip aggregates in a canonical form, to compare what was kept as clips changed
 * with a recomputation. Display values that follow the latest write (creator names, game ids)
 * are left out: only counts, sums, unique counts and best clips are compared.
 */
export interface ClipAggregateSnapshot {
  totals: (At & ClipSums)[];
  creators: (At & ClipSums & { creator_platform: string; creator_id: string; unique_games: number })[];
  games: (At &
    ClipSums & {
      game_name: string;
      unique_creators: number;
      top_clip_seq: number;
      top_clip_views: number;
    })[];
  pairs: ClipPairRow[];
  peak: ClipPeakRow[];
  ranks: ClipRankRow[];
}

/** The aggregates of these clips, computed from scratch in `timeZone`'s calendar. */
export function computeClipAggregates(clips: readonly ClipFacts[], timeZone: string): ClipAggregateSnapshot {
  const d = planClipAggregateDeltas(
    clips.map((after) => ({ before: null, after })),
    new ClipCalendar(timeZone),
  );
  const gamesOf = new Map<string, number>();
  const creatorsOf = new Map<string, number>();
  for (const p of d.pairs) {
    const c = JSON.stringify([p.period_type, p.period_start, p.creator_platform, p.creator_id]);
    const g = JSON.stringify([p.period_type, p.period_start, p.game_name]);
    gamesOf.set(c, (gamesOf.get(c) ?? 0) + 1);
    creatorsOf.set(g, (creatorsOf.get(g) ?? 0) + 1);
  }
  const best = new Map(
    d.tops.map((t) => [JSON.stringify([t.period_type, t.period_start, t.game_name]), t.best!]),
  );
  return canonicalClipAggregates({
    totals: d.totals.map(sumsAt),
    creators: d.creators.map((r) => ({
      ...sumsAt(r),
      creator_platform: r.creator_platform,
      creator_id: r.creator_id,
      unique_games: gamesOf.get(
        JSON.stringify([r.period_type, r.period_start, r.creator_platform, r.creator_id]),
      )!,
    })),
    games: d.games.map((r) => {
      const k = JSON.stringify([r.period_type, r.period_start, r.game_name]);
      return {
        ...sumsAt(r),
        game_name: r.game_name,
        unique_creators: creatorsOf.get(k)!,
        top_clip_seq: best.get(k)!.seq,
        top_clip_views: best.get(k)!.views,
      };
    }),
    pairs: d.pairs,
    peak: d.peak,
    ranks: d.ranks,
  });
}

function sumsAt(r: At & ClipSums): At & ClipSums {
  const { period_type, period_start, clip_count, total_views, discord_shares, discord_reactions } = r;
  return { period_type, period_start, clip_count, total_views, discord_shares, discord_reactions };
}

const NUMERIC = new Set([
  'period_start',
  'clip_count',
  'total_views',
  'discord_shares',
  'discord_reactions',
  'unique_games',
  'unique_creators',
  'top_clip_seq',
  'top_clip_views',
  'weekday',
  'hour',
  'seq',
  'view_count',
]);

/** These columns of a row, in this order, numbers as numbers (PostgreSQL answers bigint as text). */
function pick<T extends object>(row: T, columns: readonly (keyof T & string)[]): T {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c] = NUMERIC.has(c) ? Number(row[c]) : row[c];
  return out as T;
}

function sorted<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): T[] {
  return rows
    .map((r) => pick(r, columns))
    .map((r) => [JSON.stringify(Object.values(r)), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);
}

const SUMS = ['clip_count', 'total_views', 'discord_shares', 'discord_reactions'] as const;

/** The snapshot with its columns in one order and every list sorted, so two snapshots compare equal when they agree. */
export function canonicalClipAggregates(s: ClipAggregateSnapshot): ClipAggregateSnapshot {
  return {
    totals: sorted(s.totals, ['period_type', 'period_start', ...SUMS]),
    creators: sorted(s.creators, [
      'period_type',
      'period_start',
      'creator_platform',
      'creator_id',
      ...SUMS,
      'unique_games',
    ]),
    games: sorted(s.games, [
      'period_type',
      'period_start',
      'game_name',
      ...SUMS,
      'unique_creators',
      'top_clip_seq',
      'top_clip_views',
    ]),
    pairs: sorted(s.pairs, [
      'period_type',
      'period_start',
      'creator_platform',
      'creator_id',
      'game_name',
      'clip_count',
    ]),
    peak: sorted(s.peak, ['weekday', 'hour', 'clip_count', 'total_views']),
    ranks: sorted(s.ranks, ['period_type', 'period_start', 'seq', 'view_count']),
  };
}
