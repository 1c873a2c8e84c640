import type { Counters } from './counters.js';

/**
 * Experience points per unit of activity. Engagement that costs the viewer more (a follow, a
 * subscription, coins) weighs more than a tap. Documented in the README.
 */
export const XP_WEIGHTS = {
  comments: 2,
  likes: 0.1,
  shares: 5,
  followers: 10,
  joins: 1,
  subscriptions: 50,
  coins: 1,
  bits: 0.1,
  raids: 25,
} as const satisfies Partial<Record<keyof Counters, number>>;

/** Points per level step: level L starts at XP_PER_LEVEL_STEP x (L - 1)^2. */
export const XP_PER_LEVEL_STEP = 25;

export interface ViewerLevel {
  xp: number;
  level: number;
  /** XP where the current level starts and the next one begins. */
  level_xp: number;
  next_level_xp: number;
}

/** A viewer's XP (rounded down) and level from their totals. Level 1 at 0 XP, 2 at 25, 3 at 100, 4 at 225 ... */
export function viewerLevel(totals: Counters): ViewerLevel {
  let xp = 0;
  for (const [field, weight] of Object.entries(XP_WEIGHTS)) xp += totals[field as keyof Counters] * weight;
  xp = Math.floor(xp + 1e-9);
  const level = Math.floor(Math.sqrt(xp / XP_PER_LEVEL_STEP)) + 1;
  return {
    xp,
    level,
    level_xp: XP_PER_LEVEL_STEP * (level - 1) ** 2,
    next_level_xp: XP_PER_LEVEL_STEP * level ** 2,
  };
}
