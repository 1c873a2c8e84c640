import { clipKey } from '../../core/clip-link.js';
import type { ClipUpsert, ClipUpsertResult, ClipViewReading, StoredClip } from '../clip-store.port.js';
import { CLIP_COLUMNS, KEEP_UNLESS_GIVEN, toStoredClip, type ClipReactionRow } from '../clip-rows.js';
import { distinctClips, planClipWrites, type KnownClip } from '../clip-writes.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Clips looked up at a time (SQLite's default limit of host parameters is 32,766). */
const LOOKUP_CHUNK = 500;

const INSERT_COLUMNS = [...CLIP_COLUMNS, 'first_seen'];

/** A profile's clips in its log file (see migration 0007), written by the log thread. */
export class SqliteClips {
  private readonly insert;
  private readonly update;
  private readonly addView;
  private readonly clearReactions;
  private readonly addReaction;
  private readonly lastSeq;

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
  }

  upsert(clips: readonly ClipUpsert[], now: number): ClipUpsertResult {
    return this.db.transaction(() => {
      const batch = distinctClips(clips);
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
    const rows = this.db
      .prepare('SELECT * FROM clips WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(after, limit) as Omit<StoredClip, 'reaction_types'>[];
    if (rows.length === 0) return [];
    const reactions = this.db
      .prepare('SELECT clip_seq, emoji, count FROM clip_reactions WHERE clip_seq BETWEEN ? AND ?')
      .all(rows[0]!.seq, rows[rows.length - 1]!.seq) as ClipReactionRow[];
    return toStoredClip(rows, reactions);
  }

  views(seq: number): ClipViewReading[] | null {
    if (!this.db.prepare('SELECT 1 FROM clips WHERE seq = ?').get(seq)) return null;
    return this.db
      .prepare('SELECT at, view_count FROM clip_views WHERE clip_seq = ? ORDER BY at')
      .all(seq) as ClipViewReading[];
  }

  /** The stored clips among `clips`, by clip key. */
  private known(clips: readonly ClipUpsert[]): Map<string, KnownClip> {
    const known = new Map<string, KnownClip>();
    const find = this.db.prepare(
      `SELECT platform, clip_id, seq, view_count FROM clips
       WHERE (platform, clip_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`,
    );
    for (let i = 0; i < clips.length; i += LOOKUP_CHUNK) {
      const keys = clips.slice(i, i + LOOKUP_CHUNK).map((c) => [c.link.platform, c.link.id]);
      for (const row of find.all(JSON.stringify(keys)) as (KnownClip & {
        platform: string;
        clip_id: string;
      })[]) {
        known.set(clipKey({ platform: row.platform as never, id: row.clip_id }), {
          seq: row.seq,
          view_count: row.view_count,
        });
      }
    }
    return known;
  }
}
