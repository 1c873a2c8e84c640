import { clipKey, lastOfEachClip, type ClipPlatform } from '../../core/clip-link.js';
import type { ClipUpsert, ClipUpsertResult, ClipViewReading, StoredClip } from '../clip-store.port.js';
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

/**
 * A profile's clips in its schema (see migration 0007). Writes run in the profile's write
 * transaction, which holds its append lock: one writer per profile across instances, so new
 * clips take seqs after the last without gaps or collisions.
 */
export class PostgresClips {
  async upsert(c: PgClient, clips: readonly ClipUpsert[], now: number): Promise<ClipUpsertResult> {
    const batch = lastOfEachClip(clips);
    const known = await this.known(c, batch);
    const { rows } = await c.query<{ next: string }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM clips');
    const writes = planClipWrites(batch, known, Number(rows[0]!.next), now);
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
    return writes.result;
  }

  async list(c: PgClient, after: number, limit: number): Promise<StoredClip[]> {
    const { rows } = await c.query<Omit<StoredClip, 'reaction_types'>>(
      'SELECT * FROM clips WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    if (rows.length === 0) return [];
    const reactions = await c.query<ClipReactionRow>(
      'SELECT clip_seq, emoji, count FROM clip_reactions WHERE clip_seq BETWEEN $1 AND $2',
      [rows[0]!.seq, rows[rows.length - 1]!.seq],
    );
    return toStoredClip(rows, reactions.rows);
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
