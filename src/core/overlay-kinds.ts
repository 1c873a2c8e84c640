/**
 * The OBS overlays served at `/overlay/<kind>`: live counters, a goal bar, a leaderboard, and
 * recent events sliding in. An overlay token is made for one of them, or for any.
 */
export const OVERLAY_KINDS = ['counters', 'goal', 'leaderboard', 'events'] as const;
export type OverlayKind = (typeof OVERLAY_KINDS)[number];

/**
 * The live events each overlay shows (names of the live push's events, see
 * live/live-events.ts): its socket receives these and nothing else. The leaderboard listens to
 * activity only to know when to read its ranking again.
 */
export const OVERLAY_EVENTS = {
  counters: ['stats'],
  goal: ['goal_progress'],
  leaderboard: ['activity'],
  events: ['activity'],
} as const satisfies Record<OverlayKind, readonly string[]>;

export type OverlayEvent = (typeof OVERLAY_EVENTS)[OverlayKind][number];

/** Whether `name` is an overlay kind. */
export function isOverlayKind(name: string): name is OverlayKind {
  return (OVERLAY_KINDS as readonly string[]).includes(name);
}

/** The live events a token for `kind` may receive; a token for any overlay (null): what any of them shows. */
export function overlayEvents(kind: OverlayKind | null): readonly OverlayEvent[] {
  if (kind !== null) return OVERLAY_EVENTS[kind];
  return [...new Set(OVERLAY_KINDS.flatMap((k) => OVERLAY_EVENTS[k]))];
}
