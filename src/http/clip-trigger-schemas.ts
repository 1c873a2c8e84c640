import { z } from 'zod';
import {
  DEFAULT_CLIP_WINDOW_MINUTES,
  MAX_CLIP_WINDOW_MINUTES,
  type ClipTriggerQuery,
  type TriggerOverrides,
} from '../analytics/clip-moments/clip-trigger-query.js';
import type { SpikeSignal } from '../core/spike-detector.js';
import { SPIKE_SIGNALS, triggerSettingsSchema } from '../core/trigger-settings.js';

/** The detector settings a query may override, with their bounds as the settings document has them. */
const detectorShape = triggerSettingsSchema.shape.viewers.unwrap().shape;
type DetectorKey = keyof typeof detectorShape;
const DETECTOR_KEYS = Object.keys(detectorShape) as DetectorKey[];

/** A query parameter for one detector setting: the settings' own bounds, read from text. */
function settingParam(key: DetectorKey): z.ZodType<number | boolean | undefined> {
  const setting = detectorShape[key].unwrap();
  if (setting instanceof z.ZodBoolean) {
    return z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional();
  }
  let param = z.coerce.number();
  if (setting.isInt) param = param.int();
  if (setting.minValue !== null && Number.isFinite(setting.minValue)) param = param.min(setting.minValue);
  if (setting.maxValue !== null && Number.isFinite(setting.maxValue)) param = param.max(setting.maxValue);
  return param.optional();
}

const paramName = (signal: string, key: string) => `${signal}.${key}`;

/**
 * The query parameters that say how triggers are matched with clips: `window_minutes`, and
 * `<signal>.<setting>` (e.g. `viewers.threshold=3`, `gift_value.enabled=false`) to try detector
 * settings other than the profile's trigger settings.
 */
export const clipTriggerParams = {
  window_minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CLIP_WINDOW_MINUTES)
    .optional()
    .describe(
      `a clip follows a trigger when it starts at most this many minutes after it (default ${DEFAULT_CLIP_WINDOW_MINUTES})`,
    ),
  ...Object.fromEntries(
    SPIKE_SIGNALS.flatMap((signal) =>
      DETECTOR_KEYS.map((key) => [
        paramName(signal, key),
        settingParam(key).describe(
          `tries this ${key} for the ${signal} detector instead of the profile's trigger settings`,
        ),
      ]),
    ),
  ),
} as Record<string, z.ZodType<number | boolean | undefined>>;

/** The match query the parameters of {@link clipTriggerParams} make. */
export function clipTriggerQueryOf(query: Record<string, unknown>): ClipTriggerQuery {
  const overrides: TriggerOverrides = {};
  for (const signal of SPIKE_SIGNALS) {
    const entries = DETECTOR_KEYS.flatMap((key) => {
      const value = query[paramName(signal, key)];
      return value === undefined ? [] : [[key, value] as const];
    });
    if (entries.length > 0) overrides[signal] = Object.fromEntries(entries);
  }
  const windowMinutes = query.window_minutes;
  return {
    ...(typeof windowMinutes === 'number' ? { windowMinutes } : {}),
    overrides,
  };
}

const share = (what: string) =>
  z.number().nullable().describe(`${what}; null when there are none to share out`);

const figuresShape = {
  triggers: z.number().describe('spike triggers the detectors fire over the minutes replayed'),
  clips: z.number().describe("clips placed on the timeline, OBS's replay buffer saves among them"),
  triggers_followed_by_clip: z.number(),
  clips_preceded_by_trigger: z.number(),
  precision: share('triggers followed by a clip / triggers'),
  recall: share('clips preceded by a trigger / clips'),
};

const obsReplaysShape = {
  obs_replays: z
    .number()
    .describe(
      'of the clips, the replay buffer saves OBS made (by hand or on a spike), placed when OBS wrote them',
    ),
};

/** How spike triggers matched clips, over one session or several. */
export const clipTriggerFiguresSchema = z
  .object({ ...figuresShape, ...obsReplaysShape })
  .meta({ id: 'ClipTriggerFigures' });

const detectorInForceSchema = z
  .object({
    enabled: z.boolean(),
    windowSize: z.number(),
    minSamples: z.number(),
    threshold: z.number(),
    minAbsoluteChange: z.number(),
    minRelativeChange: z.number(),
    cooldownMs: z.number(),
  })
  .meta({ id: 'DetectorInForce' });

/** Every signal's detector as replayed: the defaults, the profile's trigger settings and the overrides. */
export const detectorsInForceSchema = z
  .object({
    viewers: detectorInForceSchema,
    chat_velocity: detectorInForceSchema,
    gift_value: detectorInForceSchema,
  })
  .describe(
    "each signal's detector as replayed: the defaults, then the profile's trigger settings, then the overrides",
  );

const placedBySchema = z
  .enum(['vod_offset', 'created_minus_duration', 'created_at'])
  .describe(
    "vod_offset: the session's start + the clip's offset into the recording; created_minus_duration: made when it ended; created_at: no duration known",
  );

/** A clip placed on a session's timeline. */
export const sessionClipSchema = z
  .object({
    seq: z.number(),
    url: z.string(),
    title: z.string(),
    creator_name: z.string(),
    view_count: z.number(),
    thumbnail_url: z.string().nullable(),
    created_at: z.number().describe('epoch ms'),
    duration: z.number().nullable().describe('seconds'),
    vod_offset: z.number().nullable().describe("seconds into the broadcast's recording"),
    moment: z.number().describe('when the clip starts on the timeline, epoch ms'),
    placed_by: placedBySchema,
  })
  .meta({ id: 'SessionClip' });

/** A session's clip-trigger figures with the triggers replayed. */
export const sessionClipTriggersSchema = z
  .object({
    ...figuresShape,
    ...obsReplaysShape,
    window_minutes: z.number(),
    detectors: detectorsInForceSchema,
    fired: z
      .array(
        z.object({
          at: z.number().describe('start of the minute whose figures fired it, epoch ms'),
          signal: z.enum(SPIKE_SIGNALS as [SpikeSignal, ...SpikeSignal[]]),
          value: z.number(),
          baseline: z.number(),
          score: z.number(),
        }),
      )
      .describe('the replayed triggers in time order (the first 1,000)'),
  })
  .meta({ id: 'SessionClipTriggers' });
