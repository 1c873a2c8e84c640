import { z } from 'zod';
import { displayTextSchema } from './display-text.js';
import { slugSchema } from './slug.js';

export const GOAL_METRICS = ['likes', 'coins', 'followers', 'shares', 'gifts', 'viewers'] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

/** session: progress of the live session(s), from zero each broadcast; daily: since local midnight; all_time: ever. */
export const GOAL_SCOPES = ['session', 'daily', 'all_time'] as const;
export type GoalScope = (typeof GOAL_SCOPES)[number];

/**
 * A goal as the API takes it. `step` makes it stepped: once `target` is reached the next target
 * is `target + step`, then `target + 2 x step`, and so on. `stream` limits it to one stream.
 * For `viewers` the progress is the current number of viewers, not a sum.
 */
export const goalInputSchema = z.strictObject({
  name: displayTextSchema(100),
  metric: z.enum(GOAL_METRICS),
  target: z.number().positive().max(1e12),
  scope: z.enum(GOAL_SCOPES).default('session'),
  // Every metric counts whole things; a smaller step would count targets past any number.
  step: z.number().min(1).max(1e12).nullable().default(null),
  stream: slugSchema.nullable().default(null),
});

export type GoalInput = z.output<typeof goalInputSchema>;

export interface Goal extends GoalInput {
  id: string;
  created_at: number;
}

/** Where a goal stands for a progress value. */
export interface GoalStanding {
  progress: number;
  /** Targets reached in the current period (at most 1 unless stepped). */
  completed: number;
  /** The target being worked on: the first one not reached yet (the last one when not stepped). */
  current_target: number;
  /** progress / current_target, 0-100, rounded to 0.1. */
  percent: number;
}

/** A goal with where it stands now, in its current period (the API's and the live push's view). */
export interface GoalProgress extends Goal, GoalStanding {
  /** The period the progress counts in: the live sessions' ids, the local date, or `all`. */
  period: string;
}

/** How far a goal is, given its progress in the current period. Pure. */
export function goalStanding(goal: Pick<Goal, 'target' | 'step'>, progress: number): GoalStanding {
  const { target, step } = goal;
  let completed = progress >= target ? 1 : 0;
  if (completed && step !== null) completed += Math.floor((progress - target) / step);
  const current_target = step === null ? target : target + completed * step;
  const percent = Math.round(Math.min(100, (progress / current_target) * 100) * 10) / 10;
  return { progress, completed, current_target, percent };
}
