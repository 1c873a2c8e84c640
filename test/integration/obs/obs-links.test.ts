// A profile's OBS link end to end: the API's settings and status, the real obs-websocket-js client
// against the loopback OBS (test/support/obs-websocket-server.ts), the real store. The link reads
// every 50 ms instead of every few seconds, and the loopback's figures move as a 6 Mbps, 60 fps
// stream would, ten times faster than the clock.
import { pino } from 'pino';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ObsWebSocketLink } from '../../../src/ingest/obs/obs-websocket-link.js';
import { ObsWebSocketServer } from '../../support/obs-websocket-server.js';
import { eventually } from '../../support/live-server.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

const PASSWORD = 'hunter2-obs';
let t: TestApp;
let obs: ObsWebSocketServer;
let clock: NodeJS.Timeout | undefined;

beforeEach(async () => {
  obs = await ObsWebSocketServer.start({ password: PASSWORD });
  t = await createTestApp(
    {},
    {
      createObsLink: (options) =>
        new ObsWebSocketLink({ ...options, intervalMs: 50, log: pino({ level: 'silent' }) }),
    },
  );
  await createProfileWithStream(t.app, 'p', { id: 'tiktok-a', platform: 'tiktok', channel: '@a' });
});

afterEach(async () => {
  if (clock) clearInterval(clock);
  clock = undefined;
  await t.close();
  await obs.close();
});

/** Time passes at the loopback, ten times faster than the clock. */
function runClock(): void {
  clock = setInterval(() => obs.advance(0.5), 50);
}

async function link(body: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/profiles/p/obs',
    payload: { address: obs.url, ...body },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ settings: Record<string, unknown>; status: { state: string } }>();
}

async function status() {
  return (await t.app.inject('/api/profiles/p/obs')).json<{
    settings: Record<string, unknown>;
    status: {
      state: string;
      obs_version: string | null;
      recording: boolean;
      replay_buffer: boolean;
      last_error: { message: string } | null;
      failures: number;
    };
  }>();
}

const connected = () => eventually(async () => expect((await status()).status.state).toBe('connected'));

