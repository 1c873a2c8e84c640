import type { ClipPlatform } from '../../core/clip-link.js';
import type { ClipReactionChange, ClipShare } from '../clip-store.port.js';
import type { PgClient } from './postgres-pool.js';

/**
 * Discord shares and reactions of a profile's clips in its schema (migration 0008), the same
 * rules as the embedded engine: one row per message and clip, and per message, emoji and user.
 */
export class PostgresClipShares {
  /** Records shares; answers how many were new and the stored clips whose counts they change. */
  async record(c: PgClient, shares: readonly ClipShare[]): Promise<{ recorded: number; clips: number[] }> {
    if (shares.length === 0) return { recorded: 0, clips: [] };
    const cols = [
      'message_id',
      'platform',
      'clip_id',
      'url',
      'guild_id',
      'channel_id',
      'author_id',
      'author_name',
    ] as const;
    const { rows } = await c.query<{ seq: number | null }>(
      `WITH added AS (
         INSERT INTO clip_shares (${cols.join(', ')}, at)
         SELECT * FROM unnest(${cols.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${cols.length + 1}::bigint[])
         ON CONFLICT DO NOTHING RETURNING platform, clip_id)
       SELECT c.seq FROM added a LEFT JOIN clips c ON c.platform = a.platform AND c.clip_id = a.clip_id`,
      [...cols.map((col) => shares.map((s) => s[col])), shares.map((s) => s.at)],
    );
    return { recorded: rows.length, clips: seqsOf(rows) };
  }

  /** Forgets deleted messages' shares and reactions; answers how many shares went and the clips touched. */
  async forget(c: PgClient, messageIds: readonly string[]): Promise<{ removed: number; clips: number[] }> {
    const { rows } = await c.query<{ seq: number | null }>(
      `WITH gone AS (DELETE FROM clip_shares WHERE message_id = ANY($1::text[]) RETURNING platform, clip_id)
       SELECT c.seq FROM gone g LEFT JOIN clips c ON c.platform = g.platform AND c.clip_id = g.clip_id`,
      [messageIds],
    );
    await c.query('DELETE FROM clip_message_reactions WHERE message_id = ANY($1::text[])', [messageIds]);
    return { removed: rows.length, clips: seqsOf(rows) };
  }

  /** Applies reaction changes on messages that shared clips; answers how many changed something. */
  async react(
    c: PgClient,
    changes: readonly ClipReactionChange[],
  ): Promise<{ applied: number; clips: number[] }> {
    const clips = new Set<number>();
    let applied = 0;
    for (const change of changes) {
      const shared = await c.query<{ seq: number | null }>(
        `SELECT c.seq FROM clip_shares s LEFT JOIN clips c ON c.platform = s.platform AND c.clip_id = s.clip_id
         WHERE s.message_id = $1`,
        [change.message_id],
      );
      if (shared.rows.length === 0) continue;
      const changed = await this.change(c, change);
      if (changed === 0) continue;
      applied += 1;
      for (const seq of seqsOf(shared.rows)) clips.add(seq);
    }
    return { applied, clips: [...clips] };
  }

  /** The shares of clip `seq`, oldest first (null when there is no such clip). */
  async ofClip(c: PgClient, seq: number): Promise<ClipShare[] | null> {
    const found = await c.query('SELECT 1 FROM clips WHERE seq = $1', [seq]);
    if (found.rows.length === 0) return null;
    const { rows } = await c.query<ClipShare>(
      `SELECT s.platform, s.clip_id, s.url, s.guild_id, s.channel_id, s.message_id, s.author_id, s.author_name, s.at
       FROM clips c JOIN clip_shares s ON s.platform = c.platform AND s.clip_id = c.clip_id
       WHERE c.seq = $1 ORDER BY s.at, s.message_id LIMIT 1000`,
      [seq],
    );
    return rows;
  }

  async unknown(c: PgClient, platform: ClipPlatform, limit: number): Promise<string[]> {
    const { rows } = await c.query<{ clip_id: string }>(
      `SELECT DISTINCT s.clip_id FROM clip_shares s
       WHERE s.platform = $1 AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.platform = s.platform AND c.clip_id = s.clip_id)
       LIMIT $2`,
      [platform, limit],
    );
    return rows.map((r) => r.clip_id);
  }

  private async change(c: PgClient, change: ClipReactionChange): Promise<number> {
    if (change.kind === 'add') {
      const r = await c.query(
        'INSERT INTO clip_message_reactions (message_id, emoji, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [change.message_id, change.emoji, change.user_id],
      );
      return r.rowCount ?? 0;
    }
    if (change.kind === 'remove') {
      const r = await c.query(
        'DELETE FROM clip_message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3',
        [change.message_id, change.emoji, change.user_id],
      );
      return r.rowCount ?? 0;
    }
    const r = await c.query(
      'DELETE FROM clip_message_reactions WHERE message_id = $1 AND ($2::text IS NULL OR emoji = $2)',
      [change.message_id, change.emoji],
    );
    return r.rowCount ?? 0;
  }
}

function seqsOf(rows: readonly { seq: number | null }[]): number[] {
  return [...new Set(rows.flatMap((r) => (r.seq === null ? [] : [Number(r.seq)])))];
}
