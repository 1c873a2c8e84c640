const WINDOW_S = 60;

/**
 * A sum over a sliding 60-second window (chat messages per minute, coins per minute), from
 * per-second buckets: at most 61 kept, whatever the rate. Time is event time; the caller says what
 * "now" is.
 */
export class MinuteWindow {
  private readonly buckets = new Map<number, number>();
  private latestAt = 0;
  private prunedAt = 0;
  private arrived = 0;

  /** Counts `count` at event time `at`, arrived at `arrivedAt` (wall clock). */
  add(at: number, count: number, arrivedAt = Date.now()): void {
    this.arrived = Math.max(this.arrived, arrivedAt);
    const second = Math.floor(at / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + count);
    if (at > this.latestAt) this.latestAt = at;
    this.prune(this.latestAt);
  }

  /** The sum over the 60 seconds up to `now` (event time): a rate per minute. */
  perMinute(now: number): number {
    this.prune(now);
    const from = Math.floor(now / 1000) - WINDOW_S;
    let total = 0;
    for (const [second, n] of this.buckets) if (second > from) total += n;
    return total;
  }

  /** When the last count arrived (wall clock; 0 before any). */
  get arrivedAt(): number {
    return this.arrived;
  }

  /** The newest event time seen (0 before any). */
  get latest(): number {
    return this.latestAt;
  }

  private prune(now: number): void {
    const oldest = Math.floor(now / 1000) - WINDOW_S;
    // Once per second of time is enough: the add path runs for every chat message.
    if (oldest <= this.prunedAt) return;
    this.prunedAt = oldest;
    for (const second of this.buckets.keys()) if (second <= oldest) this.buckets.delete(second);
  }
}
