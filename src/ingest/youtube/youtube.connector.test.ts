import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { EventEmitter, LiveChatContinuation, Parser, YTNodes } from 'youtubei.js';
import type { LiveEvent } from '../../core/live-event.js';
import { OfflineError, type ConnectorHandlers } from '../connector.js';
import type { YoutubeClient, YoutubeLiveChat, YoutubeLiveChatEvents } from './youtube-live-chat.port.js';
import { createYoutubeConnectorFactory } from './youtube.connector.js';

const FIXTURES = new URL('../../../test/fixtures/youtube/', import.meta.url);
const NOW = 1_767_225_600_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON fixtures, shape checked by the parser
function readFixture(name: string): any {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

/** A parsed get_live_chat response (youtubei.js's own parser), as LiveChat hands it out. */
function continuation(name: string): LiveChatContinuation {
  const contents = Parser.parseResponse(readFixture(name)).continuation_contents;
  if (!(contents instanceof LiveChatContinuation)) throw new Error('not a live chat continuation');
  return contents;
}

/** Stands in for youtubei.js's LiveChat: the same EventEmitter, driven by the test. */
class FakeLiveChat extends EventEmitter<YoutubeLiveChatEvents> implements YoutubeLiveChat {
  started = 0;
  stopped = 0;
  start(): void {
    this.started++;
  }
  stop(): void {
    this.stopped++;
  }
}

function setup(open: (channel: string) => Promise<YoutubeLiveChat>, startTimeoutMs?: number) {
  const channels: string[] = [];
  const client: YoutubeClient = {
    openLiveChat: (channel) => {
      channels.push(channel);
      return open(channel);
    },
  };
  const factory = createYoutubeConnectorFactory(() => Promise.resolve(client), startTimeoutMs);
  const connector = factory(
    {
      profile: 'demo',
      stream: {
        id: 'yt-main',
        platform: 'youtube',
        channel: '@somechannel',
        enabled: true,
        recording: false,
        created_at: 0,
      },
    },
    { logger: pino({ level: 'silent' }), now: () => NOW },
  );
  const events: LiveEvent[][] = [];
  const closed: { offline: boolean; error?: Error }[] = [];
  const handlers: ConnectorHandlers = { events: (e) => events.push([...e]), closed: (o) => closed.push(o) };
  return { connector, handlers, events, closed, channels };
}

/** Connects and lets the fake chat answer its first response. */
async function connectLive(chat: FakeLiveChat) {
  const ctx = setup(() => Promise.resolve(chat));
  const connecting = ctx.connector.connect(ctx.handlers);
  await Promise.resolve();
  await Promise.resolve();
  chat.emit('start', continuation('lina-normal.get_live_chat.json'));
  await connecting;
  return ctx;
}

describe('YoutubeConnector', () => {
  test('opens the chat of the stream channel and reports the backlog once started', async () => {
    const chat = new FakeLiveChat();
    const { events, channels } = await connectLive(chat);
    expect(channels).toEqual(['@somechannel']);
    expect(chat.started).toBe(1);
    expect(events).toEqual([
      [
        {
          stream: 'yt-main',
          kind: 'chat',
          at: 1_609_459_200_000,
          id: 'id',
          user: { id: 'channelId', name: 'authorName', display: 'authorName' },
          count: 1,
          value: 0,
          text: 'Hello, World!',
        },
      ],
    ]);
  });

  test('maps chat updates and viewer counts as they arrive', async () => {
    const chat = new FakeLiveChat();
    const { events } = await connectLive(chat);
    const [superChat] = continuation('lina-super-chat.get_live_chat.json').actions;
    chat.emit('chat-update', superChat!);
    const metadata = Parser.parseResponse(readFixture('updated-metadata.reconstructed.json'));
    chat.emit('metadata-update', {
      views: metadata.actions!.array().firstOfType(YTNodes.UpdateViewershipAction),
    });
    expect(events.slice(1).map((batch) => batch.map((e) => [e.kind, e.count, e.value, e.at]))).toEqual([
      [['gift', 1, 1000, 1_609_459_200_000]],
      [['viewers', 1234, 0, NOW]],
    ]);
  });

  test('reports an ended chat as offline, stops it and reports nothing after', async () => {
    const chat = new FakeLiveChat();
    const { events, closed } = await connectLive(chat);
    chat.emit('end');
    chat.emit('chat-update', continuation('lina-super-chat.get_live_chat.json').actions[0]!);
    chat.emit('end');
    expect(closed).toEqual([{ offline: true }]);
    expect(chat.stopped).toBe(1);
    expect(events).toHaveLength(1);
  });

  test('reports a chat error as a failure with the error', async () => {
    const chat = new FakeLiveChat();
    const { closed } = await connectLive(chat);
    const error = new Error('Reached retry limit for incremental continuation requests');
    chat.emit('error', error);
    chat.emit('end');
    expect(closed).toEqual([{ offline: false, error }]);
    expect(chat.stopped).toBe(1);
  });

  test('rejects with OfflineError when the channel is not live', async () => {
    const { connector, handlers, closed } = setup(() => Promise.reject(new OfflineError('no live video')));
    await expect(connector.connect(handlers)).rejects.toBeInstanceOf(OfflineError);
    expect(closed).toEqual([]);
  });

  test('rejects with the error when the chat fails before it starts', async () => {
    const chat = new FakeLiveChat();
    const { connector, handlers, closed } = setup(() => Promise.resolve(chat));
    const connecting = connector.connect(handlers);
    await Promise.resolve();
    await Promise.resolve();
    chat.emit('error', new Error('Unexpected live chat incremental continuation response'));
    await expect(connecting).rejects.toThrow('Unexpected live chat incremental continuation response');
    expect(closed).toEqual([]);
    expect(chat.stopped).toBe(1);
  });

  test('rejects when the chat does not start in time', async () => {
    const chat = new FakeLiveChat();
    const { connector, handlers } = setup(() => Promise.resolve(chat), 5);
    await expect(connector.connect(handlers)).rejects.toThrow('did not start within 5 ms');
    expect(chat.stopped).toBe(1);
  });

  test('stops the chat on disconnect and reports nothing more', async () => {
    const chat = new FakeLiveChat();
    const { connector, events, closed } = await connectLive(chat);
    await connector.disconnect();
    chat.emit('chat-update', continuation('lina-super-chat.get_live_chat.json').actions[0]!);
    chat.emit('end');
    expect(chat.stopped).toBe(1);
    expect(events).toHaveLength(1);
    expect(closed).toEqual([]);
  });
});
