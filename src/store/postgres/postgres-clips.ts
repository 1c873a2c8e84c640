import { clipKey, lastOfEachClip, type ClipPlatform } from '../../core/clip-link.js';
import { clipRefreshWindows } from '../../core/clip-refresh.js';
import type {
  ClipDue,
  ClipReactionChange,
  ClipShare,
  ClipUpsert,
  ClipUpsertResult,
  ClipViewReading,
  StoredClip,
} from '../clip-store.port.js';
import { planClipAggregateDeltas, type ClipChange, type ClipFacts } from '../clip-aggregates.js';
import { computeClipAggregates, type ClipAggregateSnapshot } from '../clip-aggregate-snapshot.js';
import { PG_CLIP_FACTS, PostgresClipAggregates } from './postgres-clip-aggregates.js';
import { PostgresClipShares } from './postgres-clip-shares.js';
import type { ClipPeriodKey } from '../clip-analytics.port.js';
import { CLIP_COLUMNS, KEEP_UNLESS_GIVEN, toStoredClip, type ClipReactionRow } from '../clip-rows.js';
import { planClipWrites, type ClipRow, type KnownClip } from '../clip-writes.js';
import type { PgClient } from './postgres-pool.js';

type Column = (typeof CLIP_COLUMNS)[number] | 'first_seen';

const TYPES: Record<Column, 'bigint' | 'text' | 'float8'> = {
  seq: 'bigint',
  platform: 'text',
  clip_id: 'text',
  url: 'text',
  title: 'text',
  creator_platform: 'text',
  creator_id: 'text',
  creator_name: 'text',
  game_id: 'text',
  game_name: 'text',
  broadcaster_id: 'text',
  broadcaster_name: 'text',
  stream: 'text',
  created_at: 'bigint',
  duration: 'float8',
  vod_offset: 'bigint',
  thumbnail_url: 'text',
  view_count: 'bigint',
  discord_shares: 'bigint',
  discord_reactions: 'bigint',
  last_updated: 'bigint',
  first_seen: 'bigint',
};

const INSERT_COLUMNS: Column[] = [...CLIP_COLUMNS, 'first_seen'];

/** `unnest($1::type[], ...) AS u (columns)` of these columns, the parameters numbered from 1. */
function unnestOf(columns: readonly Column[]): string {
  const arrays = columns.map((c, i) => `$${i + 1}::${TYPES[c]}[]`).join(', ');
  return `unnest(${arrays}) AS u (${columns.join(', ')})`;
}

const INSERT = `INSERT INTO clips (${INSERT_COLUMNS.join(', ')})
  SELECT ${INSERT_COLUMNS.join(', ')} FROM ${unnestOf(INSERT_COLUMNS)}`;

const UPDATE = `UPDATE clips c SET ${CLIP_COLUMNS.filter((col) => col !== 'seq')
  .map((col) => (KEEP_UNLESS_GIVEN.has(col) ? `${col} = coalesce(u.${col}, c.${col})` : `${col} = u.${col}`))
  .join(', ')}
  FROM ${unnestOf(CLIP_COLUMNS)} WHERE c.seq = u.seq`;

/** Each column's values of these rows, in the order of `columns`. */
const columnsOf = <R extends object>(rows: readonly R[], columns: readonly Column[]) =>
  columns.map((c) => rows.map((r) => (r as Record<string, unknown>)[c] ?? null));

/** A clips row as the API shows it: Discord counts are the larger of pushed and counted (ADR 0023). */
const STORED_CLIP = `SELECT ${CLIP_COLUMNS.filter((c) => c !== 'discord_shares' && c !== 'discord_reactions')
  .map((c) => `clips.${c}`)
  .join(', ')}, clips.first_seen, greatest(clips.discord_shares, clips.counted_shares) AS discord_shares,
  greatest(clips.discord_reactions, clips.counted_reactions) AS discord_reactions FROM clips`;

/** Reactions by emoji of some clips: pushed ones, and those counted on their Discord shares. */
const REACTIONS_OF = `SELECT clip_seq, emoji, max(count) AS count FROM (
    SELECT clip_seq, emoji, count FROM clip_reactions WHERE clip_seq = ANY($1::bigint[])
    UNION ALL
    SELECT c.seq, r.emoji, count(*) FROM clips c JOIN clip_shares s ON s.platform = c.platform AND s.clip_id = c.clip_id
      JOIN clip_message_reactions r ON r.message_id = s.message_id
    WHERE c.seq = ANY($1::bigint[]) GROUP BY c.seq, r.emoji
  ) x GROUP BY clip_seq, emoji`;

