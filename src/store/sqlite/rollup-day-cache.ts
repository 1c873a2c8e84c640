import type { Rollup } from '../../core/aggregates.js';
import type { RollupColumns, RollupColumnsQuery } from '../read-ports.js';
import { concatRollupColumns } from '../rollup-columns.js';

const DAY_MS = 86_400_000;
/** Whole days of columns kept per profile; the earliest kept go first past it. */
const MAX_KEPT = 200;

/**
 * Rollup columns of whole UTC days, kept between reads until a write touches the day: a range of
 * months (the drivers over 30 days) reads again only the days that changed, today while live.
 * Only for the embedded engine, whose aggregates thread makes every write to the file and reports
 * the minutes of each (`touched`); a rebuild forgets everything (`clear`).
 */
export class RollupDayCache {
  private readonly versions = new Map<number, number>();
  private readonly kept = new Map<string, { version: number; columns: RollupColumns }>();

  /** Marks the days of a written delta's rollups as changed. */
  touched(rollups: ReadonlyMap<string, ReadonlyMap<number, Rollup>>): void {
    for (const minutes of rollups.values()) {
      for (const minute of minutes.keys()) {
        const day = Math.floor(minute / DAY_MS);
        this.versions.set(day, (this.versions.get(day) ?? 0) + 1);
      }
    }
  }

  clear(): void {
    this.versions.clear();
    this.kept.clear();
  }

  /** The columns of `query`: whole days kept or read by `read` (and kept), the partial days at its ends read. */
  columns(query: RollupColumnsQuery, read: (query: RollupColumnsQuery) => RollupColumns): RollupColumns {
    const parts: RollupColumns[] = [];
    const { limit, ...range } = query;
    for (let day = Math.floor(query.from / DAY_MS); day * DAY_MS < query.to; day += 1) {
      const from = Math.max(query.from, day * DAY_MS);
      const to = Math.min(query.to, (day + 1) * DAY_MS);
      if (to - from < DAY_MS) {
        parts.push(read({ ...range, from, to }));
        continue;
      }
      const key = `${day}\u0000${query.stream ?? ''}\u0000${query.fields.join(',')}`;
      const version = this.versions.get(day) ?? 0;
      let entry = this.kept.get(key);
      if (entry?.version !== version) {
        entry = { version, columns: read({ ...range, from, to }) };
        this.kept.delete(key);
        this.kept.set(key, entry);
        if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
      }
      parts.push(entry.columns);
    }
    return concatRollupColumns(parts, query.fields, limit);
  }
}
