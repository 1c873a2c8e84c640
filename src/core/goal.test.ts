import { describe, expect, test } from 'vitest';
import { goalInputSchema, goalStanding } from './goal.js';

describe('goalStanding', () => {
  test('a plain goal completes once and stays at its target', () => {
    const goal = { target: 1000, step: null };
    expect(goalStanding(goal, 250)).toEqual({
      progress: 250,
      completed: 0,
      current_target: 1000,
      percent: 25,
    });
    expect(goalStanding(goal, 1500)).toEqual({
      progress: 1500,
      completed: 1,
      current_target: 1000,
      percent: 100,
    });
  });

  test('a stepped goal moves its target on by the step each time it is reached', () => {
    const goal = { target: 1000, step: 500 };
    expect(goalStanding(goal, 999)).toMatchObject({ completed: 0, current_target: 1000 });
    expect(goalStanding(goal, 1000)).toMatchObject({ completed: 1, current_target: 1500, percent: 66.7 });
    expect(goalStanding(goal, 2600)).toMatchObject({ completed: 4, current_target: 3000 });
  });

  test('the input refuses a step below one, which would count targets past any number', () => {
    const input = { name: 'Coins', metric: 'coins', target: 10 };
    expect(goalInputSchema.safeParse({ ...input, step: 2.5e-323 }).error?.issues[0]?.path).toEqual(['step']);
    expect(goalInputSchema.safeParse({ ...input, step: 0.5 }).success).toBe(false);
    expect(goalInputSchema.parse({ ...input, step: 1 }).step).toBe(1);
  });

  test('the input lists every bad field', () => {
    const result = goalInputSchema.safeParse({ name: '', metric: 'hugs', target: -1, scope: 'weekly' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'metric',
      'name',
      'scope',
      'target',
    ]);
  });
});
