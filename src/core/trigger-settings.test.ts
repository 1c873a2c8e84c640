import { expect, test } from 'vitest';
import {
  mergeTriggerSettings,
  triggerSettingsInputSchema,
  viewTriggerSettings,
  type TriggerSettings,
} from './trigger-settings.js';

const url = 'https://hooks.example.com/clip';
const stored: TriggerSettings = { viewers: { threshold: 4 }, webhook: { url, secret: 'old-secret' } };

test('a webhook without a secret keeps the stored one; null clears it; a string replaces it', () => {
  expect(mergeTriggerSettings({ webhook: { url } }, stored)).toEqual({
    webhook: { url, secret: 'old-secret' },
  });
  const moved = mergeTriggerSettings({ webhook: { url: 'https://other.example.com/' } }, stored);
  expect(moved.webhook).toEqual({ url: 'https://other.example.com/', secret: 'old-secret' });
  expect(mergeTriggerSettings({ webhook: { url, secret: null } }, stored)).toEqual({ webhook: { url } });
  expect(mergeTriggerSettings({ webhook: { url, secret: 'new-secret' } }, stored).webhook).toEqual({
    url,
    secret: 'new-secret',
  });
  expect(mergeTriggerSettings({ webhook: { url } }, {})).toEqual({ webhook: { url } });
});

test('settings without a webhook, or with webhook null, drop the webhook and its secret', () => {
  expect(mergeTriggerSettings({ viewers: { enabled: false } }, stored)).toEqual({
    viewers: { enabled: false },
  });
  expect(mergeTriggerSettings({ webhook: null }, stored)).toEqual({ webhook: null });
});

test('the view says whether a secret is set and never holds it', () => {
  expect(viewTriggerSettings(stored)).toEqual({
    viewers: { threshold: 4 },
    webhook: { url, secret_set: true },
  });
  expect(viewTriggerSettings({ webhook: { url } })).toEqual({ webhook: { url, secret_set: false } });
  expect(viewTriggerSettings({ webhook: null })).toEqual({ webhook: null });
  expect(viewTriggerSettings({})).toEqual({});
  expect(JSON.stringify(viewTriggerSettings(stored))).not.toContain('old-secret');
});

test('a whsec_ secret must be the padded base64 of 24 to 64 bytes; others 8 to 200 printable ASCII characters', () => {
  const secretOk = (secret: unknown) =>
    triggerSettingsInputSchema.safeParse({ webhook: { url, secret } }).success;
  expect(secretOk(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toBe(true);
  expect(secretOk(`whsec_${Buffer.alloc(24, 7).toString('base64')}`)).toBe(true);
  expect(secretOk(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toBe(true);
  expect(secretOk(`whsec_${Buffer.alloc(16, 7).toString('base64')}`)).toBe(false);
  expect(secretOk(`whsec_${Buffer.alloc(65, 7).toString('base64')}`)).toBe(false);
  expect(secretOk('whsec_not base64 at all!!')).toBe(false);
  // Unpadded base64 is refused: some libraries do not read it.
  expect(secretOk(`whsec_${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`)).toBe(false);
  expect(secretOk('non-ascii-sécret')).toBe(false);
  expect(secretOk('a-long-secret')).toBe(true);
  expect(secretOk('short')).toBe(false);
  expect(secretOk(null)).toBe(true);
  expect(triggerSettingsInputSchema.safeParse({ webhook: { url, secret_set: true } }).success).toBe(false);
});
