import type { Connector, ConnectorFactory, ConnectorHandlers } from '../connector.js';
import { deriveSeed } from './seeded-random.js';
import { StreamSimulator } from './stream-simulator.js';

export interface SimulatorConnectorOptions {
  seed: number;
  /** Time between ticks (default 1000 ms). */
  tickMs?: number;
}

/**
 * A connector to a simulated channel: a seeded `StreamSimulator` per stream, run in real time.
 * Each tick hears what the simulated audience did since the last one (a late tick catches up),
 * so the demo reaches the pipeline the way a platform does, with the same supervision and status.
 */
class SimulatorConnector implements Connector {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly simulator: StreamSimulator,
    private readonly tickMs: number,
    private readonly now: () => number,
  ) {}

  connect(handlers: ConnectorHandlers): Promise<void> {
    this.timer = setInterval(() => {
      const sim = this.simulator;
      try {
        handlers.events(sim.next(Math.max(0, this.now() - sim.now)));
      } catch (err) {
        this.stopTicking();
        handlers.closed({ offline: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    }, this.tickMs);
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.stopTicking();
    return Promise.resolve();
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Simulated channels: each stream gets its own sequence, derived from `seed` and the stream id. */
export function simulatorConnectorFactory(options: SimulatorConnectorOptions): ConnectorFactory {
  return ({ stream }, { now }) => {
    const simulator = new StreamSimulator({
      seed: deriveSeed(options.seed, stream.id),
      stream: stream.id,
      startAt: now(),
    });
    return new SimulatorConnector(simulator, options.tickMs ?? 1000, now);
  };
}
