import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { goalInputSchema, type Goal, type GoalInput } from '../core/goal.js';
import type { SystemStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const KEY = 'goals';
/** Most goals one profile holds (each is checked after every commit by the live goal watch). */
export const MAX_GOALS_PER_PROFILE = 100;

/**
 * A profile's goals (kept with its settings in the system store, cached here: the live goal
 * watch reads them after commits). Changes call `onChange` so live progress is pushed at once.
 */
export class GoalService {
  private readonly cache = new Map<string, Goal[]>();

  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: { system: Pick<SystemStore, 'getSettings' | 'putSetting'> },
    private readonly onChange: (profile: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async list(profile: string): Promise<Goal[]> {
    await this.profiles.get(profile);
    return this.read(profile);
  }

  /** The stored goals without checking the profile (the live path asks after commits). */
  async read(profile: string): Promise<Goal[]> {
    const cached = this.cache.get(profile);
    if (cached) return cached;
    const stored = (await this.engine.system.getSettings(profile))[KEY];
    const goals = Array.isArray(stored) ? (stored as Goal[]) : [];
    this.cache.set(profile, goals);
    return goals;
  }

  /** Throws `ConflictError` GOAL_LIMIT_REACHED when the profile holds `MAX_GOALS_PER_PROFILE`. */
  async create(profile: string, input: GoalInput): Promise<Goal> {
    await this.checkStream(profile, input.stream);
    const goals = await this.list(profile);
    if (goals.length >= MAX_GOALS_PER_PROFILE) {
      throw new ConflictError(
        'GOAL_LIMIT_REACHED',
        `profile '${profile}' holds ${goals.length} goals, the most it may; delete one first`,
      );
    }
    const goal: Goal = {
      ...goalInputSchema.parse(input),
      id: randomBytes(5).toString('hex'),
      created_at: this.now(),
    };
    await this.save(profile, [...goals, goal]);
    return goal;
  }

  async update(profile: string, id: string, input: GoalInput): Promise<Goal> {
    await this.checkStream(profile, input.stream);
    const goals = await this.list(profile);
    const current = goals.find((g) => g.id === id);
    if (!current) throw goalNotFound(profile, id);
    const goal: Goal = { ...goalInputSchema.parse(input), id, created_at: current.created_at };
    await this.save(
      profile,
      goals.map((g) => (g.id === id ? goal : g)),
    );
    return goal;
  }

  async delete(profile: string, id: string): Promise<void> {
    const goals = await this.list(profile);
    if (!goals.some((g) => g.id === id)) throw goalNotFound(profile, id);
    await this.save(
      profile,
      goals.filter((g) => g.id !== id),
    );
  }

  /** Drops the cached goals of a profile (deleted). */
  forget(profile: string): void {
    this.cache.delete(profile);
  }

  private async save(profile: string, goals: Goal[]): Promise<void> {
    await this.engine.system.putSetting(profile, KEY, goals);
    this.cache.set(profile, goals);
    this.onChange(profile);
  }

  private async checkStream(profile: string, stream: string | null): Promise<void> {
    if (stream === null) return;
    const streams = await this.profiles.listStreams(profile);
    if (!streams.some((s) => s.id === stream)) {
      throw new ValidationError('unknown stream', [
        { field: 'stream', message: `profile '${profile}' has no stream '${stream}'` },
      ]);
    }
  }
}

function goalNotFound(profile: string, id: string): NotFoundError {
  return new NotFoundError('GOAL_NOT_FOUND', `profile '${profile}' has no goal '${id}'`);
}
