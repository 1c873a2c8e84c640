import type { ClipPlatform } from '../../core/clip-link.js';
import type { ClipReactionChange, ClipShare } from '../clip-store.port.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Discord shares and reactions of a profile's clips in its log file (migration 0008): what
 * StreamPulse's bot saw, one row per message and clip and per message, emoji and user, so a
 * repeated add or remove changes nothing and counts can fall.
 */
export class SqliteClipShares {
  private readonly stmts;

  constructor(db: SqliteDatabase) {
    this.stmts = {
      share: db.prepare(
        `INSERT INTO clip_shares (message_id, platform, clip_id, url, guild_id, channel_id, author_id, author_name, at)
         VALUES (@message_id, @platform, @clip_id, @url, @guild_id, @channel_id, @author_id, @author_name, @at)
         ON CONFLICT DO NOTHING`,
      ),
      clipsOfMessage: db.prepare<[string], { platform: string; clip_id: string }>(
        'SELECT platform, clip_id FROM clip_shares WHERE message_id = ?',
      ),
      dropShares: db.prepare('DELETE FROM clip_shares WHERE message_id = ?'),
      dropReactions: db.prepare('DELETE FROM clip_message_reactions WHERE message_id = ?'),
      dropEmoji: db.prepare('DELETE FROM clip_message_reactions WHERE message_id = ? AND emoji = ?'),
      react: db.prepare(
        'INSERT INTO clip_message_reactions (message_id, emoji, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      unreact: db.prepare(
        'DELETE FROM clip_message_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?',
      ),
      seqOf: db
        .prepare<[string, string], number>('SELECT seq FROM clips WHERE platform = ? AND clip_id = ?')
        .pluck(),
      ofClip: db.prepare<[number], ClipShare>(
        `SELECT s.platform, s.clip_id, s.url, s.guild_id, s.channel_id, s.message_id, s.author_id, s.author_name, s.at
         FROM clips c JOIN clip_shares s ON s.platform = c.platform AND s.clip_id = c.clip_id
         WHERE c.seq = ? ORDER BY s.at, s.message_id LIMIT 1000`,
      ),
      unknown: db
        .prepare<[string, number], string>(
          `SELECT DISTINCT s.clip_id FROM clip_shares s
         WHERE s.platform = ? AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.platform = s.platform AND c.clip_id = s.clip_id)
         LIMIT ?`,
        )
        .pluck(),
    };
  }

  /** Records shares; answers how many were new and the stored clips whose counts they change. */
  record(shares: readonly ClipShare[]): { recorded: number; clips: number[] } {
    const clips = new Set<number>();
    let recorded = 0;
    for (const share of shares) {
      if (this.stmts.share.run(share).changes === 0) continue;
      recorded += 1;
      this.addClip(clips, share.platform, share.clip_id);
    }
    return { recorded, clips: [...clips] };
  }

  /** Forgets deleted messages' shares and reactions; answers how many shares went and the clips touched. */
  forget(messageIds: readonly string[]): { removed: number; clips: number[] } {
    const clips = new Set<number>();
    let removed = 0;
    for (const id of messageIds) {
      for (const c of this.stmts.clipsOfMessage.all(id)) this.addClip(clips, c.platform, c.clip_id);
      removed += this.stmts.dropShares.run(id).changes;
      this.stmts.dropReactions.run(id);
    }
    return { removed, clips: [...clips] };
  }

  /** Applies reaction changes on messages that shared clips; answers how many changed something. */
  react(changes: readonly ClipReactionChange[]): { applied: number; clips: number[] } {
    const s = this.stmts;
    const clips = new Set<number>();
    let applied = 0;
    for (const change of changes) {
      const shared = s.clipsOfMessage.all(change.message_id);
      if (shared.length === 0) continue;
      let changed: number;
      if (change.kind === 'add')
        changed = s.react.run(change.message_id, change.emoji, change.user_id).changes;
      else if (change.kind === 'remove') {
        changed = s.unreact.run(change.message_id, change.emoji, change.user_id).changes;
      } else if (change.emoji === null) changed = s.dropReactions.run(change.message_id).changes;
      else changed = s.dropEmoji.run(change.message_id, change.emoji).changes;
      if (changed === 0) continue;
      applied += 1;
      for (const c of shared) this.addClip(clips, c.platform, c.clip_id);
    }
    return { applied, clips: [...clips] };
  }

  /** The shares of clip `seq`, oldest first. */
  ofClip(seq: number): ClipShare[] {
    return this.stmts.ofClip.all(seq);
  }

  /** Clip ids of `platform` shared but not stored. */
  unknown(platform: ClipPlatform, limit: number): string[] {
    return this.stmts.unknown.all(platform, limit);
  }

  private addClip(clips: Set<number>, platform: string, clipId: string): void {
    const seq = this.stmts.seqOf.get(platform, clipId);
    if (seq !== undefined) clips.add(seq);
  }
}
