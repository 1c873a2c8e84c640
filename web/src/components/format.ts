const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 12,345 */
export const formatCount = (n: number | null | undefined): string => (n == null ? '—' : integer.format(n));

/** 12.3 */
export const formatDecimal = (n: number | null | undefined): string => (n == null ? '—' : decimal.format(n));

/** 1h 05m, 12m 03s */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s % 60).padStart(2, '0')}s`;
}

/** Local date and time of an epoch-ms or ISO time. */
export function formatTime(at: number | string | null | undefined, withDate = true): string {
  if (at == null) return '—';
  const date = new Date(at);
  return withDate ? date.toLocaleString() : date.toLocaleTimeString();
}

/** A p-value as people read it. */
export const formatP = (p: number | null): string => (p == null ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 512 B, 1.5 KB, 12.3 MB (powers of 1024). */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : decimal.format(value)} ${UNITS[unit]}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local clock time of an epoch-ms time: 14:05, or 14:05:30 off the whole minute. */
export function formatClock(at: number): string {
  const date = new Date(at);
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}`;
  return date.getSeconds() === 0 ? clock : `${clock}:${two(date.getSeconds())}`;
}
