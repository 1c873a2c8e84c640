/** Counters the browser tests read (`window.__spStats`) to measure chart updates per second. */
export interface PerfStats {
  /** Redraws with new data, per chart name. */
  chartFrames: Record<string, number>;
}

declare global {
  interface Window {
    __spStats?: PerfStats;
  }
}

export function countChartFrame(chart: string): void {
  const stats = (window.__spStats ??= { chartFrames: {} });
  stats.chartFrames[chart] = (stats.chartFrames[chart] ?? 0) + 1;
}
