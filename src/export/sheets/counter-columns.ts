import { COUNTER_FIELDS, type CounterField } from '../../core/counters.js';
import type { ExportColumn } from '../export-sheet.js';

const HEADERS: Record<CounterField, string> = {
  likes: 'Likes',
  comments: 'Messages',
  gifts: 'Gifts',
  coins: 'Coins',
  followers: 'Follows',
  shares: 'Shares',
  joins: 'Joins',
  subscriptions: 'Subscriptions',
  cheers: 'Cheers',
  bits: 'Bits',
  raids: 'Raids',
  raiders: 'Raiders',
};

/** One column per activity counter, in COUNTER_FIELDS order, keyed by the counter's API name. */
export const counterColumns: readonly ExportColumn[] = COUNTER_FIELDS.map((f) => ({
  key: f,
  header: HEADERS[f],
  type: 'number',
}));
