/**
 * The figure printer: one JSON object per line on stdout, nothing else there. Progress and
 * diagnostics go to stderr through `progress`.
 */

/** A target on a figure: `value` (or `ratio`, for figures measured against a ceiling) `op` `bound`. */
export interface Target {
  op: '>=' | '<=';
  bound: number;
  of: 'value' | 'ratio';
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The best this figure could be on this machine, measured in the same run. */
  ceiling?: number;
  target?: Target;
  /** Extra fields printed as they are (e.g. `runner`, `sync`). */
  tags?: Record<string, string | number>;
}

/** The JSON object printed for a figure: ratio and meets_target derived, never given. */
export function figureToJson(f: Figure): Record<string, unknown> {
  const out: Record<string, unknown> = { name: f.name, value: roundFigure(f.value), unit: f.unit };
  let ratio: number | undefined;
  if (f.ceiling !== undefined) {
    ratio = f.ceiling > 0 ? f.value / f.ceiling : 0;
    out.ceiling = roundFigure(f.ceiling);
    out.ratio = Math.round(ratio * 1000) / 1000;
  }
  if (f.target) {
    const measured = f.target.of === 'ratio' ? ratio : f.value;
    if (measured === undefined) throw new Error(`figure ${f.name} has a ratio target but no ceiling`);
    out.target = f.target.bound;
    out.target_of = f.target.of;
    out.target_op = f.target.op;
    out.meets_target = f.target.op === '>=' ? measured >= f.target.bound : measured <= f.target.bound;
  }
  return { ...out, ...f.tags };
}

/** Prints one figure as one JSON line on stdout. Returns whether it met its target (true without one). */
export function printFigure(f: Figure): boolean {
  const json = figureToJson(f);
  process.stdout.write(`${JSON.stringify(json)}\n`);
  return json.meets_target !== false;
}

/** A human progress line on stderr, with the seconds since the run began. */
export function progress(message: string): void {
  const s = (performance.now() / 1000).toFixed(1).padStart(6);
  console.error(`[bench ${s}s] ${message}`);
}

function roundFigure(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value at quantile `q` (0..1) of a list, nearest rank (NaN for an empty one). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** `samples` timings (ms) of `run` after `warmups` untimed calls, `pauseMs` apart. */
export async function timeSamples(
  run: () => unknown,
  { warmups, samples, pauseMs = 0 }: { warmups: number; samples: number; pauseMs?: number },
): Promise<number[]> {
  for (let i = 0; i < warmups; i += 1) await run();
  const timings: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const start = performance.now();
    await run();
    timings.push(performance.now() - start);
  }
  return timings;
}
