/**
 * Every table of a profile's aggregates, as both engines name them: what a rebuild empties and
 * refills, and what the retention snapshot holds (docs/adr/0025).
 */
export const AGGREGATE_TABLES = [
  'stats',
  'sessions',
  'session_viewer_counts',
  'rollups',
  'quarter_rollups',
  'viewers',
  'session_viewers',
  'session_viewer_gifts',
] as const;
