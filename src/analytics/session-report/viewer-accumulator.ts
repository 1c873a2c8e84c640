import type { Rollup } from '../../core/aggregates.js';
import type { ViewerStats } from './session-report.js';

/**
 * Gathers viewer readings into last/min/max/avg. `avg` weighs every reading alike, so a minute
 * with six readings counts six times as much as a minute with one.
 */
export class ViewerAccumulator {
  private last: number | null = null;
  private lastAt = -Infinity;
  private min: number | null = null;
  private max: number | null = null;
  private sum = 0;
  private n = 0;

  /** Adds a rollup's readings; a rollup without any changes nothing. */
  addRollup(r: Rollup): void {
    if (r.viewers_n === 0 || r.viewers_last === null) return;
    this.min = this.min === null || r.viewers_min! < this.min ? r.viewers_min : this.min;
    this.max = this.max === null || r.viewers_max! > this.max ? r.viewers_max : this.max;
    this.sum += r.viewers_sum;
    this.n += r.viewers_n;
    this.setLast(r.viewers_last, r.viewers_last_at ?? r.minute);
  }

  /** Adds one reading taken at `at` (epoch ms). */
  addReading(value: number, at: number): void {
    this.min = this.min === null || value < this.min ? value : this.min;
    this.max = this.max === null || value > this.max ? value : this.max;
    this.sum += value;
    this.n += 1;
    this.setLast(value, at);
  }

  result(): ViewerStats {
    return { last: this.last, min: this.min, max: this.max, avg: this.n > 0 ? this.sum / this.n : null };
  }

  private setLast(value: number, at: number): void {
    if (at < this.lastAt) return;
    this.last = value;
    this.lastAt = at;
  }
}
