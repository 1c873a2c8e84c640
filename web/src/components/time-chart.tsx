import { useEffect, useEffectEvent, useRef } from 'react';
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
  className?: string;
  testId?: string;
}

/** A uPlot time chart sized to its container's width. */
export function TimeChart(props: TimeChartProps) {
  const { series, axes, scales, height, data, source, syncKey, testId } = props;
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The chart is rebuilt only when its shape changes: the data it starts with is read here, not
  // depended on; later data flows through setData below.
  const initialData = useEffectEvent(
    (): uPlot.AlignedData => source?.snapshot() ?? data ?? [[], ...series.map(() => [])],
  );

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
      ...(scales ? { scales } : {}),
    };
    const u = new uPlot(opts, initialData(), el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    let frame = 0;
    const unsubscribe = source?.subscribe(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const next = source.snapshot();
        u.setData(next);
        countChartFrame(testId ?? 'chart');
      });
    });
    return () => {
      unsubscribe?.();
      cancelAnimationFrame(frame);
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [series, axes, scales, height, source, syncKey, testId]);

  useEffect(() => {
    if (data && plot.current) plot.current.setData(data);
  }, [data]);

  return <div ref={holder} className={props.className ?? 'chart'} data-testid={testId} />;
}
