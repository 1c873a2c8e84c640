import type { ClipOverview } from '../../api/openapi.gen.js';

/** A period clip analytics are read by: today, this week, this month (the profile's time zone) or all time. */
export type ClipPeriod = ClipOverview['period'];

/** The periods one may pick, as the picker names them. */
export const CLIP_PERIOD_CHOICES: readonly { value: ClipPeriod; label: string }[] = [
  { value: 'day', label: 'Today' },
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
  { value: 'all_time', label: 'All time' },
];

const PHRASES: Record<ClipPeriod, string> = {
  day: 'today',
  week: 'this week',
  month: 'this month',
  all_time: 'so far',
};

/** When clips were made, for sentences: "No clips made this week". */
export const periodPhrase = (period: ClipPeriod): string => PHRASES[period];
