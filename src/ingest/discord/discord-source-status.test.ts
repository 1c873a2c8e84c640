import { expect, test } from 'vitest';
import { describeDiscordSource, viewDiscordSourceStatus } from './discord-source-status.js';

const facts = { channels: 3, guilds: 2, shares: 12, failures: 0 };

test('the status line says what the bot does and what it recorded', () => {
  expect(describeDiscordSource({ ...facts, state: 'running' })).toBe(
    'watching 3 channels, 12 shares recorded',
  );
  expect(describeDiscordSource({ ...facts, channels: 0, shares: 1, state: 'running' })).toBe(
    'watching every channel of 2 servers, 1 share recorded',
  );
  expect(describeDiscordSource({ ...facts, channels: 1, guilds: 1, state: 'idle' })).toBe(
    'logging in to Discord, 12 shares recorded',
  );
  expect(describeDiscordSource({ ...facts, failures: 1, state: 'error' })).toBe(
    'not connected, 12 shares recorded, 1 event not stored',
  );
});

test('the status as the API shows it: a Discord source of no stream, times as ISO-8601', () => {
  const at = Date.UTC(2026, 11, 7, 12);
  expect(
    viewDiscordSourceStatus(
      {
        state: 'error',
        since: at,
        failures: 2,
        last_error: { message: 'refused', at },
        next_attempt_at: at + 1000,
      },
      'not connected, 0 shares recorded',
    ),
  ).toEqual({
    kind: 'discord',
    stream: null,
    state: 'error',
    since: '2026-12-07T12:00:00.000Z',
    failures: 2,
    last_error: { message: 'refused', at: '2026-12-07T12:00:00.000Z' },
    next_attempt_at: '2026-12-07T12:00:01.000Z',
    detail: 'not connected, 0 shares recorded',
  });
});