async function recordings(query = '') {
  const res = await t.app.inject(`/api/profiles/p/obs/recordings?from=0&to=${Date.now() + 60_000}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    recordings: {
      kind: string;
      path: string;
      size_bytes: number | null;
      duration_ms: number | null;
      width: number | null;
    }[];
  }>().recordings;
}

test('an editor links OBS with its password, which is never answered; a wrong one is refused and said so', async () => {
  const refused = await link({ password: 'not-it' });
  expect(refused.settings).toMatchObject({ address: obs.url, password_set: true });
  await eventually(async () =>
    expect((await status()).status).toMatchObject({ state: 'error', failures: 1 }),
  );
  expect((await status()).status.last_error?.message).toMatch(/password/i);

  const body = JSON.stringify(await link({ password: PASSWORD }));
  expect(body).not.toContain(PASSWORD);
  await connected();
  const view = await status();
  expect(JSON.stringify(view)).not.toContain(PASSWORD);
  expect(view.status.obs_version).toMatch(/^\d+\.\d+/);

  // The password left out is kept; the link stays connected through the restart.
  await link({ streams: ['tiktok-a'] });
  await connected();
  expect((await status()).settings).toMatchObject({ password_set: true, streams: ['tiktok-a'] });

  // The address removed: the link stops and OBS has no connection of ours left.
  await link({ address: null });
  expect((await status()).status.state).toBe('stopped');
  await eventually(() => expect(obs.connectionCount).toBe(0));
});

test("OBS's stream health is kept per minute while it streams, and dropped frames past the threshold become a trigger", async () => {
  await link({ password: PASSWORD, health: { dropped_frames_percent: 1, window_seconds: 5 } });
  await connected();
  obs.goLive();
  runClock();
  let minutes: {
    samples: number;
    bitrate_avg_kbps: number | null;
    dropped_frames: number;
    output_frames: number;
    fps_avg: number;
  }[] = [];
  await eventually(async () => {
    const res = await t.app.inject(
      `/api/profiles/p/obs/health?from=${Date.now() - 120_000}&to=${Date.now() + 60_000}`,
    );
    minutes = res.json<{ minutes: typeof minutes }>().minutes;
    expect(minutes.reduce((n, m) => n + m.samples, 0)).toBeGreaterThanOrEqual(10);
  }, 10_000);
  const last = minutes.at(-1)!;
  // 750,000 bytes a loopback second, ten of them a second: 60,000 kbps, give or take the timers
  // of a busy machine.
  expect(last.bitrate_avg_kbps).toBeGreaterThan(20_000);
  expect(last.bitrate_avg_kbps).toBeLessThan(200_000);
  expect(last.dropped_frames).toBeGreaterThan(0);
  expect(last.output_frames).toBeGreaterThan(last.dropped_frames);
  // The loopback drops 3 frames of every 30 (10%): past the 1% asked for, once.
  await eventually(async () => {
    const events = (await t.app.inject('/api/profiles/p/events?limit=100')).json<{
      events: { kind: string; stream: string; data: { type?: string } | null }[];
    }>().events;
    const alerts = events.filter((e) => e.kind === 'trigger' && e.data?.type === 'obs_dropped_frames');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.stream).toBe('tiktok-a');
  }, 10_000);
});

test("the streams' recording status follows OBS's, and its recordings, replay saves and screenshots are listed", async () => {
  await link({ password: PASSWORD });
  await connected();
  runClock();
  const recordingOf = async () =>
    (await t.app.inject('/api/stats?profile=p')).json<{ recording_status: Record<string, boolean> }>()
      .recording_status['tiktok-a'];
  obs.startRecording('/videos/2026-12-07 18-00-00.mkv');
  await eventually(async () => expect(await recordingOf()).toBe(true));
  obs.stopRecording('/videos/2026-12-07 18-00-00.mkv');
  await eventually(async () => expect(await recordingOf()).toBe(false));

  // No replay buffer running: said in plain words.
  const refused = await t.app.inject({ method: 'POST', url: '/api/profiles/p/obs/replay' });
  expect(refused.statusCode).toBe(409);
  expect(refused.json()).toMatchObject({ error: { code: 'OBS_REPLAY_NOT_SAVED' } });
  obs.startReplayBuffer();
  await eventually(async () => expect((await status()).status.replay_buffer).toBe(true));
  expect((await t.app.inject({ method: 'POST', url: '/api/profiles/p/obs/replay' })).statusCode).toBe(202);
  obs.screenshot('/videos/Screenshot 2026-12-07 18-05-00.png');

  await eventually(async () =>
    expect((await recordings()).map((r) => r.kind)).toEqual(['recording', 'replay', 'screenshot']),
  );
  const [recording] = await recordings('&kind=recording');
  expect(recording).toMatchObject({ kind: 'recording', path: '/videos/2026-12-07 18-00-00.mkv' });
  expect(recording!.width).toBeGreaterThan(0);
  expect((await recordings('&kind=replay,screenshot')).map((r) => r.kind)).toEqual(['replay', 'screenshot']);
});

test('OBS closing mid-stream: the link waits for it and connects again once it is back', async () => {
  await link({ password: PASSWORD });
  await connected();
  obs.goLive();
  obs.startRecording('/videos/cut.mkv');
  await eventually(async () => expect((await status()).status.recording).toBe(true));
  obs.exit();
  await eventually(async () =>
    expect((await status()).status).toMatchObject({ state: 'waiting', failures: 1 }),
  );
  await eventually(async () => {
    const stats = (await t.app.inject('/api/stats?profile=p')).json<{
      recording_status: Record<string, boolean>;
    }>();
    expect(stats.recording_status['tiktok-a']).toBe(false);
  });
  // The loopback keeps listening (OBS started again): the next attempt gets in.
  await connected();
  expect((await status()).status.failures).toBe(0);
});

test('a spike saves the replay buffer when the profile asks for it, once per cooldown', async () => {
  await link({ password: PASSWORD, clip_on_spike: { enabled: true, cooldown_seconds: 60 } });
  await connected();
  obs.startReplayBuffer();
  const spike = (at: number) => ({
    stream: 'tiktok-a',
    kind: 'trigger',
    at,
    id: `spike-${at}`,
    data: { type: 'viewers_spike' },
  });
  const push = async (events: unknown[]) =>
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/profiles/p/events', payload: events })).statusCode,
    ).toBe(200);
  await push([
    { stream: 'tiktok-a', kind: 'viewers', at: Date.now() - 20, count: 10 },
    { stream: 'tiktok-a', kind: 'trigger', at: Date.now() - 10, data: { type: 'goal_reached' } },
  ]);
  await push([spike(Date.now())]);
  await eventually(async () => expect((await recordings()).map((r) => r.kind)).toEqual(['replay']));
  await push([spike(Date.now() + 1)]);
  await new Promise((r) => setTimeout(r, 300));
  expect(await recordings()).toHaveLength(1);

  // The save is a clip moment of the session: it counts among the clips the triggers are matched with.
  await push([{ stream: 'tiktok-a', kind: 'viewers', at: Date.now(), count: 12 }]);
  const sessions = (await t.app.inject('/api/profiles/p/sessions')).json<{ sessions: { id: number }[] }>()
    .sessions;
  const report = (await t.app.inject(`/api/profiles/p/sessions/${sessions[0]!.id}/report`)).json<{
    clip_triggers: { clips: number; obs_replays: number };
  }>();
  expect(report.clip_triggers).toMatchObject({ clips: 1, obs_replays: 1 });
});
