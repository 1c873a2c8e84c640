import type uPlot from 'uplot';
import { formatClock, formatCount } from '../../components/format.js';
import { fitAxis } from '../../components/fit-axis.js';

/** The span the live charts show, ending now. */
export const LIVE_WINDOW_MS = 10 * 60_000;

// Whole times a person reads at a glance: 30 s, then minutes (seconds: uPlot's time unit here).
const TIME_STEPS = [30, 60, 120, 300, 600];
// Whole counts only: a count of viewers or messages has no 0.25.
const COUNT_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8].map((p) => m * p));
COUNT_STEPS.sort((a, b) => a - b);

/** Multiples of `step` from `min` to `max`: ticks on whole times and whole counts. */
function multiplesOf(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) out.push(v);
  return out;
}

/** The smallest of 1, 2, 5 × 10ⁿ at or above `n` (1 at least): a round top for a count axis. */
export function roundUp(n: number): number {
  if (!(n > 1)) return 1;
  return COUNT_STEPS.find((s) => s >= n) ?? n;
}

/** The least width of a count axis: the charts stacked on one time axis line up for counts up to 100,000. */
const AXIS_MIN_PX = 64;

/** The time axis of a live chart: ticks on whole half-minutes or minutes, labelled hh:mm. */
export const timeAxis = (): uPlot.Axis => ({
  space: 70,
  incrs: TIME_STEPS,
  splits: (_u, _i, min, max, incr) => multiplesOf(min, max, incr),
  values: (_u, splits) => splits.map((s) => formatClock(s * 1000)),
});

/** A count axis on one scale: whole, round ticks from 0, as wide as its labels. */
export const countAxis = (scale: string, label: string, side: 1 | 3 = 3): uPlot.Axis => ({
  scale,
  side,
  label,
  space: 28,
  incrs: COUNT_STEPS,
  splits: (_u, _i, min, max, incr) => multiplesOf(min, max, incr),
  values: (_u, splits) => splits.map((s) => formatCount(s)),
  size: fitAxis(AXIS_MIN_PX, 4),
  ...(side === 1 ? { grid: { show: false } } : {}),
});

/** An empty axis on the right: a chart without a right-hand scale keeps the width of one, lined up with those that have it. */
export const spacerAxis = (scale: string): uPlot.Axis => ({
  scale,
  side: 1,
  size: AXIS_MIN_PX,
  // An empty label takes the room of a label, as on the labelled axes.
  label: '',
  grid: { show: false },
  ticks: { show: false },
  splits: () => [],
});

/** A count scale from 0 to a round number above the largest value (1 when there is none). */
export const countScale = (): uPlot.Scale => ({
  range: (_u, _min, max) => [0, roundUp(max ?? 0)],
});
