import type uPlot from 'uplot';
import type { ObsHealthMinute } from '../obs/obs-types.js';

const MINUTE_MS = 60_000;

/**
 * OBS's stream health on a report's timeline: one point per bucket of the timeline (`starts`,
 * epoch ms, `resolution` minutes each), so that it shares the viewers chart's time axis point for
 * point. Per bucket: the bitrate averaged over its samples (kbps) and the frames dropped per
 * minute of OBS data in it; null where OBS sent nothing. Answers `[seconds, kbps, dropped/min]`.
 */
export function healthOnTimeline(
  starts: readonly number[],
  resolution: number,
  minutes: readonly ObsHealthMinute[],
): uPlot.AlignedData {
  const size = resolution * MINUTE_MS;
  const buckets = new Map(starts.map((at) => [at, { kbpsSum: 0, kbpsSamples: 0, dropped: 0, minutes: 0 }]));
  for (const m of minutes) {
    const bucket = buckets.get(Math.floor(m.minute / size) * size);
    if (!bucket) continue;
    bucket.minutes += 1;
    bucket.dropped += m.dropped_frames;
    if (m.bitrate_avg_kbps !== null && m.samples > 0) {
      // Weighted by samples: a minute read 12 times counts more than one read twice.
      bucket.kbpsSum += m.bitrate_avg_kbps * m.samples;
      bucket.kbpsSamples += m.samples;
    }
  }
  const rows = starts.map((at) => buckets.get(at)!);
  return [
    starts.map((at) => at / 1000),
    rows.map((b) => (b.kbpsSamples > 0 ? b.kbpsSum / b.kbpsSamples : null)),
    rows.map((b) => (b.minutes > 0 ? b.dropped / b.minutes : null)),
  ];
}
