/**
 * How long a loop over a batch may hold the event loop before it lets other work run (live
 * pushes, /health, other requests). Fixed: shorter slices only add overhead.
 */
export const SLICE_MS = 10;

/** Lets other work run; resolves when the loop may go on (e.g. `setImmediate` as a promise). */
export type Pause = () => Promise<void>;

/**
 * Calls `step(i)` for i = 0 .. count-1 in order, awaiting `pause` whenever SLICE_MS have passed
 * since the loop last paused. A step must not throw (a throw ends the loop, rejecting).
 */
export async function forEachInSlices(
  count: number,
  step: (index: number) => void,
  pause: Pause,
  now: () => number = () => performance.now(),
): Promise<void> {
  let sliceStart = now();
  for (let i = 0; i < count; i++) {
    step(i);
    // The clock is read every 16 steps: a step costs microseconds, a clock read a little.
    if ((i & 15) === 15 && now() - sliceStart >= SLICE_MS) {
      await pause();
      sliceStart = now();
    }
  }
}
