import type { Rollup } from './aggregates.js';
import { SpikeDetector, type SpikeDetectorOptions, type SpikeSignal } from './spike-detector.js';
import { SPIKE_SIGNALS } from './trigger-settings.js';

/** A spike trigger found by replaying a stream's minutes: the minute it fired in and its figures. */
export interface ReplayedTrigger {
  /** The start of the minute whose figures fired it, epoch ms. */
  at: number;
  signal: SpikeSignal;
  value: number;
  baseline: number;
  score: number;
}

/** The detectors to replay: the options of each signal watched (a signal left out is off). */
export type ReplayDetectors = Partial<Record<SpikeSignal, Readonly<SpikeDetectorOptions>>>;

/**
 * The spike triggers the live watch's detectors (core/spike-detector.ts) find in one stream's
 * minute rollups (in minute order), one observation a minute: viewers, the minute's highest
 * reading, in minutes with a reading; chat velocity (messages) and gift value (coins), in minutes
 * with a chat or a gift, as the live watch observes them only when one comes. Coarser than the
 * live watch, which observes every reading and every second: the baseline window and warm-up are
 * counted in minutes here. Triggers in time order, then in signal order. Pure.
 */
export function replaySpikes(rollups: readonly Rollup[], detectors: ReplayDetectors): ReplayedTrigger[] {
  const watched = SPIKE_SIGNALS.flatMap((signal) => {
    const options = detectors[signal];
    return options ? [{ signal, detector: new SpikeDetector(options) }] : [];
  });
  const triggers: ReplayedTrigger[] = [];
  for (const r of rollups) {
    for (const { signal, detector } of watched) {
      const value = minuteValue(r, signal);
      if (value === null) continue;
      const spike = detector.observe(r.minute, value);
      if (spike) {
        triggers.push({ at: r.minute, signal, value, baseline: spike.baseline, score: spike.score });
      }
    }
  }
  return triggers;
}

/** What a minute shows of a signal, or null when the live watch would not have observed it. */
function minuteValue(r: Rollup, signal: SpikeSignal): number | null {
  switch (signal) {
    case 'viewers':
      return r.viewers_n > 0 ? r.viewers_max : null;
    case 'chat_velocity':
      return r.comments > 0 || r.gifts > 0 ? r.comments : null;
    case 'gift_value':
      return r.comments > 0 || r.gifts > 0 ? r.coins : null;
  }
}
