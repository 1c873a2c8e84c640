import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConnectorState } from '../core/connector-status.js';
import type { Platform } from '../core/platform.js';
import type { ConnectorStatus } from '../ingest/connector-status.js';
import { guardedCollect } from './guarded-collect.js';

/**
 * The sources of events and clips: how many connectors run on this instance in each state per
 * platform, how often they reconnected (an attempt after a failure or an offline check), and the
 * Twitch clip polls by result. Followed from the connectors' status changes, not polled.
 */
export class ConnectorMetrics {
  /** Each running connector's platform and state, by profile and stream. */
  private readonly running = new Map<string, { platform: Platform; state: ConnectorState }>();
  private readonly reconnects: Counter<'platform'>;
  private readonly clipPolls: Counter<'result'>;

  constructor(registry: Registry, log: Logger) {
    const registers = [registry];
    new Gauge({
      name: 'streampulse_connectors',
      help: 'Connectors running on this instance, by platform and state (connecting, live, offline, error)',
      labelNames: ['platform', 'state'],
      registers,
      collect: guardedCollect(log, 'streampulse_connectors', (gauge: Gauge<'platform' | 'state'>) => {
        gauge.reset();
        const counts = new Map<string, { platform: Platform; state: ConnectorState; n: number }>();
        for (const { platform, state } of this.running.values()) {
          const k = `${platform}\u0000${state}`;
          const entry = counts.get(k) ?? { platform, state, n: 0 };
          entry.n += 1;
          counts.set(k, entry);
        }
        for (const { platform, state, n } of counts.values()) gauge.set({ platform, state }, n);
      }),
    });
    this.reconnects = new Counter({
      name: 'streampulse_connector_reconnects_total',
      help: 'Connector attempts after a failure or an offline check, by platform',
      labelNames: ['platform'],
      registers,
    });
    this.clipPolls = new Counter({
      name: 'streampulse_clip_polls_total',
      help: 'Twitch clip polls that ended, by result (ok, error)',
      labelNames: ['result'],
      registers,
    });
  }

  /** A connector changed state (this instance's). */
  statusChanged(profile: string, status: ConnectorStatus): void {
    const k = `${profile}\u0000${status.stream}`;
    const before = this.running.get(k)?.state;
    if (status.state === 'connecting' && (before === 'error' || before === 'offline')) {
      this.reconnects.inc({ platform: status.platform });
    }
    if (status.state === 'stopped') this.running.delete(k);
    else this.running.set(k, { platform: status.platform, state: status.state });
  }

  /** A clip poll ended. */
  clipPolled(isOk: boolean): void {
    this.clipPolls.inc({ result: isOk ? 'ok' : 'error' });
  }
}
