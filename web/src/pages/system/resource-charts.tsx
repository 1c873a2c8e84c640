import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatBytes } from '../../components/format.js';
import { TimeChart } from '../../components/time-chart.js';
import type { ResourceReport } from './system-types.js';

const LOAD_SERIES: uPlot.Series[] = [
  { label: 'CPU, machine (%)', stroke: '#4f8cff', width: 2 },
  { label: 'CPU, this server (%)', stroke: '#9b6bff' },
  { label: 'Event loop delay p99 (ms)', stroke: '#ff9f1c', scale: 'ms' },
];
const LOAD_AXES: uPlot.Axis[] = [{}, { label: '%' }, { scale: 'ms', side: 1, label: 'ms' }];
const MEMORY_SERIES: uPlot.Series[] = [
  {
    label: 'Memory (RSS)',
    stroke: '#2ec4b6',
    width: 2,
    value: (_u, v) => (v == null ? '—' : formatBytes(v)),
  },
  { label: 'Heap used', stroke: '#e9c46a', value: (_u, v) => (v == null ? '—' : formatBytes(v)) },
];
const SIZE_SERIES: uPlot.Series[] = [
  { label: 'Data', stroke: '#4f8cff', width: 2, value: (_u, v) => (v == null ? '—' : formatBytes(v)) },
];
const BYTE_AXES: uPlot.Axis[] = [{}, { values: (_u, splits) => splits.map((v) => formatBytes(v)), size: 70 }];

/** The load, memory and data size over the history the server keeps, as small time charts. */
export function ResourceCharts({ report }: { report: ResourceReport }) {
  const load = useMemo<uPlot.AlignedData>(
    () => [
      report.history.map((h) => h.at / 1000),
      report.history.map((h) => h.cpu_percent),
      report.history.map((h) => h.process_cpu_percent),
      report.history.map((h) => h.delay_p99_ms),
    ],
    [report.history],
  );
  const memory = useMemo<uPlot.AlignedData>(
    () => [
      report.history.map((h) => h.at / 1000),
      report.history.map((h) => h.rss_bytes),
      report.history.map((h) => h.heap_used_bytes),
    ],
    [report.history],
  );
  const sizes = useMemo<uPlot.AlignedData>(
    () => [report.storage_history.map((s) => s.at / 1000), report.storage_history.map((s) => s.total_bytes)],
    [report.storage_history],
  );
  return (
    <section className="panel">
      <h2>History</h2>
      <h3>CPU and event loop</h3>
      <TimeChart series={LOAD_SERIES} axes={LOAD_AXES} data={load} height={160} testId="system-load-chart" />
      <h3>Memory</h3>
      <TimeChart
        series={MEMORY_SERIES}
        axes={BYTE_AXES}
        data={memory}
        height={140}
        testId="system-memory-chart"
      />
      <h3>Data size</h3>
      <TimeChart series={SIZE_SERIES} axes={BYTE_AXES} data={sizes} height={140} testId="system-size-chart" />
    </section>
  );
}
