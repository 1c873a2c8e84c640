import type uPlot from 'uplot';
import type { ChartSource } from '../../components/time-chart.js';
import type { MinuteBucket, RecentMinutes } from './recent-minutes.js';

/** Activity counted under the viewers chart, per minute of event time, from the rollups. */
export const ACTIVITY_KINDS = ['comments', 'gifts', 'followers', 'shares', 'likes'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const MINUTE_S = 60;

/**
 * The live charts' data. Viewers: the per-minute readings of the rollups (the minutes before the
 * page opened), then every reading the socket brings, in a fixed-size ring of `capacity` seconds
 * (memory does not grow however long the page stays open). Activity: per-minute counts of the
 * rollups, by event time, read again as events arrive.
 */
export class LiveSeries implements ChartSource {
  private readonly times: Float64Array;
  private readonly viewers: Float64Array;
  private start = 0;
  private length = 0;
  private minutes: MinuteBucket[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly capacity = 600) {
    this.times = new Float64Array(capacity);
    this.viewers = new Float64Array(capacity);
  }

  /** Adds a combined viewers reading taken at `atMs`. */
  add(atMs: number, viewers: number): void {
    const second = Math.floor(atMs / 1000);
    const last = this.length > 0 ? this.slot(this.length - 1) : -1;
    let index = last;
    if (last < 0 || this.times[last]! < second) index = this.push(second);
    else if (this.times[last]! > second) return; // a reading out of order: keep the chart monotonic
    this.viewers[index] = viewers;
    this.notify();
  }

  /** Takes the rollups of the last minutes (combined), replacing those read before. */
  setMinutes(recent: RecentMinutes): void {
    this.minutes = [...recent.combined.values()].sort((a, b) => a.at - b.at);
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Viewers chart data: `[seconds, viewers]`, the rollups' minutes up to the first live reading. */
  snapshot(): uPlot.AlignedData {
    const live = this.read(this.times);
    const firstLive = live[0] ?? Infinity;
    const times: number[] = [];
    const values: number[] = [];
    for (const m of this.minutes) {
      // A minute's last reading is as of the minute's end at the latest.
      const at = m.at / 1000 + MINUTE_S - 1;
      if (m.viewers.last == null || at >= firstLive) continue;
      times.push(at);
      values.push(m.viewers.last);
    }
    return [times.concat(live), values.concat(this.read(this.viewers))];
  }

  /** Activity chart data: `[minute starts, ...ACTIVITY_KINDS]`, counts per minute. */
  readonly activitySource: ChartSource = {
    snapshot: () => [
      this.minutes.map((m) => m.at / 1000),
      ...ACTIVITY_KINDS.map((kind) => this.minutes.map((m) => m[kind])),
    ],
    subscribe: (listener) => this.subscribe(listener),
  };

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  private slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  private push(second: number): number {
    let index: number;
    if (this.length < this.capacity) {
      index = this.slot(this.length);
      this.length += 1;
    } else {
      index = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.times[index] = second;
    this.viewers[index] = 0;
    return index;
  }

  private read(ring: Float64Array): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = ring[this.slot(i)]!;
    return out;
  }
}
