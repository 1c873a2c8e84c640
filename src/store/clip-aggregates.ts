import { CLIP_PERIODS, type ClipCalendar, type ClipPeriod } from '../core/clip-periods.js';

/** What of a clip its aggregates count: the clips row with its effective Discord counts. */
export interface ClipFacts {
  seq: number;
  creator_platform: string;
  creator_id: string;
  creator_name: string;
  game_id: string | null;
  game_name: string;
  created_at: number;
  view_count: number;
  /** Discord shares: the larger of a tool's pushed total and the shares StreamPulse's bot counted. */
  shares: number;
  reactions: number;
}

/** Counts every aggregate row adds up. */
export interface ClipSums {
  clip_count: number;
  total_views: number;
  discord_shares: number;
  discord_reactions: number;
}

export interface ClipTotalsRow extends ClipSums {
  period_type: ClipPeriod;
  period_start: number;
}

export interface ClipCreatorRow extends ClipTotalsRow {
  creator_platform: string;
  creator_id: string;
  creator_name: string;
}

export interface ClipGameRow extends ClipTotalsRow {
  game_name: string;
  game_id: string | null;
}

export interface ClipPairRow {
  period_type: ClipPeriod;
  period_start: number;
  creator_platform: string;
  creator_id: string;
  game_name: string;
  clip_count: number;
}

export interface ClipPeakRow {
  weekday: number;
  hour: number;
  clip_count: number;
  total_views: number;
}

/** A game group's best clip candidate in a batch, and its clips that may have stopped being best. */
export interface ClipTopChange {
  period_type: ClipPeriod;
  period_start: number;
  /** End of the period (exclusive) when there are suspects; null for all time (and without suspects). */
  period_end: number | null;
  game_name: string;
  best: { seq: number; views: number } | null;
  /** Clips that left the group or lost views: if one was its top clip, the top is recomputed. */
  suspects: number[];
}

/** A clip's place among the clips of a day, week or month by views (all time: the clips' own index). */
export interface ClipRankRow {
  period_type: Exclude<ClipPeriod, 'all_time'>;
  period_start: number;
  seq: number;
  view_count: number;
}

/** The periods clips are ranked within by views, besides all time. */
const RANKED_PERIODS = ['day', 'week', 'month'] as const;

/**
 * What a batch of clip changes does to the aggregates, in both engines: sums to add (negative to
 * take away; a row left with no clip is deleted), creator and game pairs whose change alters
 * unique counts, and best-clip candidates of game groups.
 */
export interface ClipAggregateDeltas {
  totals: ClipTotalsRow[];
  creators: ClipCreatorRow[];
  games: ClipGameRow[];
  pairs: ClipPairRow[];
  peak: ClipPeakRow[];
  tops: ClipTopChange[];
  /** Rank rows to delete (clips whose views or time changed), then rows to write. */
  unranks: Omit<ClipRankRow, 'view_count'>[];
  ranks: ClipRankRow[];
}

/** A clip before and after a write (null: not stored before, or gone after). */
export interface ClipChange {
  before: ClipFacts | null;
  after: ClipFacts | null;
}

const key = (...parts: (string | number)[]) => JSON.stringify(parts);

function addSums(to: ClipSums, from: ClipFacts, sign: number): void {
  to.clip_count += sign;
  to.total_views += sign * from.view_count;
  to.discord_shares += sign * from.shares;
  to.discord_reactions += sign * from.reactions;
}

const zero = (): ClipSums => ({ clip_count: 0, total_views: 0, discord_shares: 0, discord_reactions: 0 });
const isZero = (s: ClipSums & { clip_count: number }) =>
  s.clip_count === 0 && s.total_views === 0 && s.discord_shares === 0 && s.discord_reactions === 0;

/**
 * Folds clip changes into aggregate deltas in a time zone's calendar. Each clip counts once in
 * its day, week, month and all time, for its creator, its game, the pair of both, and the
 * hour-of-week grid.
 */
