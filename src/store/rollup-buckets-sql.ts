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
