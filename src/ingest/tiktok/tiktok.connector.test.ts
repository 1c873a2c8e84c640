// Fixture: test/fixtures/real/tiktoklivejava-raw/giftsCollector.json, the SOURCES.md row
// "tiktoklivejava-raw/" (jwdeveloper/TikTokLiveJava @46d5f15d3faa, MIT): raw Webcast messages,
// decoded here with the library's own decoder and emitted by a stand-in under the library's names.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { ControlEvent, UserOfflineError, WebcastEvent, deserializeMessage } from 'tiktok-live-connector';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { LiveEvent } from '../../core/live-event.js';
import { OfflineError, type ConnectorHandlers } from '../connector.js';
import type { TikTokLiveClient } from './tiktok-live-client.js';
import { TIKTOK_MAPPED_EVENTS, TikTokConnector } from './tiktok.connector.js';

type Recorded = Record<string, { eventData: string; uniqueId: string }[]>;
const recorded = JSON.parse(
  readFileSync(
    new URL('../../../test/fixtures/real/tiktoklivejava-raw/giftsCollector.json', import.meta.url),
    'utf8',
  ),
) as Recorded;
const decodedGifts = (recorded.WebcastGiftMessage ?? []).map((m) =>
  deserializeMessage('WebcastGiftMessage', Buffer.from(m.eventData, 'base64')),
);

/** Emits library events the way TikTokLiveConnection does; `connect` resolves or throws as told. */
class StandInClient extends EventEmitter implements TikTokLiveClient {
  connectError: Error | undefined;
  disconnects = 0;
  connect(): Promise<unknown> {
    return this.connectError === undefined
      ? Promise.resolve({ isConnected: true })
      : Promise.reject(this.connectError);
  }
  disconnect(): Promise<void> {
    this.disconnects += 1;
    return Promise.resolve();
  }
}

function setUp(channel = '@valeria.viral') {
  const client = new StandInClient();
  const clock = { now: 1_699_909_160_000 };
  const events: LiveEvent[] = [];
  const closed: { offline: boolean; error?: Error }[] = [];
  const handlers: ConnectorHandlers = {
    events: (batch) => events.push(...batch),
    closed: (o) => closed.push(o),
  };
  const uniqueIds: string[] = [];
  const connector = new TikTokConnector(
    {
      profile: 'p',
      stream: { id: 'tt', platform: 'tiktok', channel, enabled: true, recording: false, created_at: 0 },
    },
    { logger: pino({ level: 'silent' }), now: () => clock.now },
    {
      createClient: (uniqueId) => {
        uniqueIds.push(uniqueId);
        return client;
      },
      flushIntervalMs: 1_000,
      streakIdleMs: 20_000,
    },
  );
  return { client, clock, events, closed, handlers, connector, uniqueIds };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TikTokConnector', () => {
  test('listens to event names the library really emits', () => {
    const libraryNames = new Set<string>([...Object.values(WebcastEvent), ...Object.values(ControlEvent)]);
    expect(TIKTOK_MAPPED_EVENTS.filter((name) => !libraryNames.has(name))).toEqual([]);
    expect(['disconnected', 'error'].filter((name) => !libraryNames.has(name))).toEqual([]);
  });

  test('connects to the channel without its leading @ and maps library gift events', async () => {
    const t = setUp();
    await t.connector.connect(t.handlers);
    expect(t.uniqueIds).toEqual(['valeria.viral']);
    // Diana Muresan's Rose streak: repeatEnd 0 then repeatEnd 1, same groupId 1699909166768.
    const streak = decodedGifts.filter((g) => g.groupId === '1699909166768');
    expect(streak.map((g) => g.repeatEnd)).toEqual([0, 1]);
    t.client.emit('gift', streak[0]);
    expect(t.events).toEqual([]);
    t.client.emit('gift', streak[1]);
    expect(t.events).toMatchObject([
      {
        kind: 'gift',
        id: 'streak:130829550372016128:5655:1699909166768',
        count: 1,
        value: 1,
        user: { name: 'dianamuresan4', display: 'Diana Muresan' },
      },
    ]);
  });

  test('counts an abandoned streak on its timer once it has been idle for the timeout', async () => {
    vi.useFakeTimers();
    const t = setUp();
    await t.connector.connect(t.handlers);
    const open = decodedGifts.find((g) => g.groupId === '1699909181911' && g.repeatCount === 2)!;
    t.client.emit('gift', open);
    t.clock.now += 20_000;
    vi.advanceTimersByTime(1_000);
    expect(t.events).toEqual([]);
    t.clock.now += 1_000;
    vi.advanceTimersByTime(1_000);
    expect(t.events).toMatchObject([
      { kind: 'gift', count: 2, value: 2, at: 1_699_909_160_000, data: { streak_closed_by: 'idle' } },
    ]);
    await t.connector.disconnect();
  });

  test('reports closed offline once on streamEnd and nothing after it', async () => {
    const t = setUp();
    await t.connector.connect(t.handlers);
    t.client.emit('controlMessage', { common: { msgId: '7286185121396296454' }, action: 3 });
    t.client.emit('streamEnd', { action: 3 });
    t.client.emit('disconnected', { code: 1000, reason: '' });
    t.client.emit('chat', { content: 'late', user: { id: '1', displayId: 'a' } });
    expect(t.events.map((e) => [e.kind, e.id])).toEqual([['stream_end', '7286185121396296454']]);
    expect(t.closed).toEqual([{ offline: true }]);
  });

  test('reports a lost link as closed with the last library error', async () => {
    const t = setUp();
    await t.connector.connect(t.handlers);
    const boom = new Error('socket hang up');
    t.client.emit('error', { info: 'WebSocket Error after connecting', exception: boom });
    expect(t.closed).toEqual([]);
    t.client.emit('disconnected', { code: 1006, reason: '' });
    expect(t.closed).toEqual([{ offline: false, error: boom }]);
  });

  test('turns the library UserOfflineError into OfflineError and passes other failures on', async () => {
    const offline = setUp();
    offline.client.connectError = new UserOfflineError("The requested user isn't online :(");
    await expect(offline.connector.connect(offline.handlers)).rejects.toBeInstanceOf(OfflineError);
    const failing = setUp();
    failing.client.connectError = new Error('sign server down');
    await expect(failing.connector.connect(failing.handlers)).rejects.toThrow('sign server down');
    expect(failing.closed).toEqual([]);
  });

  test('counts open streaks and disconnects the library on disconnect, without reporting closed', async () => {
    const t = setUp();
    await t.connector.connect(t.handlers);
    t.client.emit(
      'gift',
      decodedGifts.find((g) => g.groupId === '1699909181911' && g.repeatCount === 2),
    );
    await t.connector.disconnect();
    expect(t.events).toMatchObject([{ kind: 'gift', count: 2, data: { streak_closed_by: 'disconnect' } }]);
    expect(t.client.disconnects).toBe(1);
    expect(t.closed).toEqual([]);
  });
});
