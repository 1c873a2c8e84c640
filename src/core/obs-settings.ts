import { z } from 'zod';
import { DEFAULT_OBS_HEALTH_ALARM, obsHealthAlarmSettingsSchema } from './obs-health-alarm.js';

/** Most streams one profile's OBS link may feed. */
export const MAX_OBS_STREAMS = 20;
/** obs-websocket's port unless the streamer changed it (Tools > WebSocket Server Settings). */
export const DEFAULT_OBS_ADDRESS = 'ws://127.0.0.1:4455';
/** Seconds between two readings of OBS's stream health unless set. */
export const DEFAULT_OBS_INTERVAL_SECONDS = 5;

/** obs-websocket's address: a ws:// or wss:// URL with a host, nothing after the port. */
const addressSchema = z
  .string()
  .max(300)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '' && url.search === '';
    } catch {
      return false;
    }
  }, `must be a ws:// or wss:// address, e.g. ${DEFAULT_OBS_ADDRESS}`)
  .describe(`obs-websocket's address (OBS: Tools > WebSocket Server Settings), e.g. ${DEFAULT_OBS_ADDRESS}`);

const streamsSchema = z
  .array(z.string().min(1).max(64))
  .max(MAX_OBS_STREAMS)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a stream twice')
  .describe(
    "the profile's streams OBS broadcasts to: their recording status follows OBS's, and health alerts are triggers of the first; empty: every stream of the profile",
  );

const clipOnSpikeSchema = z.strictObject({
  enabled: z.boolean().describe('whether a spike trigger asks OBS to save its replay buffer'),
  cooldown_seconds: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .describe('the least time between two saves asked for by spikes'),
});

export const DEFAULT_CLIP_ON_SPIKE = { enabled: false, cooldown_seconds: 120 } as const;

/** A profile's OBS link as stored. */
export const obsSettingsSchema = z.strictObject({
  address: z.string(),
  password: z.string().min(1).optional(),
  streams: z.array(z.string()).default([]),
  interval_seconds: z.number().default(DEFAULT_OBS_INTERVAL_SECONDS),
  health: obsHealthAlarmSettingsSchema.default({ ...DEFAULT_OBS_HEALTH_ALARM }),
  clip_on_spike: z
    .strictObject({ enabled: z.boolean(), cooldown_seconds: z.number() })
    .default({ ...DEFAULT_CLIP_ON_SPIKE }),
});

export type ObsSettings = z.infer<typeof obsSettingsSchema>;

/**
 * What a client sends. `address` null removes the link (it stops). The password is write-only:
 * a string sets it, `null` removes it (OBS asks for none), leaving it out keeps the one stored.
 */
export const obsSettingsInputSchema = z.strictObject({
  address: addressSchema.nullable(),
  password: z
    .string()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .describe(
      'the password set in OBS; null removes it (OBS asks for none), leaving it out keeps it. Never answered.',
    ),
  streams: streamsSchema.default([]),
  interval_seconds: z
    .number()
    .int()
    .min(2)
    .max(60)
    .default(DEFAULT_OBS_INTERVAL_SECONDS)
    .describe("seconds between two readings of OBS's stream health"),
  health: obsHealthAlarmSettingsSchema
    .default({ ...DEFAULT_OBS_HEALTH_ALARM })
    .describe('when a health alert (a trigger of the stream) fires'),
  clip_on_spike: clipOnSpikeSchema.default({ ...DEFAULT_CLIP_ON_SPIKE }),
});

/** The input as parsed (defaults filled in). */
export type ObsSettingsInput = z.output<typeof obsSettingsInputSchema>;

/** The settings as answered: whether a password is set, never which. */
export const obsSettingsViewSchema = z.strictObject({
  address: z.string().nullable().describe("obs-websocket's address, or null when no OBS link is set up"),
  password_set: z.boolean().describe('whether a password is stored; the password itself is never answered'),
  streams: z.array(z.string()),
  interval_seconds: z.number(),
  health: obsHealthAlarmSettingsSchema,
  clip_on_spike: clipOnSpikeSchema,
});

export type ObsSettingsView = z.infer<typeof obsSettingsViewSchema>;

/** The settings as answered (`stored` undefined: no link set up). */
export function viewObsSettings(stored: ObsSettings | undefined): ObsSettingsView {
  return {
    address: stored?.address ?? null,
    password_set: stored?.password !== undefined,
    streams: [...(stored?.streams ?? [])],
    interval_seconds: stored?.interval_seconds ?? DEFAULT_OBS_INTERVAL_SECONDS,
    health: { ...(stored?.health ?? DEFAULT_OBS_HEALTH_ALARM) },
    clip_on_spike: { ...(stored?.clip_on_spike ?? DEFAULT_CLIP_ON_SPIKE) },
  };
}

/**
 * The settings to store for `input` (undefined: the link is removed): its fields, and its
 * password, or the stored one when it gives none.
 */
export function mergeObsSettings(
  input: ObsSettingsInput,
  stored: ObsSettings | undefined,
): ObsSettings | undefined {
  if (input.address === null) return undefined;
  const password = input.password === undefined ? stored?.password : (input.password ?? undefined);
  const settings: ObsSettings = {
    address: input.address,
    streams: [...input.streams],
    interval_seconds: input.interval_seconds,
    health: { ...input.health },
    clip_on_spike: { ...input.clip_on_spike },
  };
  return password === undefined ? settings : { ...settings, password };
}
