import type { EventUser } from '../../core/live-event.js';
import type { TikTokCommon, TikTokUser } from './tiktok-messages.js';

const MAX_TEXT = 200;

/**
 * The event user of a TikTok user: `id` = the numeric user id, `name` = the @handle (`displayId`,
 * the 1.x `uniqueId`), `display` = the nickname. Falls back to the nickname, then the id, when the
 * handle is missing; undefined when the message names no user (no id, or id "0").
 */
export function toEventUser(user: TikTokUser | undefined): EventUser | undefined {
  const id = user?.id?.trim();
  if (!user || !id || id === '0') return undefined;
  const name = clip(firstNonBlank(user.displayId, user.nickname) ?? id);
  const display = firstNonBlank(user.nickname);
  return display === undefined ? { id: clip(id), name } : { id: clip(id), name, display: clip(display) };
}

/** The platform message id (`common.msgId`), or undefined when absent or "0". */
export function messageId(common: TikTokCommon | undefined): string | undefined {
  const id = common?.msgId?.trim();
  return id && id !== '0' ? clip(id) : undefined;
}

/** A decimal string or number as a whole non-negative number; undefined when it is neither. */
export function toCount(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function firstNonBlank(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== '');
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}
