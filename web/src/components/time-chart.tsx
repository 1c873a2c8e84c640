import { useEffect, useEffectEvent, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { countChartFrame } from './perf-stats.js';

/** Data that changes often: the chart redraws at most once per animation frame after a change. */
export interface ChartSource {
  snapshot(): uPlot.AlignedData;
  subscribe(listener: () => void): () => void;
}

export interface TimeChartProps {
  /** Series after the time axis. */
  series: uPlot.Series[];
  axes?: uPlot.Axis[];
  scales?: uPlot.Scales;
  height: number;
  /** Fixed data (a report) ... */
  data?: uPlot.AlignedData;
  /** ... or live data. */
  source?: ChartSource;
  /** Charts with the same key share the cursor (and read as one time axis). */
  syncKey?: string;
  /** When set, the time axis always shows the last `windowMs` ending now, however few points there are. */
  windowMs?: number;
  className?: string;
  testId?: string;
  /** Called after each draw (to place things over the plot: see `plotFrame`). */
  onDraw?: (u: uPlot) => void;
  /** Drawn over the chart, positioned against it (markers, for instance). */
  children?: ReactNode;
}

/** A uPlot time chart sized to its container's width. */
export function TimeChart(props: TimeChartProps) {
  const { series, axes, scales, height, data, source, syncKey, windowMs, testId, children } = props;
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The chart is rebuilt only when its shape changes: the data it starts with is read here, not
  // depended on; later data flows through setData below.
  const initialData = useEffectEvent(
    (): uPlot.AlignedData => source?.snapshot() ?? data ?? [[], ...series.map(() => [])],
  );
  const drawn = useEffectEvent((u: uPlot) => props.onDraw?.(u));

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      series: [{}, ...series],
      legend: { live: true },
      cursor: syncKey ? { sync: { key: syncKey } } : {},
      ...(axes ? { axes } : {}),
      scales: windowMs ? { ...scales, x: { time: true, range: () => lastWindow(windowMs) } } : scales,
      hooks: {
        draw: [
          (u) => {
            recordDrawnChart(testId ?? 'chart', u);
            drawn(u);
          },
        ],
      },
    };
    const u = new uPlot(opts, initialData(), el);
    plot.current = u;
    // Data changes nothing of a fixed window but its end, which moves with the clock.
    const follow = (next?: uPlot.AlignedData) =>
      u.batch(() => {
        if (next) u.setData(next, !windowMs);
        if (windowMs) {
          const [min, max] = lastWindow(windowMs);
          u.setScale('x', { min, max });
        }
      });
    follow();
    const clock = windowMs ? setInterval(() => follow(), 1000) : undefined;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    let frame = 0;
    const unsubscribe = source?.subscribe(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        follow(source.snapshot());
        countChartFrame(testId ?? 'chart');
      });
    });
    return () => {
      unsubscribe?.();
      cancelAnimationFrame(frame);
      clearInterval(clock);
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [series, axes, scales, height, source, syncKey, windowMs, testId]);

  useEffect(() => {
    if (data && plot.current) plot.current.setData(data);
  }, [data]);

  const chart = <div ref={holder} className={props.className ?? 'chart'} data-testid={testId} />;
  if (children === undefined) return chart;
  return (
    <div className="chart-stack">
      {chart}
      {children}
    </div>
  );
}

/** Where a chart's plot area lies (CSS pixels from the chart's top left) and the times it spans (seconds). */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  min: number;
  max: number;
}

/** The plot frame of a drawn chart, or null before its time scale is set. */
export function plotFrame(u: uPlot): PlotFrame | null {
  const { min, max } = u.scales.x ?? {};
  if (min == null || max == null || max <= min) return null;
  return {
    left: u.bbox.left / devicePixelRatio,
    top: u.bbox.top / devicePixelRatio,
    width: u.bbox.width / devicePixelRatio,
    height: u.bbox.height / devicePixelRatio,
    min,
    max,
  };
}

/** `[now - windowMs, now]` in uPlot's time unit (seconds). */
function lastWindow(windowMs: number): [number, number] {
  const now = Date.now() / 1000;
  return [now - windowMs / 1000, now];
}

/** The font uPlot draws an axis's values in (it keeps it as `[font, size]` once built). */
export function axisFont(axis: uPlot.Axis): string | undefined {
  const font = axis.font as unknown as [string, number] | string | undefined;
  return Array.isArray(font) ? font[0] : font;
}

type DrawnAxis = uPlot.Axis & { _size?: number; _values?: string[] | null; _splits?: number[] | null };

/** What a chart drew last, per chart name: the browser tests read it (`window.__spCharts`). */
export interface DrawnChart {
  x: { min: number | null; max: number | null };
  points: number;
  /** Where the plot area starts, CSS pixels from the chart's left (axis positions are from there). */
  plotLeft: number;
  /** How wide the plot area is, CSS pixels. */
  plotWidth: number;
  /** The data drawn: times (seconds), then each series. */
  data: (number | null | undefined)[][];
  axes: {
    scale: string;
    side: number;
    size: number;
    labels: string[];
    positions: number[];
    widths: number[];
  }[];
}

declare global {
  interface Window {
    __spCharts?: Record<string, DrawnChart>;
  }
}

function recordDrawnChart(name: string, u: uPlot): void {
  const axes = (u.axes as DrawnAxis[]).map((axis) => {
    const scale = axis.scale ?? 'x';
    const labels = (axis._values ?? []).map(String);
    u.ctx.font = axisFont(axis) ?? u.ctx.font;
    return {
      scale,
      side: axis.side ?? (scale === 'x' ? 2 : 3),
      size: axis._size ?? 0,
      labels,
      positions: (axis._splits ?? []).map((v) => u.valToPos(v, scale)),
      widths: labels.map((l) => u.ctx.measureText(l).width / devicePixelRatio),
    };
  });
  const charts = (window.__spCharts ??= {});
  charts[name] = {
    x: { min: u.scales.x?.min ?? null, max: u.scales.x?.max ?? null },
    points: u.data[0].length,
    plotLeft: u.bbox.left / devicePixelRatio,
    plotWidth: u.bbox.width / devicePixelRatio,
    data: u.data.map((d) => Array.from(d)),
    axes,
  };
}
