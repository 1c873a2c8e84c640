import { describe, expect, test } from 'vitest';
import { DEFAULT_SPIKE_OPTIONS } from '../../core/spike-detector.js';
import { DEFAULT_CLIP_WINDOW_MINUTES, replaySettings } from './clip-trigger-query.js';

describe('replaySettings', () => {
  test("replays the profile's settings over the defaults, with the default match window", () => {
    const settings = replaySettings({ viewers: { threshold: 6 }, gift_value: { enabled: false } }, {});
    expect(settings.windowMinutes).toBe(DEFAULT_CLIP_WINDOW_MINUTES);
    expect(settings.detectors.viewers).toEqual({ ...DEFAULT_SPIKE_OPTIONS.viewers, threshold: 6 });
    expect(settings.detectors.gift_value).toBeUndefined();
    expect(settings.inForce.gift_value).toEqual({
      ...DEFAULT_SPIKE_OPTIONS.gift_value,
      minRelativeChange: 0,
      enabled: false,
    });
  });

  test("lays overrides over the profile's settings one setting at a time", () => {
    const settings = replaySettings(
      { viewers: { threshold: 6, cooldownMs: 60_000 }, chat_velocity: { enabled: false } },
      { windowMinutes: 10, overrides: { viewers: { threshold: 3 }, chat_velocity: { enabled: true } } },
    );
    expect(settings.windowMinutes).toBe(10);
    expect(settings.inForce.viewers).toMatchObject({ threshold: 3, cooldownMs: 60_000, enabled: true });
    expect(settings.detectors.chat_velocity).toEqual(DEFAULT_SPIKE_OPTIONS.chat_velocity);
  });

  test('keeps the warm-up within the baseline window, as the live watch does', () => {
    const settings = replaySettings({}, { overrides: { viewers: { windowSize: 6 } } });
    expect(settings.inForce.viewers).toMatchObject({ windowSize: 6, minSamples: 6 });
  });
});
