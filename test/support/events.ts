import type { LiveEvent } from '../../src/core/live-event.js';

export const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);

/** Builds a normalised event with defaults a test can override. */
export function ev(partial: Partial<LiveEvent> & Pick<LiveEvent, 'kind'>): LiveEvent {
  return { stream: 'tiktok-a', at: T0, count: 1, value: 0, ...partial };
}

export const user = (n: number) => ({ id: `u${n}`, name: `user${n}` });
