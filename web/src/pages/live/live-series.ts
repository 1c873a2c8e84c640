import type uPlot from 'uplot';
import type { ChartSource } from '../../components/time-chart.js';

/** Activity counted under the viewers chart, from the change of the combined counters. */
export const ACTIVITY_KINDS = ['comments', 'gifts', 'followers', 'shares', 'likes'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

type Counters = Record<ActivityKind | 'viewers', number>;

/**
 * The last `capacity` seconds of combined viewers and activity, in fixed-size rings: memory
 * does not grow however long the page stays open or however many events arrive.
 */
export class LiveSeries implements ChartSource {
  private readonly times: Float64Array;
  private readonly viewers: Float64Array;
  private readonly activity: Record<ActivityKind, Float64Array>;
  private start = 0;
  private length = 0;
  private previous: Counters | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly capacity = 600) {
    this.times = new Float64Array(capacity);
    this.viewers = new Float64Array(capacity);
    this.activity = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, new Float64Array(capacity)])) as Record<
      ActivityKind,
      Float64Array
    >;
  }

  /** Adds a stats reading taken at `atMs`: viewers now, and the counters' increase since the last one. */
  add(atMs: number, counters: Counters): void {
    const second = Math.floor(atMs / 1000);
    const last = this.length > 0 ? this.slot(this.length - 1) : -1;
    let index = last;
    if (last < 0 || this.times[last]! < second) index = this.push(second);
    else if (this.times[last]! > second) return; // a reading out of order: keep the chart monotonic
    this.viewers[index] = counters.viewers;
    for (const kind of ACTIVITY_KINDS) {
      // A reset makes a counter fall; that is no negative activity.
      const delta = this.previous ? Math.max(0, counters[kind] - this.previous[kind]) : 0;
      this.activity[kind][index]! += delta;
    }
    this.previous = counters;
    this.listeners.forEach((listener) => listener());
  }

  /** Forgets the last reading, so counters after a reconnect are not counted as a burst. */
  rebase(): void {
    this.previous = null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Viewers chart data: `[times, viewers]`. */
  snapshot(): uPlot.AlignedData {
    return [this.read(this.times), this.read(this.viewers)];
  }

  /** Activity chart data on the same time axis: `[times, ...ACTIVITY_KINDS]`. */
  readonly activitySource: ChartSource = {
    snapshot: () => [this.read(this.times), ...ACTIVITY_KINDS.map((k) => this.read(this.activity[k]))],
    subscribe: (listener) => this.subscribe(listener),
  };

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
    for (const kind of ACTIVITY_KINDS) this.activity[kind][index] = 0;
    return index;
  }

  private read(ring: Float64Array): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = ring[this.slot(i)]!;
    return out;
  }
}
