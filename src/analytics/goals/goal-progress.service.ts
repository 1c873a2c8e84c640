import type { Counters } from '../../core/counters.js';
import { goalStanding, type Goal, type GoalProgress } from '../../core/goal.js';
import { startOf, wallClock } from '../../core/zoned-time.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { GoalService } from '../../profiles/goal.service.js';
import type { EventLog, ProfileStores, StatsReads } from '../../store/ports.js';

/** Goals read the hot state and activity totals. */
type GoalStore = Pick<EventLog, 'currentState'> & StatsReads;


const COUNTER_OF: Record<Exclude<Goal['metric'], 'viewers'>, keyof Counters> = {
  likes: 'likes',
  coins: 'coins',
  followers: 'followers',
  shares: 'shares',
  gifts: 'gifts',
};

/**
 * Computes each goal's progress from the aggregates, which every read sees up to the last commit
 * (on the embedded engine they are folded right after it, ADR 0007): session goals from the open sessions (in memory), daily ones from the rollups since
 * local midnight, all-time ones from the sessions. `viewers` goals follow the current viewers.
 */
export class GoalProgressService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly goals: GoalService,
    private readonly engine: ProfileStores<GoalStore>,
    private readonly now: () => number = Date.now,
  ) {}

  async list(profile: string): Promise<GoalProgress[]> {
    await this.profiles.get(profile);
    return this.read(profile);
  }

  /** Without checking the profile (the live path). */
  async read(profile: string): Promise<GoalProgress[]> {
    const goals = await this.goals.read(profile);
    if (goals.length === 0) return [];
    const store = await this.engine.openProfile(profile);
    const needsZone = goals.some((g) => g.scope === 'daily');
    const timeZone = needsZone ? await this.profiles.getTimeZone(profile) : 'UTC';
    return Promise.all(goals.map((g) => this.progressOf(store, g, timeZone)));
  }

  private async progressOf(store: GoalStore, goal: Goal, timeZone: string): Promise<GoalProgress> {
    const state = store.currentState();
    const streams = [...state.streams].filter(([id]) => goal.stream === null || id === goal.stream);
    let period = 'all';
    let progress = 0;
    if (goal.scope === 'session') {
      const open = streams.map(([, s]) => s.session).filter((s) => s !== null);
      period = open.length === 0 ? 'none' : open.map((s) => `s${s.id}`).join('+');
      const metric = goal.metric;
      if (metric !== 'viewers') progress = open.reduce((sum, s) => sum + s[COUNTER_OF[metric]], 0);
    } else if (goal.metric !== 'viewers') {
      const since = goal.scope === 'daily' ? startOf('day', this.now(), timeZone) : undefined;
      const totals = await store.activityTotals({ since, stream: goal.stream ?? undefined });
      progress = totals[COUNTER_OF[goal.metric]];
    }
    if (goal.scope === 'daily') {
      const w = wallClock(this.now(), timeZone);
      period = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    }
    if (goal.metric === 'viewers') {
      progress = goal.stream === null ? state.combined.viewers : (streams[0]?.[1].stats.viewers ?? 0);
    }
    return { ...goal, ...goalStanding(goal, progress), period };
  }
}