const RECOUNT = `UPDATE clips SET
    counted_shares = (SELECT count(*) FROM clip_shares s WHERE s.platform = clips.platform AND s.clip_id = clips.clip_id),
    counted_reactions = (SELECT count(*) FROM clip_shares s JOIN clip_message_reactions r ON r.message_id = s.message_id
      WHERE s.platform = clips.platform AND s.clip_id = clips.clip_id)
  WHERE seq = ANY($1::bigint[])`;

/**
 * A profile's clips in its schema (see migration 0007). Writes run in the profile's write
 * transaction, which holds its append lock: one writer per profile across instances, so new
 * clips take seqs after the last without gaps or collisions.
 */
export class PostgresClips {
  readonly aggregates = new PostgresClipAggregates();
  private readonly shares = new PostgresClipShares();

  async upsert(c: PgClient, clips: readonly ClipUpsert[], now: number): Promise<ClipUpsertResult> {
    const batch = lastOfEachClip(clips);
    const known = await this.known(c, batch);
    const { rows } = await c.query<{ next: string }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM clips');
    const writes = planClipWrites(batch, known, Number(rows[0]!.next), now);
    const inserted = writes.inserts.map((r) => r.seq);
    await this.changing(
      c,
      [...known.values()].map((k) => k.seq),
      async () => {
        await this.write(c, writes);
        // Shares seen on Discord before the clip was known count from now on.
        if (inserted.length > 0) await c.query(RECOUNT, [inserted]);
        return [...inserted, ...writes.updates.map((r) => r.seq)];
      },
    );
    return writes.result;
  }

  async recordShares(c: PgClient, shares: readonly ClipShare[]): Promise<{ recorded: number }> {
    const { recorded, clips } = await this.shares.record(c, shares);
    await this.recountDiscord(c, clips);
    return { recorded };
  }

  async forgetMessages(c: PgClient, messageIds: readonly string[]): Promise<{ removed: number }> {
    const { removed, clips } = await this.shares.forget(c, messageIds);
    await this.recountDiscord(c, clips);
    return { removed };
  }

  async applyReactions(c: PgClient, changes: readonly ClipReactionChange[]): Promise<{ applied: number }> {
    const { applied, clips } = await this.shares.react(c, changes);
    await this.recountDiscord(c, clips);
    return { applied };
  }

  sharesOf(c: PgClient, seq: number): Promise<ClipShare[] | null> {
    return this.shares.ofClip(c, seq);
  }

  sharedUnknown(c: PgClient, platform: ClipPlatform, limit: number): Promise<string[]> {
    return this.shares.unknown(c, platform, limit);
  }

  async dueForRefresh(c: PgClient, platform: ClipPlatform, now: number, limit: number): Promise<ClipDue[]> {
    const due: ClipDue[] = [];
    for (const w of clipRefreshWindows(now)) {
      if (due.length >= limit) break;
      const { rows } = await c.query<ClipDue>(
        `SELECT seq, clip_id, created_at, last_updated FROM clips
         WHERE platform = $1 AND created_at >= $2 AND created_at < $3 AND last_updated < $4
         ORDER BY last_updated, seq LIMIT $5`,
        [platform, w.createdFrom, w.createdTo, w.readBefore, limit - due.length],
      );
      due.push(...rows);
    }
    return due;
  }

  async streamClips(c: PgClient, stream: string, from: number, to: number): Promise<StoredClip[]> {
    const { rows } = await c.query<Omit<StoredClip, 'reaction_types'>>(
      `${STORED_CLIP} WHERE stream = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, seq LIMIT 10000`,
      [stream, from, to],
    );
    return this.withReactions(c, rows);
  }

  async viralClips(
    c: PgClient,
    period: ClipPeriodKey,
    minViews: number,
    limit: number,
  ): Promise<StoredClip[]> {
    const { rows } =
      period.period_type === 'all_time'
        ? await c.query<Omit<StoredClip, 'reaction_types'>>(
            `${STORED_CLIP} WHERE view_count >= $1 ORDER BY view_count DESC, seq LIMIT $2`,
            [minViews, limit],
          )
        : await c.query<Omit<StoredClip, 'reaction_types'>>(
            `${STORED_CLIP.replace('FROM clips', 'FROM clip_rank r JOIN clips ON clips.seq = r.seq')}
             WHERE r.period_type = $1 AND r.period_start = $2 AND r.view_count >= $3
             ORDER BY r.view_count DESC, r.seq LIMIT $4`,
            [period.period_type, period.period_start, minViews, limit],
          );
    return this.withReactions(c, rows);
  }

