import type { LiveEvent } from '../../core/live-event.js';
import { demoPlatformOf } from './demo-profile.js';
import { deriveSeed } from './seeded-random.js';
import { SIM_STEP_MS, StreamSimulator } from './stream-simulator.js';

export interface BackfillOptions {
  submit: (profile: string, events: readonly LiveEvent[]) => Promise<{ stored: number; duplicates: number }>;
  profile: string;
  streams: readonly string[];
  seed: number;
  /** Simulated time of the first event, epoch ms. */
  startAt: number;
  minutes: number;
  /** Simulated seconds per submission (default 60). */
  chunkSeconds?: number;
}

/**
 * Simulates `minutes` of the given streams from `startAt` as fast as the pipeline takes them:
 * history to explore at once. A demo stream gets its platform's activity (see `demoPlatformOf`).
 * Returns how many events were stored.
 */
export async function backfillDemo(options: BackfillOptions): Promise<{ events: number; stored: number }> {
  const { profile, streams, seed, startAt, minutes } = options;
  const chunkMs = (options.chunkSeconds ?? 60) * SIM_STEP_MS;
  const sims = streams.map(
    (stream) =>
      new StreamSimulator({
        seed: deriveSeed(seed, stream),
        stream,
        startAt,
        platform: demoPlatformOf(stream),
      }),
  );
  let events = 0;
  let stored = 0;
  for (let elapsed = 0; elapsed < minutes * 60_000; elapsed += chunkMs) {
    const batch = sims.flatMap((sim) => sim.next(chunkMs));
    events += batch.length;
    stored += (await options.submit(profile, batch)).stored;
  }
  return { events, stored };
}
