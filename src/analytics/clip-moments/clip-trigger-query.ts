import type { SpikeSignal } from '../../core/spike-detector.js';
import type { ReplayDetectors } from '../../core/spike-replay.js';
import { resolveDetector, SPIKE_SIGNALS, type TriggerSettings } from '../../core/trigger-settings.js';

const MINUTE_MS = 60_000;

/** How long after a trigger a clip counts as following it, by default, in minutes. */
export const DEFAULT_CLIP_WINDOW_MINUTES = 5;
/** The longest such window one may ask for, in minutes. */
export const MAX_CLIP_WINDOW_MINUTES = 60;

/** A profile's stored trigger settings, read as the live watch reads them. */
export interface TriggerSettingsReader {
  read(profile: string): Promise<TriggerSettings>;
}

/** One signal's detector settings as a trigger settings document holds them (all optional). */
export type DetectorSettings = NonNullable<TriggerSettings[SpikeSignal]>;

/** Detector settings to try instead of the profile's, per signal: what would these have caught? */
export type TriggerOverrides = Partial<Record<SpikeSignal, DetectorSettings>>;

/** How triggers are matched against clips: the window after a trigger, and detector settings to try. */
export interface ClipTriggerQuery {
  /** Minutes, 1 to {@link MAX_CLIP_WINDOW_MINUTES}; {@link DEFAULT_CLIP_WINDOW_MINUTES} by default. */
  windowMinutes?: number;
  overrides?: TriggerOverrides;
}

/** A signal's detector as replayed: the defaults, the profile's settings and the overrides. */
export interface DetectorInForce {
  enabled: boolean;
  windowSize: number;
  minSamples: number;
  threshold: number;
  minAbsoluteChange: number;
  minRelativeChange: number;
  cooldownMs: number;
}

/** What a replay runs with: the match window and each signal's detector. */
export interface ReplaySettings {
  windowMinutes: number;
  /** The detectors of the enabled signals. */
  detectors: ReplayDetectors;
  /** Every signal's detector as it stands, enabled or not (what an answer reports). */
  inForce: Record<SpikeSignal, DetectorInForce>;
}

/**
 * The settings a replay runs with: the profile's stored trigger settings with the overrides laid
 * over them signal by signal (a setting left out of an override keeps the profile's), resolved as
 * the live watch resolves them (`resolveDetector`). The caller validates the overrides' bounds.
 */
export function replaySettings(stored: TriggerSettings, query: ClipTriggerQuery): ReplaySettings {
  const merged: TriggerSettings = { ...stored };
  for (const signal of SPIKE_SIGNALS) {
    const override = query.overrides?.[signal];
    if (override) merged[signal] = { ...stored[signal], ...override };
  }
  const detectors: ReplayDetectors = {};
  const inForce = {} as Record<SpikeSignal, DetectorInForce>;
  for (const signal of SPIKE_SIGNALS) {
    const { enabled, minRelativeChange = 0, ...options } = resolveDetector(merged, signal);
    inForce[signal] = { enabled, ...options, minRelativeChange };
    if (enabled) detectors[signal] = { ...options, minRelativeChange };
  }
  return { windowMinutes: query.windowMinutes ?? DEFAULT_CLIP_WINDOW_MINUTES, detectors, inForce };
}

/** The match window in ms. */
export const windowMsOf = (settings: ReplaySettings): number => settings.windowMinutes * MINUTE_MS;
