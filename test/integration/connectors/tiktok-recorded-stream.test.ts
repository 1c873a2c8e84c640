// Fixtures: test/fixtures/real/tiktoklivejava-raw/giftsCollector.json and WebcastLog2.json, the
// SOURCES.md row "tiktoklivejava-raw/" (jwdeveloper/TikTokLiveJava, Tools-EventsCollector
// giftsCollector.json @46d5f15d3faa and Tools-EventsWebViewer WebcastLog2.json @0d384f0fdc4e, MIT):
// raw base64 protobuf Webcast messages captured in 2023.
//
// The real tiktok-live-connector 2.5.0 runs here end to end: its documented RouteConfig hooks stand
// in for TikTok's HTTP endpoints, and a loopback WebSocket server plays the push server, sending the
// recorded messages in WebcastPushFrame/ProtoMessageFetchResult envelopes. The library decodes them
// with its own protobuf definitions and emits its own events, which the TikTok connector maps.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import {
  ControlAction,
  ProtoMessageFetchResult,
  RouteConfig,
  createBaseWebcastPushFrame,
  deserializeMessage,
  type WebcastGiftMessage,
  type WebcastRoomUserSeqMessage,
} from 'tiktok-live-connector';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseEventBatch, type LiveEvent } from '../../../src/core/live-event.js';
import { OfflineError, type ConnectorHandlers } from '../../../src/ingest/connector.js';
import { TikTokConnector } from '../../../src/ingest/tiktok/tiktok.connector.js';

interface Recorded {
  type: string;
  ts: string;
  uniqueId: string;
  bytes: Buffer;
}

function loadRecorded(file: string): Recorded[] {
  const url = new URL(`../../fixtures/real/tiktoklivejava-raw/${file}`, import.meta.url);
  const byType = JSON.parse(readFileSync(url, 'utf8')) as Record<
    string,
    { ts: string; uniqueId: string; eventData: string }[]
  >;
  const all = Object.entries(byType).flatMap(([type, items]) =>
    items.map((i) => ({ type, ts: i.ts, uniqueId: i.uniqueId, bytes: Buffer.from(i.eventData, 'base64') })),
  );
  // Capture order (stable sort: messages of one capture batch keep their order). The stamps are
  // labels without a zone in giftsCollector.json; only their order matters here.
  return all.sort((a, b) => captureMs(a.ts) - captureMs(b.ts));
}

function captureMs(ts: string): number {
  return Date.parse(ts.slice(0, 23) + 'Z');
}

const STANDARD_STREAM = {
  id: 'tt',
  platform: 'tiktok' as const,
  enabled: true,
  recording: false,
  created_at: 0,
};
const defaultRoutes = { ...RouteConfig };
let server: WebSocketServer | undefined;

