import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { RetentionService } from './retention.service.js';

/**
 * Runs retention over every profile on a cron schedule (by default 04:15 daily, when streams are
 * rarest). A run still going when the next is due is not doubled: that tick is skipped. Stopping
 * aborts the run under way between two steps (a cut-short run is finished by the next).
 */
export class RetentionSchedule {
  private job: Cron | null = null;
  private stopping = new AbortController();

  constructor(
    private readonly retention: RetentionService,
    private readonly log: Logger,
  ) {}

  start(pattern: string): void {
    this.stop();
    this.stopping = new AbortController();
    const signal = this.stopping.signal;
    this.job = new Cron(pattern, { protect: true }, async () => {
      try {
        const runs = await this.retention.runAll(signal);
        const events = runs.reduce((sum, r) => sum + r.deleted, 0);
        if (runs.length > 0)
          this.log.info({ profiles: runs.length, events }, 'retention: scheduled run done');
      } catch (err) {
        if (!signal.aborted) this.log.error({ err }, 'retention: scheduled run failed');
      }
    });
  }

  /** When the next run starts, or null when none is scheduled. */
  nextRun(): Date | null {
    return this.job?.nextRun() ?? null;
  }

  stop(): void {
    this.stopping.abort(new Error('retention stopped'));
    this.job?.stop();
    this.job = null;
  }
}
