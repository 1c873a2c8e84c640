import { clipKey, lastOfEachClip, type ClipPlatform } from '../../core/clip-link.js';
import type { ClipUpsert, ClipUpsertResult, ClipViewReading, StoredClip } from '../clip-store.port.js';
import { CLIP_COLUMNS, KEEP_UNLESS_GIVEN, toStoredClip, type ClipReactionRow } from '../clip-rows.js';
import { planClipWrites, type KnownClip } from '../clip-writes.js';
import type { SqliteDatabase } from './sqlite-database.js';

const INSERT_COLUMNS = [...CLIP_COLUMNS, 'first_seen'];

/** A profile's clips in its log file (see migration 0007), written by the log thread. */
export class SqliteClips {
  private readonly insert;
  private readonly update;
  private readonly addView;
  private readonly clearReactions;
  private readonly addReaction;
  private readonly lastSeq;
  private readonly find;
  private readonly page;
  private readonly pageReactions;
  private readonly exists;
  private readonly viewsOf;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO clips (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    this.update = db.prepare(
      `UPDATE clips SET ${CLIP_COLUMNS.filter((c) => c !== 'seq')
        .map((c) => (KEEP_UNLESS_GIVEN.has(c) ? `${c} = coalesce(@${c}, ${c})` : `${c} = @${c}`))
        .join(', ')} WHERE seq = @seq`,
    );
    this.addView = db.prepare(
      `INSERT INTO clip_views (clip_seq, at, view_count) VALUES (?, ?, ?)
       ON CONFLICT (clip_seq, at) DO UPDATE SET view_count = excluded.view_count`,
    );
    this.clearReactions = db.prepare('DELETE FROM clip_reactions WHERE clip_seq = ?');
    this.addReaction = db.prepare('INSERT INTO clip_reactions (clip_seq, emoji, count) VALUES (?, ?, ?)');
    this.lastSeq = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM clips').pluck();
    // The batch's keys as one JSON parameter: `[[platform, clip_id], ...]`.
    this.find = db.prepare<[string], KnownClip & { platform: ClipPlatform; clip_id: string }>(
      `SELECT platform, clip_id, seq, view_count FROM clips
       WHERE (platform, clip_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`,
    );
    this.page = db.prepare<[number, number], Omit<StoredClip, 'reaction_types'>>(
      'SELECT * FROM clips WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.pageReactions = db.prepare<[number, number], ClipReactionRow>(
      'SELECT clip_seq, emoji, count FROM clip_reactions WHERE clip_seq BETWEEN ? AND ?',
    );
    this.exists = db.prepare<[number]>('SELECT 1 FROM clips WHERE seq = ?');
    this.viewsOf = db.prepare<[number], ClipViewReading>(
      'SELECT at, view_count FROM clip_views WHERE clip_seq = ? ORDER BY at',
    );
  }

  upsert(clips: readonly ClipUpsert[], now: number): ClipUpsertResult {
    return this.db.transaction(() => {
      const batch = lastOfEachClip(clips);
      const writes = planClipWrites(batch, this.known(batch), (this.lastSeq.get() as number) + 1, now);
      for (const row of writes.inserts) this.insert.run(row);
      for (const row of writes.updates) this.update.run(row);
      for (const v of writes.views) this.addView.run(v.clip_seq, v.at, v.view_count);
      for (const seq of writes.reactionsOf) this.clearReactions.run(seq);
      for (const r of writes.reactions) this.addReaction.run(r.clip_seq, r.emoji, r.count);
      return writes.result;
    })();
  }

  list(after: number, limit: number): StoredClip[] {
    const rows = this.page.all(after, limit);
    if (rows.length === 0) return [];
    return toStoredClip(rows, this.pageReactions.all(rows[0]!.seq, rows[rows.length - 1]!.seq));
  }

  views(seq: number): ClipViewReading[] | null {
    return this.exists.get(seq) ? this.viewsOf.all(seq) : null;
  }

  /** The stored clips among `clips`, by clip key. */
  private known(clips: readonly ClipUpsert[]): Map<string, KnownClip> {
    const keys = JSON.stringify(clips.map((c) => [c.link.platform, c.link.id]));
    return new Map(
      this.find
        .all(keys)
        .map((r) => [
          clipKey({ platform: r.platform, id: r.clip_id }),
          { seq: r.seq, view_count: r.view_count },
        ]),
    );
  }
}