export function planClipAggregateDeltas(
  changes: readonly ClipChange[],
  calendar: ClipCalendar,
): ClipAggregateDeltas {
  const totals = new Map<string, ClipTotalsRow>();
  const creators = new Map<string, ClipCreatorRow>();
  const games = new Map<string, ClipGameRow>();
  const pairs = new Map<string, ClipPairRow>();
  const peak = new Map<string, ClipPeakRow>();
  const tops = new Map<string, ClipTopChange>();

  const fold = (facts: ClipFacts, sign: number): Set<string> => {
    const place = calendar.place(facts.created_at);
    const groups = new Set<string>();
    for (const period_type of CLIP_PERIODS) {
      const period_start = place.starts[period_type];
      const at = { period_type, period_start };
      addSums(
        upsert(totals, key(period_type, period_start), () => ({ ...at, ...zero() })),
        facts,
        sign,
      );
      const creator = upsert(
        creators,
        key(period_type, period_start, facts.creator_platform, facts.creator_id),
        () => ({
          ...at,
          creator_platform: facts.creator_platform,
          creator_id: facts.creator_id,
          creator_name: facts.creator_name,
          ...zero(),
        }),
      );
      addSums(creator, facts, sign);
      if (sign > 0) creator.creator_name = facts.creator_name;
      const gameKey = key(period_type, period_start, facts.game_name);
      const game = upsert(games, gameKey, () => ({
        ...at,
        game_name: facts.game_name,
        game_id: facts.game_id,
        ...zero(),
      }));
      addSums(game, facts, sign);
      if (sign > 0 && facts.game_id !== null) game.game_id = facts.game_id;
      const pairKey = key(
        period_type,
        period_start,
        facts.creator_platform,
        facts.creator_id,
        facts.game_name,
      );
      upsert(pairs, pairKey, () => ({
        ...at,
        creator_platform: facts.creator_platform,
        creator_id: facts.creator_id,
        game_name: facts.game_name,
        clip_count: 0,
      })).clip_count += sign;
      upsert(tops, gameKey, () => ({
        ...at,
        period_end: null,
        game_name: facts.game_name,
        best: null,
        suspects: [],
      }));
      groups.add(gameKey);
    }
    const cell = upsert(peak, key(place.weekday, place.hour), () => ({
      weekday: place.weekday,
      hour: place.hour,
      clip_count: 0,
      total_views: 0,
    }));
    cell.clip_count += sign;
    cell.total_views += sign * facts.view_count;
    return groups;
  };

  const renamed = new Set<string>();
  const unranks: Omit<ClipRankRow, 'view_count'>[] = [];
  const ranks: ClipRankRow[] = [];
  const rankRows = (f: ClipFacts) =>
    RANKED_PERIODS.map((period_type) => ({
      period_type,
      period_start: calendar.place(f.created_at).starts[period_type],
      seq: f.seq,
      view_count: f.view_count,
    }));
  for (const { before, after } of changes) {
    if (before && after && sameFacts(before, after)) continue;
    if (
      !before ||
      !after ||
      before.view_count !== after.view_count ||
      before.created_at !== after.created_at
    ) {
      if (before)
        unranks.push(
          ...rankRows(before).map(({ period_type, period_start, seq }) => ({
            period_type,
            period_start,
            seq,
          })),
        );
      if (after) ranks.push(...rankRows(after));
    }
    const left = before ? fold(before, -1) : new Set<string>();
    const joined = after ? fold(after, 1) : new Set<string>();
    for (const g of left) {
      if (!joined.has(g) || (after && before && after.view_count < before.view_count)) {
        tops.get(g)!.suspects.push(before!.seq);
      }
    }
    // A clip whose group and views stay cannot change its group's best clip.
    const isSame = before !== null && after !== null && before.view_count === after.view_count;
    for (const g of joined) {
      if (isSame && left.has(g)) continue;
      const top = tops.get(g)!;
      if (!top.best || isBetter(after!.seq, after!.view_count, top.best)) {
        top.best = { seq: after!.seq, views: after!.view_count };
      }
    }
    if (before && after && (before.creator_name !== after.creator_name || before.game_id !== after.game_id)) {
      for (const period_type of CLIP_PERIODS) {
        const start = calendar.place(after.created_at).starts[period_type];
        renamed.add(key(period_type, start, after.creator_platform, after.creator_id));
        renamed.add(key(period_type, start, after.game_name));
      }
    }
  }
  return {
    totals: [...totals.values()].filter((r) => !isZero(r)),
    // A new name or game id rides along even when the sums do not change.
    creators: [...creators.entries()].filter(([k, r]) => !isZero(r) || renamed.has(k)).map(([, r]) => r),
    games: [...games.entries()].filter(([k, r]) => !isZero(r) || renamed.has(k)).map(([, r]) => r),
    pairs: [...pairs.values()].filter((p) => p.clip_count !== 0),
    peak: [...peak.values()].filter((c) => c.clip_count !== 0 || c.total_views !== 0),
    tops: [...tops.values()]
      .filter((t) => t.best !== null || t.suspects.length > 0)
      // Only a recomputation needs the period's end.
      .map((t) =>
        t.suspects.length > 0 ? { ...t, period_end: calendar.endOf(t.period_type, t.period_start) } : t,
      ),
    unranks,
    ranks,
  };
}

/** Whether clip `seq` with `views` beats `top`: more views, or as many and seen first. */
function isBetter(seq: number, views: number, top: { seq: number; views: number }): boolean {
  return views > top.views || (views === top.views && seq < top.seq);
}

const FACT_FIELDS = [
  'creator_platform',
  'creator_id',
  'creator_name',
  'game_id',
  'game_name',
  'created_at',
  'view_count',
  'shares',
  'reactions',
] as const;

function sameFacts(a: ClipFacts, b: ClipFacts): boolean {
  return FACT_FIELDS.every((f) => a[f] === b[f]);
}

function upsert<T>(map: Map<string, T>, k: string, create: () => T): T {
  let v = map.get(k);
  if (v === undefined) map.set(k, (v = create()));
  return v;
}
