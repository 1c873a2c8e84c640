import { COUNTER_FIELDS } from '../core/counters.js';

/**
 * The SELECT ... FROM rollups of the rollups summed per bucket and stream, for both engines:
 * `param` is the placeholder of the bucket length, which it takes twice (then the engine adds
 * WHERE, GROUP BY 1, stream and ORDER BY). Integer division: `minute` is whole ms.
 */
export function rollupBucketsSql(param: (n: number) => string): string {
  const sums = COUNTER_FIELDS.map((f) => `sum(${f}) AS ${f}`).join(', ');
  return (
    `SELECT (minute / ${param(1)}) * ${param(2)} AS bucket, stream, ${sums}, ` +
    'sum(viewers_sum) AS viewers_sum, sum(viewers_n) AS viewers_n, count(*) AS minutes FROM rollups'
  );
}

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

/** The column list of a rollups read: every column, or `minute`, `stream` and the fields asked for. */
export function rollupColumns(fields: readonly string[] | undefined): string {
  if (fields === undefined) return '*';
  for (const f of fields) if (!ROLLUP_FIELDS.has(f)) throw new RangeError(`not a rollup field: ${f}`);
  return ['minute', 'stream', ...fields].join(', ');
}
