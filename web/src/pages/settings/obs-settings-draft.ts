import type { ObsSettingsUpdateInput } from '../../api/openapi.gen.js';
import type { ObsLinkSettings } from '../obs/obs-types.js';
import type { SecretChange } from './webhook-fields.js';

/** The OBS form's fields as typed (numbers as text: the server's refusal names a bad one). */
export interface ObsDraft {
  address: string;
  /** The streams ticked, in the order the profile lists them; none: every stream. */
  streams: string[];
  interval: string;
  /** Empty: no alert on dropped frames. */
  droppedPercent: string;
  /** Empty: no alert on a low bitrate. */
  minBitrate: string;
  window: string;
  clipOnSpike: boolean;
  cooldown: string;
}

const textOf = (n: number | null): string => (n === null ? '' : String(n));

/** The form's fields for stored settings (an address of null: no link yet, the field is empty). */
export function obsDraftOf(settings: ObsLinkSettings): ObsDraft {
  return {
    address: settings.address ?? '',
    streams: [...settings.streams],
    interval: String(settings.interval_seconds),
    droppedPercent: textOf(settings.health.dropped_frames_percent),
    minBitrate: textOf(settings.health.min_bitrate_kbps),
    window: String(settings.health.window_seconds),
    clipOnSpike: settings.clip_on_spike.enabled,
    cooldown: String(settings.clip_on_spike.cooldown_seconds),
  };
}

/** An optional figure: empty text is none (null); anything else goes as typed, for the server to judge. */
const optionalNumber = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/**
 * The update to send: every field, and the password only when it changes (left out, the server
 * keeps the stored one; null removes it). An empty address goes as typed: the server says why it
 * is refused (removing the link is a separate, explicit action).
 */
export function obsSettingsUpdate(draft: ObsDraft, password: SecretChange): ObsSettingsUpdateInput {
  const update: ObsSettingsUpdateInput = {
    address: draft.address.trim(),
    streams: [...draft.streams],
    interval_seconds: Number(draft.interval),
    health: {
      dropped_frames_percent: optionalNumber(draft.droppedPercent),
      min_bitrate_kbps: optionalNumber(draft.minBitrate),
      window_seconds: Number(draft.window),
    },
    clip_on_spike: { enabled: draft.clipOnSpike, cooldown_seconds: Number(draft.cooldown) },
  };
  if (password.kind === 'clear') return { ...update, password: null };
  if (password.kind === 'set' && password.value !== '') return { ...update, password: password.value };
  return update;
}
