import type { LiveEvent } from '../../core/live-event.js';
import type { Platform } from '../../store/ports.js';
import { planBroadcasts, type Broadcast } from './broadcast-plan.js';
import type { Activity } from './platform-activity.js';
import { followersOf, type StreamFollowers } from './simulated-audience.js';
import { deriveSeed, SeededRandom } from './seeded-random.js';
import { simulatedPlatform } from './simulator.connector.js';
import { StreamSimulator } from './stream-simulator.js';

export interface DemoHistoryOptions {
  submit: (profile: string, events: readonly LiveEvent[]) => Promise<{ stored: number }>;
  profile: string;
  streams: readonly { id: string; platform: Platform }[];
  /** The seed of the live simulator: each stream's history has the same regulars as its live channel. */
  seed: number;
  /** The present, epoch ms: the history ends before it. */
  now: number;
  days: number;
  /** The profile's time zone: broadcasts start at plausible local hours. */
  timeZone: string;
  /** The last broadcast ends at least this long before `now` (the session grace). */
  clearMs: number;
  /** Who follows each stream; the history adds its followers (see `StreamSimulatorOptions.followers`). */
  followers?: StreamFollowers;
}

export interface DemoHistoryOutcome {
  broadcasts: number;
  events: number;
  stored: number;
}

/**
 * Past broadcasts are quieter than the live demo in the kinds that say little (likes, joins,
 * chat, follows), and read viewers every 20 s instead of 5: a month of them stays around 150,000
 * events, which the pipeline stores in seconds. Gifts, bits and subscriptions keep their pace.
 */
const HISTORY_PACE: Partial<Record<Activity, number>> = {
  like: 0.05,
  join: 0.05,
  chat: 0.1,
  follow: 0.5,
};
const HISTORY_VIEWERS_EVERY_MS = 20_000;
/** Simulated time per submission, and how many submissions are in flight at once. */
const CHUNK_MS = 60 * 60_000;
const IN_FLIGHT = 8;

/**
 * Simulates `days` of past broadcasts on each stream (see `planBroadcasts`) and submits them
 * through the pipeline like any events: each broadcast opens with `stream_start` and closes with
 * `stream_end`, so it is one session. Every stream's events are submitted in time order. Throws
 * what `submit` throws.
 */
export async function backfillDemoHistory(options: DemoHistoryOptions): Promise<DemoHistoryOutcome> {
  const { profile, now, days } = options;
  const window = {
    from: now - days * 86_400_000,
    to: now,
    timeZone: options.timeZone,
    clearMs: options.clearMs,
  };
  const outcome: DemoHistoryOutcome = { broadcasts: 0, events: 0, stored: 0 };
  const followers: StreamFollowers = options.followers ?? new Map<string, Set<string>>();
  const inFlight = new Set<Promise<void>>();
  const send = async (events: LiveEvent[]) => {
    outcome.events += events.length;
    const work = options.submit(profile, events).then((r) => void (outcome.stored += r.stored));
    inFlight.add(work);
    // A failure is thrown where `race` or the final `all` sees it; this only keeps the set current.
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  for (const stream of options.streams) {
    const platform = simulatedPlatform(stream.platform);
    const channelSeed = deriveSeed(options.seed, stream.id);
    const plan = planBroadcasts(platform, window, new SeededRandom(deriveSeed(channelSeed, 'schedule')));
    for (const broadcast of plan) {
      outcome.broadcasts += 1;
      const sim = new StreamSimulator({
        seed: deriveSeed(channelSeed, String(broadcast.start)),
        audienceSeed: channelSeed,
        stream: stream.id,
        startAt: broadcast.start,
        platform,
        pace: HISTORY_PACE,
        viewersEveryMs: HISTORY_VIEWERS_EVERY_MS,
        viewerModel: { baseViewers: broadcast.baseViewers },
        followers: followersOf(followers, stream.id),
      });
      const id = `sim-history-${channelSeed}-${broadcast.start}`;
      for (let t = broadcast.start; t < broadcast.end; t += CHUNK_MS) {
        const events = sim.next(Math.min(CHUNK_MS, broadcast.end - t));
        if (t === broadcast.start) events.unshift(marker(stream.id, 'stream_start', t, `${id}-start`));
        if (t + CHUNK_MS >= broadcast.end) {
          events.push(marker(stream.id, 'stream_end', lastAt(broadcast), `${id}-end`));
        }
        await send(events);
      }
    }
  }
  await Promise.all(inFlight);
  return outcome;
}

function marker(stream: string, kind: 'stream_start' | 'stream_end', at: number, id: string): LiveEvent {
  return { stream, kind, at, id, count: 1, value: 0 };
}

/** The end of a broadcast, as the last whole second of it. */
function lastAt(broadcast: Broadcast): number {
  return broadcast.end - 1000;
}
