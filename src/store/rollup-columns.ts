import { COUNTER_FIELDS } from '../core/counters.js';
import type { Rollup } from '../core/aggregates.js';
import type { RollupColumns, RollupField } from './read-ports.js';

const ROLLUP_FIELDS: ReadonlySet<string> = new Set([
  'viewers_last',
  'viewers_last_at',
  'viewers_min',
  'viewers_max',
  'viewers_sum',
  'viewers_n',
  'events',
  ...COUNTER_FIELDS,
]);

/** `minute, stream` and the fields, refusing anything not a rollup field (it becomes SQL). */
export function rollupColumnList(fields: readonly RollupField[]): string {
  for (const f of fields) if (!ROLLUP_FIELDS.has(f)) throw new RangeError(`not a rollup field: ${f}`);
  return ['minute', 'stream', ...fields].join(', ');
}

/** Rows of `[minute, stream, ...fields]` (as `rollupColumnList` selects them) as columns. */
export function toRollupColumns(
  rows: readonly (readonly unknown[])[],
  fields: readonly RollupField[],
): RollupColumns {
  const n = rows.length;
  const minute = new Float64Array(n);
  const stream = new Array<string>(n);
  const columns = fields.map(() => new Float64Array(n));
  for (let i = 0; i < n; i += 1) {
    const row = rows[i]!;
    minute[i] = Number(row[0]);
    stream[i] = row[1] as string;
    for (let f = 0; f < columns.length; f += 1) {
      const v = row[f + 2];
      columns[f]![i] = v === null ? Number.NaN : Number(v);
    }
  }
  return { minute, stream, values: Object.fromEntries(fields.map((f, k) => [f, columns[k]!])) };
}

/** Rollup rows as columns of the fields. */
export function columnsOfRollups(rollups: readonly Rollup[], fields: readonly RollupField[]): RollupColumns {
  return toRollupColumns(
    rollups.map((r) => [r.minute, r.stream, ...fields.map((f) => r[f])]),
    fields,
  );
}

/** Columns of several reads one after the other, at most `limit` rows. */
export function concatRollupColumns(
  parts: readonly RollupColumns[],
  fields: readonly RollupField[],
  limit?: number,
): RollupColumns {
  const total = parts.reduce((n, p) => n + p.minute.length, 0);
  const n = limit === undefined ? total : Math.min(limit, total);
  const minute = new Float64Array(n);
  const stream: string[] = [];
  const values = fields.map(() => new Float64Array(n));
  let at = 0;
  for (const p of parts) {
    if (at === n) break;
    const take = Math.min(p.minute.length, n - at);
    minute.set(p.minute.subarray(0, take), at);
    for (let i = 0; i < take; i += 1) stream.push(p.stream[i]!);
    fields.forEach((f, k) => values[k]!.set(p.values[f]!.subarray(0, take), at));
    at += take;
  }
  return { minute, stream, values: Object.fromEntries(fields.map((f, k) => [f, values[k]!])) };
}
