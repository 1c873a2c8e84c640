import type { Connector, ConnectorFactory, ConnectorHandlers } from '../connector.js';
import type { Platform } from '../../store/ports.js';
import type { SimPlatform } from './platform-activity.js';
import { followersOf, type StreamFollowers } from './simulated-audience.js';
import { deriveSeed } from './seeded-random.js';
import { StreamSimulator } from './stream-simulator.js';

export interface SimulatorConnectorOptions {
  seed: number;
  /** Time between ticks (default 1000 ms). */
  tickMs?: number;
  /**
   * The channel goes live once this settles (e.g. once its history is stored), so that nothing
   * it says comes before what was stored first. Its simulated time starts then.
   */
  after?: Promise<unknown>;
  /**
   * Who follows each stream (e.g. as its history left it): each live broadcast adds its followers
   * and lets nobody follow twice. A map of its own by default.
   */
  followers?: StreamFollowers;
}

/**
 * A connector to a simulated channel: a seeded `StreamSimulator` per stream, run in real time.
 * Each tick hears what the simulated audience did since the last one (a late tick catches up),
 * so the demo reaches the pipeline the way a platform does, with the same supervision and status.
 */
class SimulatorConnector implements Connector {
  private timer: NodeJS.Timeout | null = null;
  private isDisconnected = false;

  constructor(
    private readonly createSimulator: (startAt: number) => StreamSimulator,
    private readonly tickMs: number,
    private readonly now: () => number,
    private readonly after: Promise<unknown>,
  ) {}

  async connect(handlers: ConnectorHandlers): Promise<void> {
    // Whoever made `after` reports its failure; the channel goes on air either way.
    await this.after.catch(() => undefined);
    if (this.isDisconnected) return;
    const sim = this.createSimulator(this.now());
    this.timer = setInterval(() => {
      try {
        handlers.events(sim.next(Math.max(0, this.now() - sim.now)));
      } catch (err) {
        this.stopTicking();
        handlers.closed({ offline: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    }, this.tickMs);
  }

  disconnect(): Promise<void> {
    this.isDisconnected = true;
    this.stopTicking();
    return Promise.resolve();
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Simulated channels: each stream gets its own sequence, derived from `seed` and the stream id,
 * and the activity of its platform (Twitch: bits, subscriptions, raids; otherwise TikTok's).
 */
export function simulatorConnectorFactory(options: SimulatorConnectorOptions): ConnectorFactory {
  const followers: StreamFollowers = options.followers ?? new Map<string, Set<string>>();
  return ({ stream }, { now }) => {
    const createSimulator = (startAt: number) =>
      new StreamSimulator({
        seed: deriveSeed(options.seed, stream.id),
        stream: stream.id,
        startAt,
        platform: simulatedPlatform(stream.platform),
        followers: followersOf(followers, stream.id),
      });
    return new SimulatorConnector(
      createSimulator,
      options.tickMs ?? 1000,
      now,
      options.after ?? Promise.resolve(),
    );
  };
}

/** The platform whose activity a stream's simulator imitates. */
export function simulatedPlatform(platform: Platform): SimPlatform {
  return platform === 'twitch' ? 'twitch' : 'tiktok';
}
