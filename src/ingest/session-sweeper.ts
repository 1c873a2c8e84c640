import type { Logger } from 'pino';
import type { LiveEvent } from '../core/live-event.js';
import type { EventLog, ProfileStores, SystemStore } from '../store/ports.js';

export interface SweeperDeps {
  engine: ProfileStores<Pick<EventLog, 'currentState'>> & { system: Pick<SystemStore, 'listProfiles'> };
  submit: (profile: string, events: LiveEvent[]) => Promise<unknown>;
  graceMs: number;
  now: () => number;
  log: Logger;
}

/**
 * Ends sessions whose stream has been silent for longer than the grace period, by recording a
 * `stream_end` event (reason `idle`) at the session's last event. Because the end is an event in
 * the log, a rebuild reaches the same sessions. The event's source id makes a repeat harmless.
 */
export class SessionSweeper {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SweeperDeps) {}

  start(intervalMs: number): void {
    const tick = () => {
      this.sweep()
        .catch((err: unknown) => this.deps.log.error({ err }, 'session sweep failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One pass over every profile; returns how many sessions it ended. */
  async sweep(): Promise<number> {
    const { engine, graceMs, now } = this.deps;
    let ended = 0;
    for (const profile of await engine.system.listProfiles()) {
      const store = await engine.openProfile(profile.id);
      const events: LiveEvent[] = [];
      for (const [stream, s] of store.currentState().streams) {
        if (!s.session || now() - s.session.last_event_at <= graceMs) continue;
        events.push({
          stream,
          kind: 'stream_end',
          at: s.session.last_event_at,
          id: `idle-end-${s.session.id}`,
          count: 1,
          value: 0,
          data: { reason: 'idle' },
        });
      }
      if (events.length === 0) continue;
      await this.deps.submit(profile.id, events);
      ended += events.length;
    }
    return ended;
  }
}
