import type { Logger } from 'pino';
import { UNPACED, type BackgroundPace } from '../../core/background-pace.js';
import type { ProfileStores, SessionAnalysisStore, SessionReads, SystemStore } from '../../store/ports.js';
import type { DriversService } from './drivers.service.js';

/** Sessions looked at per profile and pass: the latest ones, where new endings are. */
const RECENT = 10;

/**
 * Stores the drivers of viewer change of every session that has ended, so trends across
 * sessions are there to read. Runs in the background, each session analysed when `pace` gives
 * it its turn; a session that fails is logged and tried again on the next pass.
 */
export class FinishedSessionAnalyzer {
  private timer: NodeJS.Timeout | null = null;
  /** Ends a wait for the pace when the analyzer stops. */
  private stopping = new AbortController();

  constructor(
    private readonly engine: ProfileStores<SessionReads & SessionAnalysisStore> & {
      system: Pick<SystemStore, 'listProfiles'>;
    },
    private readonly drivers: DriversService,
    private readonly log: Logger,
    private readonly pace: BackgroundPace = UNPACED,
  ) {}

  start(intervalMs: number): void {
    this.stopping = new AbortController();
    const tick = () => {
      this.sweep()
        .catch((err: unknown) => {
          // A pass cut short by `stop` is no failure.
          if (!this.stopping.signal.aborted) this.log.error({ err }, 'session analysis pass failed');
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopping.abort(new Error('session analysis stopped'));
  }

  /** One pass over every profile; returns how many sessions it analysed. */
  async sweep(): Promise<number> {
    let analysed = 0;
    for (const profile of await this.engine.system.listProfiles()) {
      const store = await this.engine.openProfile(profile.id);
      for (const session of await store.listSessions({ limit: RECENT })) {
        if (session.ended_at === null || (await store.getSessionAnalysis(session.id, 'drivers'))) continue;
        await this.pace.nextStep(this.stopping.signal);
        try {
          await this.drivers.storeFinished(profile.id, session.id);
          analysed += 1;
        } catch (err) {
          this.log.warn({ err, profile: profile.id, session: session.id }, 'session analysis failed');
        }
      }
    }
    return analysed;
  }
}
