import type { Logger } from 'pino';
import type { GoalProgress } from '../core/goal.js';
import type { LiveEvent } from '../core/live-event.js';

export interface GoalWatchDeps {
  /** Every goal of the profile with its progress now. */
  progress: (profile: string) => Promise<GoalProgress[]>;
  /** Pushes the goals to the profile's live clients. */
  publish: (profile: string, goals: GoalProgress[]) => void;
  /** Stores completion events (through the pipeline). */
  submit: (profile: string, events: LiveEvent[]) => Promise<unknown>;
  /** The stream a completion is recorded on when the goal spans all streams. */
  defaultStream: (profile: string) => Promise<string | null>;
  /** At most one check per profile per this many ms (the live window). */
  windowMs: number;
  now: () => number;
  log: Logger;
}

interface ProfileWatch {
  timer: NodeJS.Timeout | null;
  running: boolean;
  pending: boolean;
  lastSent: string;
  /** Targets already recorded as reached, by goal id and period. */
  recorded: Map<string, number>;
}

/**
 * Follows goals as events commit: pushes their progress when it changed (at most once per live
 * window, the latest state winning) and records each target reached as a `trigger` event
 * (`data.type` = `goal_completed`), once per goal, period and step: the event's source id makes
 * a repeat, even after a restart, harmless.
 */
export class GoalWatch {
  private readonly profiles = new Map<string, ProfileWatch>();

  constructor(private readonly deps: GoalWatchDeps) {}

  /** Something changed in `profile` (a commit, or its goals were edited). */
  changed(profile: string): void {
    const w = this.watchOf(profile);
    if (w.running || w.timer) {
      w.pending = true;
      return;
    }
    this.run(profile, w);
  }

  forget(profile: string): void {
    const w = this.profiles.get(profile);
    if (w?.timer) clearTimeout(w.timer);
    this.profiles.delete(profile);
  }

  close(): void {
    for (const profile of [...this.profiles.keys()]) this.forget(profile);
  }

  private run(profile: string, w: ProfileWatch): void {
    w.running = true;
    w.pending = false;
    this.check(profile, w)
      .catch((err: unknown) => this.deps.log.warn({ err, profile }, 'goal check failed'))
      .finally(() => {
        w.running = false;
        if (this.profiles.get(profile) !== w) return;
        w.timer = setTimeout(() => {
          w.timer = null;
          if (w.pending) this.run(profile, w);
        }, this.deps.windowMs);
      });
  }

  private async check(profile: string, w: ProfileWatch): Promise<void> {
    const goals = await this.deps.progress(profile);
    const payload = JSON.stringify(goals);
    if (payload !== w.lastSent) {
      w.lastSent = payload;
      this.deps.publish(profile, goals);
    }
    const completions: LiveEvent[] = [];
    for (const g of goals) {
      const key = `${g.id}:${g.period}`;
      const known = w.recorded.get(key) ?? 0;
      if (g.completed <= known || g.period === 'none') continue;
      const stream = g.stream ?? (await this.deps.defaultStream(profile));
      if (!stream) continue;
      for (let k = known + 1; k <= g.completed; k += 1)
        completions.push(completion(g, k, stream, this.deps.now()));
      w.recorded.set(key, g.completed);
    }
    if (completions.length > 0) await this.deps.submit(profile, completions);
  }

  private watchOf(profile: string): ProfileWatch {
    let w = this.profiles.get(profile);
    if (!w) {
      // "No goals" is what a client assumes: nothing is pushed until there are some.
      w = { timer: null, running: false, pending: false, lastSent: '[]', recorded: new Map() };
      this.profiles.set(profile, w);
    }
    return w;
  }
}

/** The `k`-th target of a goal reached in a period, as a trigger event. */
function completion(goal: GoalProgress, k: number, stream: string, at: number): LiveEvent {
  const reached = goal.step === null ? goal.target : goal.target + (k - 1) * goal.step;
  return {
    stream,
    kind: 'trigger',
    at,
    id: `goal-${goal.id}-${goal.period}-${k}`,
    count: 1,
    value: 0,
    data: {
      type: 'goal_completed',
      details: {
        goal_id: goal.id,
        name: goal.name,
        metric: goal.metric,
        scope: goal.scope,
        target: reached,
        progress: goal.progress,
        period: goal.period,
      },
    },
  };
}
