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

/**
 * A profile's trigger settings as stored and as the API takes them: per signal, overrides of the
 * detector defaults (and `enabled`), and an optional webhook. Everything is optional.
 */
export const triggerSettingsSchema = z.strictObject({
  viewers: detectorSchema.optional(),
  chat_velocity: detectorSchema.optional(),
  gift_value: detectorSchema.optional(),
  webhook: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).describe('receives each trigger as a JSON POST'),
      secret: z.string().min(8).max(200).optional().describe('signs each POST (x-streampulse-signature)'),
    })
    .nullable()
    .optional(),
});

export type TriggerSettings = z.infer<typeof triggerSettingsSchema>;

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
