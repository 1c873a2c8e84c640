import type { VoidTarget } from '../core/void-target.js';

/** Binds a value and answers its placeholder (`?` for SQLite, `$n` for PostgreSQL). */
export type Bind = (value: string | number) => string;

/**
 * The `WHERE` condition, on the `events` table of either engine, of the events a void recorded
 * at seq `voidSeq` takes back: those its target names that came before it, are not voided yet, and
 * are not voids themselves, after `floor`: the seq of the retention snapshot, into which the
 * events up to it are folded for good (docs/adr/0025), archived, deleted or about to be.
 */
export function voidedByCondition(target: VoidTarget, voidSeq: number, floor: number, bind: Bind): string {
  return `seq > ${bind(floor)} AND seq < ${bind(voidSeq)} AND voided_by IS NULL AND kind <> 'void' AND ${targetCondition(target, bind)}`;
}

function targetCondition(target: VoidTarget, bind: Bind): string {
  if ('seq' in target) return `seq >= ${bind(target.seq.from)} AND seq <= ${bind(target.seq.to)}`;
  if ('source_id' in target) {
    const source = `source_id = ${bind(target.source_id)}`;
    return target.stream === undefined ? source : `${source} AND stream = ${bind(target.stream)}`;
  }
  return `stream = ${bind(target.stream)} AND at >= ${bind(target.from)} AND at < ${bind(target.to)}`;
}