afterEach(async () => {
  Object.assign(RouteConfig, defaultRoutes);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** One push frame carrying the given recorded messages, built with the library's own frame helper. */
function pushFrame(messages: Recorded[]): Buffer {
  const result = ProtoMessageFetchResult.encode({
    messages: messages.map((m, i) => ({
      method: m.type,
      payload: m.bytes,
      msgId: String(i + 1),
      msgType: 0,
      offset: '0',
      isHistory: false,
      sampleFlag: 0,
    })),
    cursor: 'c',
    fetchInterval: '0',
    now: '0',
    internalExt: '',
    fetchType: 0,
    routeParams: {},
    heartbeatDuration: '0',
    needAck: false,
    pushServer: '',
    isFirst: false,
    historyCommentCursor: '',
    historyNoMore: false,
  }).finish();
  return Buffer.from(
    createBaseWebcastPushFrame({
      payloadEncoding: 'pb',
      payloadType: 'msg',
      payload: Buffer.from(result),
    }).finish(),
  );
}

/** Points the library at a loopback push server that sends `messages` (one per frame) on connect. */
async function servePushServer(onConnection: (socket: WebSocket) => void): Promise<void> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server = wss;
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  wss.on('connection', onConnection);
  RouteConfig.fetchRoomIdComposite = () => Promise.resolve('7301000000000000001');
  RouteConfig.fetchRoomInfo = () => Promise.resolve({ data: { status: 2 } });
  RouteConfig.fetchSignedWebSocketFromProvider = () =>
    Promise.resolve({
      fetchResult: {
        ...ProtoMessageFetchResult.decode(new Uint8Array()),
        messages: [],
        cursor: 'c1',
        pushServer: `ws://127.0.0.1:${port}/webcast/im/push/v2/`,
      },
      fetchResultCookieHeader: undefined,
      fetchResultRoomId: undefined,
    } as unknown as Awaited<ReturnType<typeof RouteConfig.fetchSignedWebSocketFromProvider>>);
}

interface Run {
  events: LiveEvent[];
  closed: Promise<{ offline: boolean; error?: Error }>;
  handlers: ConnectorHandlers;
}

function collect(): Run {
  const events: LiveEvent[] = [];
  let resolveClosed!: (o: { offline: boolean; error?: Error }) => void;
  const closed = new Promise<{ offline: boolean; error?: Error }>((r) => (resolveClosed = r));
  return { events, closed, handlers: { events: (batch) => events.push(...batch), closed: resolveClosed } };
}

function connector(channel: string): TikTokConnector {
  return new TikTokConnector(
    { profile: 'p', stream: { ...STANDARD_STREAM, channel } },
    { logger: pino({ level: 'silent' }), now: () => Date.now() },
  );
}

function sendAll(socket: WebSocket, messages: Recorded[]): void {
  for (const m of messages) socket.send(pushFrame([m]));
}

function assertValid(events: LiveEvent[]): void {
  const result = parseEventBatch(events);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

/** Expected streaks, computed from the decoded messages: per user+gift+group, the highest repeatCount. */
function expectedStreaks(
  gifts: WebcastGiftMessage[],
): Map<string, { count: number; value: number; ended: boolean }> {
  const streaks = new Map<string, { count: number; value: number; ended: boolean }>();
  for (const g of gifts.filter((m) => m.gift?.type === 1)) {
    const key = `streak:${g.user?.id}:${g.giftId}:${g.groupId}`;
    const count = Math.max(streaks.get(key)?.count ?? 0, g.repeatCount);
    streaks.set(key, {
      count,
      value: count * (g.gift?.diamondCount ?? 0),
      ended: (streaks.get(key)?.ended ?? false) || g.repeatEnd === 1,
    });
  }
  return streaks;
}

describe('TikTok connector on recorded Webcast messages through the real library', () => {
  test('maps the recorded valeria.viral stream: viewers series, each gift streak once, and the end', async () => {
    const recorded = loadRecorded('giftsCollector.json').filter((m) => m.uniqueId === 'valeria.viral');
    // The recorded end of a stream (WebcastControlMessage action=3, from WebcastLog2.json) closes the run.
    const end = loadRecorded('WebcastLog2.json').find(
      (m) =>
        m.type === 'WebcastControlMessage' &&
        deserializeMessage('WebcastControlMessage', m.bytes).action ===
          ControlAction.CONTROL_ACTION_STREAM_ENDED,
    )!;
    await servePushServer((socket) => sendAll(socket, [...recorded, end]));
    const run = collect();
    const tiktok = connector('@valeria.viral');
    await tiktok.connect(run.handlers);
    expect(await run.closed).toEqual({ offline: true });
    assertValid(run.events);

    const decode = <T>(type: string): T[] =>
      recorded
        .filter((m) => m.type === type)
        .map((m) => deserializeMessage(type as 'WebcastGiftMessage', m.bytes) as T);
    const viewerReadings = decode<WebcastRoomUserSeqMessage>('WebcastRoomUserSeqMessage').map((m) =>
      Number(m.total),
    );
    // The 21:59 capture is the 1350 -> 1048 series; two readings of 563 follow at 22:43.
    expect(viewerReadings.slice(0, 19)).toEqual([
      1350, 1349, 1344, 1343, 1347, 1331, 1317, 1286, 1270, 1263, 1271, 1243, 1236, 1229, 1220, 1197, 1093,
      1067, 1048,
    ]);
    expect(viewerReadings.slice(19)).toEqual([563, 563]);
    expect(run.events.filter((e) => e.kind === 'viewers').map((e) => e.count)).toEqual(viewerReadings);

    const gifts = decode<WebcastGiftMessage>('WebcastGiftMessage');
    const streaks = expectedStreaks(gifts);
    const mappedStreaks = run.events.filter((e) => e.kind === 'gift' && e.id?.startsWith('streak:'));
    expect(new Set(mappedStreaks.map((e) => e.id)).size).toBe(mappedStreaks.length);
    expect(
      new Map(
        mappedStreaks.map((e) => [
          e.id,
          { count: e.count, value: e.value, ended: e.data?.streak_closed_by === 'repeat_end' },
        ]),
      ),
    ).toEqual(streaks);
    // 9 streaks got their repeatEnd in the recording; 3 never did and are counted when the stream ends.
    expect([...streaks.values()].map((s) => s.ended).sort()).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(streaks.get('streak:7018625790564877318:5487:1699909172261')).toEqual({
      count: 1,
      value: 5,
      ended: true,
    });
    expect(streaks.get('streak:7293220748515607585:5655:1699909181911')).toEqual({
      count: 2,
      value: 2,
      ended: false,
    });

    const single = gifts.filter((g) => g.gift?.type !== 1);
    expect(
      run.events
        .filter((e) => e.kind === 'gift' && !e.id?.startsWith('streak:'))
        .map((e) => [e.id, e.count, e.value]),
    ).toEqual(single.map((g) => [g.common?.msgId, 1, g.gift?.diamondCount]));

    const ends = run.events.filter((e) => e.kind === 'stream_end');
    expect(ends).toEqual([
      {
        stream: 'tt',
        kind: 'stream_end',
        at: ends[0]?.at,
        id: deserializeMessage('WebcastControlMessage', end.bytes).common?.msgId,
        count: 1,
        value: 0,
        data: { reason: 'ended' },
      },
    ]);
    expect(run.events.at(-1)?.kind).toBe('stream_end');
  });

  test('counts each social message once, as follow or share, and never as both', async () => {
    const social = loadRecorded('giftsCollector.json').filter((m) => m.type === 'WebcastSocialMessage');
    await servePushServer((socket) => {
      // Sent twice: a re-sent batch carries the same ids, which the store dedupes.
      sendAll(socket, [...social, ...social]);
      socket.close();
    });
    const run = collect();
    await connector('valeria.viral').connect(run.handlers);
    expect((await run.closed).offline).toBe(false);
    assertValid(run.events);
    const decoded = social.map((m) => deserializeMessage('WebcastSocialMessage', m.bytes));
    const keyOf = (key: string | undefined): string =>
      key?.includes('follow') ? 'follow' : key?.includes('share') ? 'share' : 'other';
    const expected = decoded
      .filter((m) => keyOf(m.common?.displayText?.key) !== 'other')
      .map((m) => [keyOf(m.common?.displayText?.key), m.common?.msgId]);
    const mapped = run.events.map((e) => [e.kind, e.id]);
    expect(mapped).toEqual([...expected, ...expected]);
    expect(new Set(mapped.map(([, id]) => id)).size).toBe(expected.length);
  });

  test('counts every recorded WebcastLog2 streak that ends once, with its highest repeatCount', async () => {
    const gifts = loadRecorded('WebcastLog2.json').filter((m) => m.type === 'WebcastGiftMessage');
    await servePushServer((socket) => {
      sendAll(socket, gifts);
      socket.close();
    });
    const run = collect();
    const tiktok = connector('many');
    await tiktok.connect(run.handlers);
    const outcome = await run.closed;
    expect(outcome.offline).toBe(false);
    expect(outcome.error?.message).toMatch(/closed/);
    assertValid(run.events);
    const streaks = expectedStreaks(gifts.map((m) => deserializeMessage('WebcastGiftMessage', m.bytes)));
    const mapped = new Map(
      run.events.map((e) => [
        e.id,
        { count: e.count, value: e.value, ended: e.data?.streak_closed_by === 'repeat_end' },
      ]),
    );
    expect(mapped).toEqual(streaks);
    expect(streaks.get('streak:7047312669493609477:5655:1696447170769')).toEqual({
      count: 37,
      value: 37,
      ended: false,
    });
    expect(streaks.get('streak:6943261193957229574:5655:1696447173318')).toEqual({
      count: 2,
      value: 2,
      ended: true,
    });
  });

  test('rejects with OfflineError when the library reports the user offline', async () => {
    RouteConfig.fetchRoomIdComposite = () => Promise.resolve('7301000000000000001');
    RouteConfig.fetchRoomInfo = () => Promise.resolve({ data: { status: 4 } });
    const run = collect();
    await expect(connector('@sleeping').connect(run.handlers)).rejects.toBeInstanceOf(OfflineError);
    expect(run.events).toEqual([]);
  });
});