  async rebuildAggregates(c: PgClient, timeZone: string): Promise<void> {
    await this.aggregates.rebuild(c, timeZone);
  }

  async checkAggregates(
    c: PgClient,
  ): Promise<{ stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot }> {
    const zone = await this.aggregates.zone(c);
    return {
      stored: await this.aggregates.snapshot(c),
      recomputed: computeClipAggregates(await this.aggregates.allFacts(c), zone),
    };
  }

  private async recountDiscord(c: PgClient, seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.changing(c, seqs, async () => {
      await c.query(RECOUNT, [seqs]);
      return seqs;
    });
  }

  /** Runs `write` and keeps the aggregates: `before` are the clips it may change; it answers those it changed or added. */
  private async changing(
    c: PgClient,
    before: readonly number[],
    write: () => Promise<readonly number[]>,
  ): Promise<void> {
    const zone = await this.aggregates.zone(c);
    const old = new Map((await this.factsOf(c, before)).map((f) => [Number(f.seq), f]));
    const after = await this.factsOf(c, await write());
    const changes: ClipChange[] = after.map((f) => ({ before: old.get(Number(f.seq)) ?? null, after: f }));
    await this.aggregates.apply(c, planClipAggregateDeltas(changes, this.aggregates.calendar(zone)));
  }

  private async factsOf(c: PgClient, seqs: readonly number[]): Promise<ClipFacts[]> {
    if (seqs.length === 0) return [];
    return (await c.query<ClipFacts>(`${PG_CLIP_FACTS} WHERE seq = ANY($1::bigint[])`, [seqs])).rows;
  }

  private async withReactions(
    c: PgClient,
    rows: Omit<StoredClip, 'reaction_types'>[],
  ): Promise<StoredClip[]> {
    if (rows.length === 0) return [];
    const reactions = await c.query<ClipReactionRow>(REACTIONS_OF, [rows.map((r) => r.seq)]);
    return toStoredClip(rows, reactions.rows);
  }

  private async write(c: PgClient, writes: ReturnType<typeof planClipWrites>): Promise<void> {
    if (writes.inserts.length > 0) await c.query(INSERT, columnsOf(writes.inserts, INSERT_COLUMNS));
    if (writes.updates.length > 0) await c.query(UPDATE, columnsOf<ClipRow>(writes.updates, CLIP_COLUMNS));
    if (writes.views.length > 0) {
      await c.query(
        `INSERT INTO clip_views (clip_seq, at, view_count)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
         ON CONFLICT (clip_seq, at) DO UPDATE SET view_count = excluded.view_count`,
        [
          writes.views.map((v) => v.clip_seq),
          writes.views.map((v) => v.at),
          writes.views.map((v) => v.view_count),
        ],
      );
    }
    if (writes.reactionsOf.length > 0) {
      await c.query('DELETE FROM clip_reactions WHERE clip_seq = ANY($1::bigint[])', [writes.reactionsOf]);
      await c.query(
        `INSERT INTO clip_reactions (clip_seq, emoji, count)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])`,
        [
          writes.reactions.map((r) => r.clip_seq),
          writes.reactions.map((r) => r.emoji),
          writes.reactions.map((r) => r.count),
        ],
      );
    }
  }

  async list(c: PgClient, after: number, limit: number): Promise<StoredClip[]> {
    const { rows } = await c.query<Omit<StoredClip, 'reaction_types'>>(
      `${STORED_CLIP} WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return this.withReactions(c, rows);
  }

  async views(c: PgClient, seq: number): Promise<ClipViewReading[] | null> {
    const found = await c.query('SELECT 1 FROM clips WHERE seq = $1', [seq]);
    if (found.rows.length === 0) return null;
    const { rows } = await c.query<ClipViewReading>(
      'SELECT at, view_count FROM clip_views WHERE clip_seq = $1 ORDER BY at',
      [seq],
    );
    return rows;
  }

  /** The stored clips among `clips`, by clip key. */
  private async known(c: PgClient, clips: readonly ClipUpsert[]): Promise<Map<string, KnownClip>> {
    const { rows } = await c.query<{
      platform: ClipPlatform;
      clip_id: string;
      seq: number;
      view_count: number;
    }>(
      `SELECT platform, clip_id, seq, view_count FROM clips
       WHERE (platform, clip_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [clips.map((x) => x.link.platform), clips.map((x) => x.link.id)],
    );
    return new Map(
      rows.map((r) => [
        clipKey({ platform: r.platform, id: r.clip_id }),
        { seq: Number(r.seq), view_count: Number(r.view_count) },
      ]),
    );
  }
}
