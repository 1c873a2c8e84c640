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
import { CLIP_COLUMNS, KEEP_UNLESS_GIVEN, toStoredClip, type ClipReactionRow } from '../clip-rows.js';
import { planClipWrites, type KnownClip } from '../clip-writes.js';
import { planClipAggregateDeltas, type ClipChange, type ClipFacts } from '../clip-aggregates.js';
import { SQLITE_CLIP_FACTS, SqliteClipAggregates } from './sqlite-clip-aggregates.js';
import { computeClipAggregates, type ClipAggregateSnapshot } from '../clip-aggregate-snapshot.js';
import { SqliteClipShares } from './sqlite-clip-shares.js';
import type { ClipPeriodKey } from '../clip-analytics.port.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** A clips row as the API shows it: Discord counts are the larger of pushed and counted (ADR 0023). */
const STORED_CLIP = `SELECT ${CLIP_COLUMNS.filter((c) => c !== 'discord_shares' && c !== 'discord_reactions')
  .map((c) => `clips.${c}`)
  .join(', ')}, clips.first_seen, max(clips.discord_shares, clips.counted_shares) AS discord_shares,
  max(clips.discord_reactions, clips.counted_reactions) AS discord_reactions
  FROM clips`;

/** Reactions by emoji of some clips (a JSON array of seqs): pushed ones, and those counted on their Discord shares. */
const REACTIONS_OF = `SELECT clip_seq, emoji, max(count) AS count FROM (
    SELECT clip_seq, emoji, count FROM clip_reactions WHERE clip_seq IN (SELECT value FROM json_each(@seqs))
    UNION ALL
    SELECT c.seq, r.emoji, count(*) FROM clips c JOIN clip_shares s ON s.platform = c.platform AND s.clip_id = c.clip_id
      JOIN clip_message_reactions r ON r.message_id = s.message_id
    WHERE c.seq IN (SELECT value FROM json_each(@seqs)) GROUP BY c.seq, r.emoji
  ) GROUP BY clip_seq, emoji`;

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
  private readonly exists;
  private readonly viewsOf;
  private readonly facts;
  private readonly shares;
  private readonly streamPage;
  private readonly viral;
  private readonly viralOf;
  private readonly due;
  private readonly reactionsOf;
  private readonly markedRead;
  private readonly recount;
  readonly aggregates: SqliteClipAggregates;

  constructor(private readonly db: SqliteDatabase) {
    this.aggregates = new SqliteClipAggregates(db);
    this.facts = db.prepare<[string], ClipFacts>(
      `${SQLITE_CLIP_FACTS} WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    // A clip's Discord counts as StreamPulse's bot saw them (see migration 0008).
    this.recount = db.prepare(
      `UPDATE clips SET
         counted_shares = (SELECT count(*) FROM clip_shares s WHERE s.platform = clips.platform AND s.clip_id = clips.clip_id),
         counted_reactions = (SELECT count(*) FROM clip_shares s JOIN clip_message_reactions r ON r.message_id = s.message_id
           WHERE s.platform = clips.platform AND s.clip_id = clips.clip_id)
       WHERE seq IN (SELECT value FROM json_each(?))`,
    );
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
      `${STORED_CLIP} WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.shares = new SqliteClipShares(db);
    this.streamPage = db.prepare<[string, number, number], Omit<StoredClip, 'reaction_types'>>(
      `${STORED_CLIP} WHERE stream = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, seq LIMIT 10000`,
    );
    this.viral = db.prepare<[number, number], Omit<StoredClip, 'reaction_types'>>(
      `${STORED_CLIP} WHERE view_count >= ? ORDER BY view_count DESC, seq LIMIT ?`,
    );
    // The period's rank rows in order of views, each joined to its clip.
    this.viralOf = db.prepare<[string, number, number, number], Omit<StoredClip, 'reaction_types'>>(
      `${STORED_CLIP.replace('FROM clips', 'FROM clip_rank r JOIN clips ON clips.seq = r.seq')}
       WHERE r.period_type = ? AND r.period_start = ? AND r.view_count >= ? ORDER BY r.view_count DESC, r.seq LIMIT ?`,
    );
    this.due = db.prepare<[string, number, number, number, number], ClipDue>(
      `SELECT seq, clip_id, created_at, last_updated FROM clips
       WHERE platform = ? AND created_at >= ? AND created_at < ? AND last_updated < ? ORDER BY last_updated, seq LIMIT ?`,
    );
    this.reactionsOf = db.prepare<[{ seqs: string }], ClipReactionRow>(REACTIONS_OF);
    this.markedRead = db.prepare(
      'UPDATE clips SET last_updated = ? WHERE seq IN (SELECT value FROM json_each(?))',
    );
    this.exists = db.prepare<[number]>('SELECT 1 FROM clips WHERE seq = ?');
    this.viewsOf = db.prepare<[number], ClipViewReading>(
      'SELECT at, view_count FROM clip_views WHERE clip_seq = ? ORDER BY at',
    );
  }

  upsert(clips: readonly ClipUpsert[], now: number): ClipUpsertResult {
    return this.db.transaction(() => {
      const batch = lastOfEachClip(clips);
      const known = this.known(batch);
      const writes = planClipWrites(batch, known, (this.lastSeq.get() as number) + 1, now);
      const inserted = writes.inserts.map((r) => r.seq);
      this.changing(
        [...known.values()].map((k) => k.seq),
        () => {
          for (const row of writes.inserts) this.insert.run(row);
          for (const row of writes.updates) this.update.run(row);
          for (const v of writes.views) this.addView.run(v.clip_seq, v.at, v.view_count);
          for (const seq of writes.reactionsOf) this.clearReactions.run(seq);
          for (const r of writes.reactions) this.addReaction.run(r.clip_seq, r.emoji, r.count);
          // Shares seen on Discord before the clip was known count from now on.
          if (inserted.length > 0) this.recount.run(JSON.stringify(inserted));
          return [...inserted, ...writes.updates.map((r) => r.seq)];
        },
      );
      return writes.result;
    })();
  }

  rebuildAggregates(timeZone: string): null {
    this.db.transaction(() => this.aggregates.rebuild(timeZone))();
    return null;
  }

  checkAggregates(): { stored: ClipAggregateSnapshot; recomputed: ClipAggregateSnapshot } {
    return this.db.transaction(() => {
      const zone = this.aggregates.zone();
      return {
        stored: this.aggregates.snapshot(),
        recomputed: computeClipAggregates(this.aggregates.allFacts(), zone),
      };
    })();
  }

  /** Counts again the Discord shares and reactions of these clips (in a write transaction). */
  recountDiscord(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.changing(seqs, () => {
      this.recount.run(JSON.stringify(seqs));
      return seqs;
    });
  }

  /**
   * Runs `write` (in the caller's transaction) and keeps the aggregates: `before` are the stored
   * clips it may change, and it answers every clip it changed or added.
   */
  private changing(before: readonly number[], write: () => readonly number[]): void {
    const zone = this.aggregates.zone();
    const old = new Map(this.factsOf(before).map((f) => [f.seq, f]));
    const changes: ClipChange[] = this.factsOf(write()).map((after) => ({
      before: old.get(after.seq) ?? null,
      after,
    }));
    this.aggregates.apply(planClipAggregateDeltas(changes, this.aggregates.calendar(zone)));
  }

  private factsOf(seqs: readonly number[]): ClipFacts[] {
    return seqs.length === 0 ? [] : this.facts.all(JSON.stringify(seqs));
  }

  list(after: number, limit: number): StoredClip[] {
    return this.withReactions(this.page.all(after, limit));
  }

  recordShares(shares: readonly ClipShare[]): { recorded: number } {
    return this.db.transaction(() => {
      const { recorded, clips } = this.shares.record(shares);
      this.recountDiscord(clips);
      return { recorded };
    })();
  }

  forgetMessages(messageIds: readonly string[]): { removed: number } {
    return this.db.transaction(() => {
      const { removed, clips } = this.shares.forget(messageIds);
      this.recountDiscord(clips);
      return { removed };
    })();
  }

  applyReactions(changes: readonly ClipReactionChange[]): { applied: number } {
    return this.db.transaction(() => {
      const { applied, clips } = this.shares.react(changes);
      this.recountDiscord(clips);
      return { applied };
    })();
  }

  sharesOf(seq: number): ClipShare[] | null {
    return this.exists.get(seq) ? this.shares.ofClip(seq) : null;
  }

  markRead(seqs: readonly number[], now: number): null {
    this.markedRead.run(now, JSON.stringify(seqs));
    return null;
  }

  sharedUnknown(platform: ClipPlatform, limit: number): string[] {
    return this.shares.unknown(platform, limit);
  }

  dueForRefresh(platform: ClipPlatform, now: number, limit: number): ClipDue[] {
    const due: ClipDue[] = [];
    for (const w of clipRefreshWindows(now)) {
      if (due.length >= limit) break;
      due.push(...this.due.all(platform, w.createdFrom, w.createdTo, w.readBefore, limit - due.length));
    }
    return due;
  }

  streamClips(stream: string, from: number, to: number): StoredClip[] {
    return this.withReactions(this.streamPage.all(stream, from, to));
  }

  viralClips(timeZone: string, period: ClipPeriodKey, minViews: number, limit: number): StoredClip[] {
    if (period.period_type === 'all_time') return this.withReactions(this.viral.all(minViews, limit));
    this.aggregates.ensureZone(timeZone);
    return this.withReactions(this.viralOf.all(period.period_type, period.period_start, minViews, limit));
  }

  private withReactions(rows: Omit<StoredClip, 'reaction_types'>[]): StoredClip[] {
    if (rows.length === 0) return [];
    return toStoredClip(rows, this.reactionsOf.all({ seqs: JSON.stringify(rows.map((r) => r.seq)) }));
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
