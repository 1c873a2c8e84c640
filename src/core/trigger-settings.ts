import { z } from 'zod';
import { DEFAULT_SPIKE_OPTIONS, type SpikeDetectorOptions, type SpikeSignal } from './spike-detector.js';

const detectorSchema = z.strictObject({
  enabled: z.boolean().optional(),
  windowSize: z.number().int().min(5).max(500).optional(),
  minSamples: z.number().int().min(3).max(500).optional(),
  threshold: z.number().min(1).max(50).optional(),
  minAbsoluteChange: z.number().min(0).optional(),
  minRelativeChange: z.number().min(0).max(100).optional(),
  cooldownMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600_000)
    .optional(),
});

const signals = {
  viewers: detectorSchema.optional(),
  chat_velocity: detectorSchema.optional(),
  gift_value: detectorSchema.optional(),
};

const webhookUrlSchema = z.url({ protocol: /^https?$/ }).describe('receives each trigger as a JSON POST');

/**
 * A profile's trigger settings as stored: per signal, overrides of the detector defaults (and
 * `enabled`), and an optional webhook with its signing secret. The API never answers the secret
 * (see {@link triggerSettingsViewSchema}).
 */
export const triggerSettingsSchema = z.strictObject({
  ...signals,
  webhook: z
    .strictObject({ url: webhookUrlSchema, secret: z.string().min(1).optional() })
    .nullable()
    .optional(),
});

export type TriggerSettings = z.infer<typeof triggerSettingsSchema>;

/** The byte length of padded standard base64 text, or null if it is not that. */
function base64ByteLength(text: string): number | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  return (text.length / 4) * 3 - (text.match(/=/g)?.length ?? 0);
}

/**
 * `whsec_` and padded base64 of 24 to 64 bytes (as Standard Webhooks libraries read it), or 8 to
 * 200 printable ASCII characters used as they are (read alike as UTF-8 or Latin-1).
 */
const webhookSecretSchema = z
  .string()
  .min(8)
  .max(200)
  .refine((secret) => {
    if (!secret.startsWith('whsec_')) return /^[\x20-\x7e]*$/.test(secret);
    const bytes = base64ByteLength(secret.slice('whsec_'.length));
    return bytes !== null && bytes >= 24 && bytes <= 64;
  }, 'must be whsec_ and the padded base64 of 24 to 64 random bytes, or printable ASCII');

/**
 * The trigger settings a client sends. The webhook `secret` is write-only: a string sets it,
 * `null` clears it, and leaving it out keeps the one stored.
 */
export const triggerSettingsInputSchema = z.strictObject({
  ...signals,
  webhook: z
    .strictObject({
      url: webhookUrlSchema,
      secret: webhookSecretSchema
        .nullable()
        .optional()
        .describe(
          'signs each POST (Standard Webhooks `webhook-signature`): `whsec_` and the base64 of 24-64 random bytes, or 8-200 printable ASCII characters used as they are; null clears it, leaving it out keeps it',
        ),
    })
    .nullable()
    .optional(),
});

export type TriggerSettingsInput = z.infer<typeof triggerSettingsInputSchema>;

/** The trigger settings as the API answers them: the webhook says whether a secret is set, never which. */
export const triggerSettingsViewSchema = z.strictObject({
  ...signals,
  webhook: z
    .strictObject({
      url: webhookUrlSchema,
      secret_set: z.boolean().describe('whether POSTs are signed; the secret itself is never answered'),
    })
    .nullable()
    .optional(),
});

export type TriggerSettingsView = z.infer<typeof triggerSettingsViewSchema>;

/** The settings as answered: the webhook's secret replaced by whether one is set. */
export function viewTriggerSettings(settings: TriggerSettings): TriggerSettingsView {
  const { webhook, ...rest } = settings;
  if (!webhook) return webhook === undefined ? rest : { ...rest, webhook };
  return { ...rest, webhook: { url: webhook.url, secret_set: webhook.secret !== undefined } };
}

/**
 * The settings to store for `input`: as given, except that a webhook whose `secret` is left out
 * keeps the secret of the stored webhook, and `secret: null` stores none.
 */
export function mergeTriggerSettings(input: TriggerSettingsInput, stored: TriggerSettings): TriggerSettings {
  const { webhook, ...rest } = input;
  if (!webhook) return webhook === undefined ? rest : { ...rest, webhook };
  const secret = webhook.secret === undefined ? stored.webhook?.secret : (webhook.secret ?? undefined);
  return { ...rest, webhook: secret === undefined ? { url: webhook.url } : { url: webhook.url, secret } };
}

export interface ResolvedDetector extends SpikeDetectorOptions {
  enabled: boolean;
}

export const SPIKE_SIGNALS: readonly SpikeSignal[] = ['viewers', 'chat_velocity', 'gift_value'];

/** The detector options in force for a signal: the defaults with the profile's overrides. */
export function resolveDetector(settings: TriggerSettings, signal: SpikeSignal): ResolvedDetector {
  const { enabled = true, ...overrides } = settings[signal] ?? {};
  const options = { ...DEFAULT_SPIKE_OPTIONS[signal], ...overrides };
  return { ...options, minSamples: Math.min(options.minSamples, options.windowSize), enabled };
}
