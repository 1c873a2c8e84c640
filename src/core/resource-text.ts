const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 512 B, 1.5 KB, 12.3 MB (powers of 1024, one decimal at most): the dashboard writes sizes the same way. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return `${shown} ${UNITS[unit]}`;
}

/** "3 hours", "1 hour", "10 minutes", "7 seconds": a span as people say it, rounded. */
export function describeSpan(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= 3_600_000) return plural(Math.round(ms / 3_600_000), 'hour');
  if (ms >= 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}
