// The OBS link through the real obs-websocket-js client against the obs-websocket v5 stand-in on
// loopback (test/support/obs-websocket-server.ts, answering from test/fixtures/obs/).
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ObsOutput, ObsOutputFile, ObsReading } from '../../../src/core/obs-readings.js';
import { ObsLinkError, type ObsLinkListener } from '../../../src/ingest/obs/obs-link.port.js';
import {
  ObsWebSocketLink,
  type ObsWebSocketLinkOptions,
} from '../../../src/ingest/obs/obs-websocket-link.js';
import { freePort } from '../../support/free-port.js';
import { eventually } from '../../support/live-server.js';
import { obsFixture } from '../../support/obs-loopback-state.js';
import { ObsWebSocketServer, type ObsLoopbackOptions } from '../../support/obs-websocket-server.js';

const PASSWORD = 'correct horse battery staple';
const INTERVAL_MS = 50;
const RECORDING = 'C:/Users/streamer/Videos/2026-03-14 20-15-02.mkv';
/** The files OBS goes on recording into when it splits RECORDING. */
const SECOND_PART = 'C:/Users/streamer/Videos/2026-03-14 20-30-02.mkv';
const THIRD_PART = 'C:/Users/streamer/Videos/2026-03-14 20-45-02.mkv';

let server: ObsWebSocketServer;
const servers: ObsWebSocketServer[] = [];
const links: ObsWebSocketLink[] = [];

async function startServer(options: ObsLoopbackOptions): Promise<ObsWebSocketServer> {
  const started = await ObsWebSocketServer.start(options);
  servers.push(started);
  return started;
}

beforeEach(async () => {
  server = await startServer({ password: PASSWORD });
});
afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.disconnect()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function obsLink(options: Partial<ObsWebSocketLinkOptions> = {}): ObsWebSocketLink {
  const link = new ObsWebSocketLink({
    address: server.url,
    password: PASSWORD,
    intervalMs: INTERVAL_MS,
    now: () => Date.now(),
    log: pino({ level: 'silent' }),
    ...options,
  });
  links.push(link);
  return link;
}

/** A listener that keeps what it hears. */
function recorder() {
  const heard = {
    readings: [] as ObsReading[],
    states: [] as [ObsOutput, boolean][],
    files: [] as ObsOutputFile[],
    lost: [] as ObsLinkError[],
  };
  const listener: ObsLinkListener = {
    reading: (reading) => heard.readings.push(reading),
    outputState: (output, active) => heard.states.push([output, active]),
    file: (file) => heard.files.push(file),
    lost: (error) => heard.lost.push(error),
  };
  return { heard, listener };
}

/** Waits for `count` readings taken after this call (so after whatever the server changed before it). */
async function nextReadings(heard: { readings: ObsReading[] }, count = 2): Promise<ObsReading> {
  const from = heard.readings.length;
  await eventually(() => expect(heard.readings.length).toBeGreaterThanOrEqual(from + count));
  return heard.readings.at(-1)!;
}

/**
 * Waits until a reading asked after an event the server just sent has been taken: three readings,
 * as the first may have been answered before the event and the second asked before it arrived.
 */
async function readingsAfterEvent(heard: { readings: ObsReading[] }): Promise<void> {
  await nextReadings(heard, 3);
}

/** A recording file as the loopback OBS describes it (Simple mode, "Same as stream"). */
function recordingFile(path: string, size_bytes: number | null, duration_ms: number | null) {
  return {
    kind: 'recording',
    path,
    at: expect.any(Number),
    size_bytes,
    duration_ms,
    codec: 'nvenc',
    width: 1920,
    height: 1080,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ObsLinkError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ObsLinkError);
  return err as ObsLinkError;
}

describe('connecting', () => {
  test('connects with the password OBS asks for, the documented way, and says what OBS is doing', async () => {
    server.state.replayBuffer = 'running';
    const connected = await obsLink().connect(recorder().listener);
    expect(connected).toEqual({
      obs_version: '30.2.2',
      websocket_version: '5.5.2',
      streaming: false,
      recording: false,
      replay_buffer: true,
    });
    const [identify] = server.identifies;
    expect(Object.keys(identify!).sort()).toEqual(Object.keys(obsFixture('identify.message.json')).sort());
    expect(identify).toMatchObject({ rpcVersion: 1 });
    // General (ExitStarted), Outputs and Ui (ScreenshotSaved).
    expect(identify!.eventSubscriptions).toBe(1 | 64 | 1024);
    expect(server.identifiedCount).toBe(1);
  });

  test('connects to an OBS that asks for no password; a replay buffer not set up is just not running', async () => {
    server = await startServer({});
    server.state.streaming = true;
    const connected = await obsLink({ password: null }).connect(recorder().listener);
    expect(connected).toMatchObject({ streaming: true, replay_buffer: false });
    expect(server.identifies[0]).not.toHaveProperty('authentication');
  });

  test('a wrong password is refused for good, and no connection is left open', async () => {
    const err = await rejection(obsLink({ password: 'hunter2' }).connect(recorder().listener));
    expect(err.retry).toBe(false);
    expect(err.message).toMatch(/refused the password/);
    await eventually(() => expect(server.connectionCount).toBe(0));
    expect(server.identifiedCount).toBe(0);
  });

  test('no password where OBS asks for one is refused for good, saying so', async () => {
    const err = await rejection(obsLink({ password: null }).connect(recorder().listener));
    expect(err).toMatchObject({ retry: false, message: 'OBS asks for a password and none is set' });
    await eventually(() => expect(server.connectionCount).toBe(0));
  });

  test('an address nothing listens on is worth trying again', async () => {
    const port = await freePort();
    const err = await rejection(obsLink({ address: `ws://127.0.0.1:${port}` }).connect(recorder().listener));
    expect(err.retry).toBe(true);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  test('an OBS that never greets is given up in time and left closed', async () => {
    server = await startServer({ sendsHello: false });
    const link = obsLink({ requestTimeoutMs: 200 });
    const err = await rejection(link.connect(recorder().listener));
    expect(err).toMatchObject({ retry: true, message: 'OBS did not answer the connection in time' });
    await eventually(() => expect(server.connectionCount).toBe(0));
  });

  test('a link stopped while connecting rejects and leaves nothing open', async () => {
    server = await startServer({ sendsHello: false });
    const link = obsLink();
    const connecting = rejection(link.connect(recorder().listener));
    await eventually(() => expect(server.connectionCount).toBe(1));
    await link.disconnect();
    expect((await connecting).message).toBe('disconnected while connecting to OBS');
    await eventually(() => expect(server.connectionCount).toBe(0));
  });
});

describe('while connected', () => {
  test('going live gives readings with the figures OBS reports', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    const offline = await nextReadings(heard, 1);
    expect(offline).toMatchObject({ streaming: false, output_bytes: 0, congestion: null });

    server.goLive();
    server.advance(2);
    const s = server.state;
    const live = await nextReadings(heard);
    expect(live).toEqual({
      at: expect.any(Number),
      streaming: true,
      reconnecting: false,
      output_bytes: s.streamBytes,
      output_duration_ms: s.streamDurationMs,
      network_dropped_frames: s.streamSkippedFrames,
      network_total_frames: s.streamTotalFrames,
      congestion: s.congestion,
      active_fps: s.activeFps,
      encode_skipped_frames: s.outputSkippedFrames,
      encode_total_frames: s.outputTotalFrames,
      render_skipped_frames: s.renderSkippedFrames,
      render_total_frames: s.renderTotalFrames,
      cpu_percent: s.cpuUsage,
      memory_mb: s.memoryUsage,
      available_disk_mb: s.availableDiskSpace,
    });
    expect(live.output_bytes).toBe(1_500_000);

    server.advance(1);
    const later = await nextReadings(heard);
    expect(later.output_bytes).toBe(2_250_000);
    expect(later.at).toBeGreaterThanOrEqual(live.at);
    expect(heard.states).toEqual([['stream', true]]);
  });

  test('outputs are reported when they start and stop, not in the states between', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.goLive();
    server.startRecording(RECORDING);
    server.startReplayBuffer();
    server.endStream();
    await eventually(() => expect(heard.states).toHaveLength(4));
    expect(heard.states).toEqual([
      ['stream', true],
      ['record', true],
      ['replay_buffer', true],
      ['stream', false],
    ]);
  });

  test('a stopped recording gives a recording file with its path, size, duration, codec and resolution', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.startRecording(RECORDING);
    server.advance(3);
    const { recordBytes, recordDurationMs } = server.state;
    await nextReadings(heard);
    server.stopRecording(RECORDING);
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files[0]).toEqual({
      kind: 'recording',
      path: RECORDING,
      at: expect.any(Number),
      size_bytes: recordBytes,
      duration_ms: recordDurationMs,
      // Simple output mode, recording quality "Same as stream": the streaming encoder.
      codec: 'nvenc',
      width: 1920,
      height: 1080,
    });
    expect(recordBytes).toBe(4_500_000);
    expect(heard.states).toEqual([
      ['record', true],
      ['record', false],
    ]);
  });

  test('a split recording gives one recording file per part, each with its own size and duration', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.startRecording(RECORDING);
    server.advance(3);
    await readingsAfterEvent(heard);
    server.splitRecording(SECOND_PART);
    // A part is told when OBS goes on in the next, not at the end of the recording.
    await eventually(() => expect(heard.files).toHaveLength(1));
    server.advance(2);
    await readingsAfterEvent(heard);
    server.splitRecording(THIRD_PART);
    server.advance(1);
    await readingsAfterEvent(heard);
    // OBS's record status still tells the whole recording's figures.
    expect(server.state).toMatchObject({ recordBytes: 9_000_000, recordDurationMs: 6_000 });
    server.stopRecording(THIRD_PART);
    await eventually(() => expect(heard.files).toHaveLength(3));
    expect(heard.files).toEqual([
      recordingFile(RECORDING, 4_500_000, 3_000),
      recordingFile(SECOND_PART, 3_000_000, 2_000),
      recordingFile(THIRD_PART, 1_500_000, 1_000),
    ]);
    expect(heard.states).toEqual([
      ['record', true],
      ['record', false],
    ]);
  });

  test('a part no reading saw arrives without figures, and so does the part after it', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.startRecording(RECORDING);
    server.advance(3);
    server.splitRecording(SECOND_PART);
    server.advance(2);
    await readingsAfterEvent(heard);
    server.splitRecording(THIRD_PART);
    server.advance(1);
    await readingsAfterEvent(heard);
    server.stopRecording(THIRD_PART);
    await eventually(() => expect(heard.files).toHaveLength(3));
    expect(heard.files).toEqual([
      recordingFile(RECORDING, null, null),
      // Where it began is not known: the figures read while OBS wrote it are the whole recording's.
      recordingFile(SECOND_PART, null, null),
      recordingFile(THIRD_PART, 1_500_000, 1_000),
    ]);
  });

  test('a file change naming no usable file is skipped: the file under way is not cut short', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.startRecording(RECORDING);
    server.advance(3);
    const event = (eventData: unknown) =>
      JSON.stringify({ op: 5, d: { eventType: 'RecordFileChanged', eventIntent: 64, eventData } });
    for (const eventData of [
      {},
      null,
      { newOutputPath: 42 },
      { newOutputPath: '' },
      { newOutputPath: 'x'.repeat(100_000) },
      { newOutputPath: 'C:/a\u0000b.mkv' },
      { newOutputPath: RECORDING },
    ]) {
      server.sendRaw(event(eventData));
    }
    await readingsAfterEvent(heard);
    expect(heard.files).toEqual([]);
    server.splitRecording(SECOND_PART);
    server.advance(1);
    await readingsAfterEvent(heard);
    server.stopRecording(SECOND_PART);
    await eventually(() => expect(heard.files).toHaveLength(2));
    expect(heard.files).toEqual([
      recordingFile(RECORDING, 4_500_000, 3_000),
      recordingFile(SECOND_PART, 1_500_000, 1_000),
    ]);
    expect(heard.lost).toEqual([]);
  });

  test('a split OBS does not announce (obs-websocket before 5.5) still gives both files, without figures', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.startRecording(RECORDING);
    server.advance(3);
    await readingsAfterEvent(heard);
    // The stop names the last file, not the one the start named.
    server.stopRecording(SECOND_PART);
    await eventually(() => expect(heard.files).toHaveLength(2));
    expect(heard.files).toEqual([
      recordingFile(RECORDING, null, null),
      recordingFile(SECOND_PART, null, null),
    ]);
  });

  test('a recording under way when the link connects keeps its figures where OBS cannot have split it', async () => {
    Object.assign(server.state, { recording: true, recordBytes: 15_000_000, recordDurationMs: 10_000 });
    const { heard, listener } = recorder();
    const connected = await obsLink().connect(listener);
    expect(connected.recording).toBe(true);
    server.advance(2);
    await readingsAfterEvent(heard);
    server.stopRecording(RECORDING);
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files).toEqual([recordingFile(RECORDING, 18_000_000, 12_000)]);
  });

  test('a recording under way that OBS may split: the file before the first split is not known, the next has its own figures', async () => {
    Object.assign(server.state, { recording: true, recordBytes: 15_000_000, recordDurationMs: 10_000 });
    server.state.profile['Output/Mode'] = 'Advanced';
    server.state.profile['AdvOut/RecSplitFile'] = 'true';
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.advance(2);
    await readingsAfterEvent(heard);
    server.splitRecording(SECOND_PART);
    server.advance(1);
    await readingsAfterEvent(heard);
    server.stopRecording(SECOND_PART);
    await eventually(() => expect(heard.files).toHaveLength(1));
    // Advanced mode, "use stream encoder": the streaming encoder.
    expect(heard.files).toEqual([{ ...recordingFile(SECOND_PART, 1_500_000, 1_000), codec: 'obs_x264' }]);
  });

  test('a recording under way that OBS may have split before the link connected: its file goes without figures', async () => {
    Object.assign(server.state, { recording: true, recordBytes: 15_000_000, recordDurationMs: 10_000 });
    server.state.profile['Output/Mode'] = 'Advanced';
    server.state.profile['AdvOut/RecSplitFile'] = 'true';
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.advance(2);
    await readingsAfterEvent(heard);
    server.stopRecording(SECOND_PART);
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files).toEqual([{ ...recordingFile(SECOND_PART, null, null), codec: 'obs_x264' }]);
  });

  test('a recording OBS cannot describe still arrives, with what is known', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.nextAnswers.set('GetVideoSettings', [{ requestStatus: { result: false, code: 207 } }]);
    server.state.profile['Output/Mode'] = 'Advanced';
    server.state.profile['AdvOut/RecEncoder'] = 'jim_av1_nvenc';
    server.startRecording(RECORDING);
    server.stopRecording(RECORDING);
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files[0]).toMatchObject({
      kind: 'recording',
      path: RECORDING,
      size_bytes: null,
      duration_ms: null,
      codec: 'jim_av1_nvenc',
      width: null,
      height: null,
    });
  });

  test('saving the replay buffer gives a replay file', async () => {
    server.state.replayBuffer = 'running';
    const { heard, listener } = recorder();
    const link = obsLink();
    await link.connect(listener);
    await link.saveReplayBuffer();
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files[0]).toEqual({
      kind: 'replay',
      path: server.state.replayPath,
      at: expect.any(Number),
      size_bytes: null,
      duration_ms: null,
      codec: 'nvenc',
      width: 1920,
      height: 1080,
    });
  });

  test('saving a replay buffer that is not running, or not set up, says why in plain words', async () => {
    server.state.replayBuffer = 'stopped';
    const { heard, listener } = recorder();
    const link = obsLink();
    await link.connect(listener);
    const stopped = await rejection(link.saveReplayBuffer());
    expect(stopped).toMatchObject({ retry: false, message: "OBS's replay buffer is not running" });
    server.state.replayBuffer = 'off';
    const off = await rejection(link.saveReplayBuffer());
    expect(off.message).toBe('OBS has no replay buffer (enable it in Settings > Output in OBS)');
    await nextReadings(heard);
    expect(heard.files).toEqual([]);
    expect(heard.lost).toEqual([]);
  });

  test('a screenshot gives a screenshot file', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.screenshot('C:/Users/streamer/Videos/Screenshot 2026-03-14 20-33-10.png');
    await eventually(() => expect(heard.files).toHaveLength(1));
    expect(heard.files[0]).toEqual({
      kind: 'screenshot',
      path: 'C:/Users/streamer/Videos/Screenshot 2026-03-14 20-33-10.png',
      at: expect.any(Number),
      size_bytes: null,
      duration_ms: null,
      codec: null,
      width: null,
      height: null,
    });
  });
});

describe('when things go wrong', () => {
  test('OBS closing mid-stream is told once, worth connecting again later', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.goLive();
    await nextReadings(heard);
    server.exit();
    await eventually(() => expect(heard.lost).toHaveLength(1));
    expect(heard.lost[0]).toMatchObject({ retry: true, message: 'OBS is closing' });
    await eventually(() => expect(server.connectionCount).toBe(0));
    // The close that follows ExitStarted and the ticks after it add nothing.
    const readings = heard.readings.length;
    await sleep(INTERVAL_MS * 4);
    expect(heard.lost).toHaveLength(1);
    expect(heard.readings).toHaveLength(readings);
  });

  test('a connection cut without a word is lost once, worth connecting again', async () => {
    const { heard, listener } = recorder();
    await obsLink().connect(listener);
    server.dropConnections();
    await eventually(() => expect(heard.lost).toHaveLength(1));
    expect(heard.lost[0]).toMatchObject({ retry: true, message: 'the connection to OBS closed (code 1006)' });
  });

  test('malformed and unexpected payloads neither crash the link nor stop its readings', async () => {
    let throws = true;
    const { heard, listener } = recorder();
    await obsLink().connect({
      ...listener,
      reading: (reading) => {
        // A listener that throws once must not stop the readings either.
        if (throws) {
          throws = false;
          throw new Error('listener failed');
        }
        listener.reading(reading);
      },
    });
    server.nextAnswers.set('GetStats', [
      { requestStatus: { result: true, code: 100 }, responseData: { cpuUsage: 'high' } },
    ]);
    server.nextAnswers.set('GetStreamStatus', [{ requestStatus: { result: false, code: 207 } }]);
    const event = (eventType: string, eventData: unknown) =>
      JSON.stringify({ op: 5, d: { eventType, eventIntent: 64, eventData } });
    for (const text of [
      'not json at all',
      '[]',
      'null',
      '{"op":5}',
      '{"op":5,"d":null}',
      '{"op":9,"d":{"requestId":"unknown","results":"nope"}}',
      '{"op":7,"d":null}',
      '{"op":2,"d":{}}',
      event('RecordStateChanged', { outputActive: 'yes', outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED' }),
      event('RecordStateChanged', {
        outputActive: false,
        outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED',
        outputPath: 7,
      }),
      event('StreamStateChanged', { outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED' }),
      event('ReplayBufferSaved', { savedReplayPath: 'x'.repeat(100_000) }),
      event('ReplayBufferSaved', { savedReplayPath: 'C:/clips/a\u0000b.mkv' }),
      event('RecordFileChanged', { newOutputPath: 42 }),
      event('RecordFileChanged', null),
      event('RecordFileChanged', { newOutputPath: 'C:/Users/streamer/Videos/not-recording.mkv' }),
      event('ScreenshotSaved', { savedScreenshotPath: 42 }),
      event('ScreenshotSaved', null),
      event('ConnectionClosed', { code: 4009 }),
      event('__proto__', {}),
    ]) {
      server.sendRaw(text);
    }
    server.goLive();
    server.advance(1);
    const reading = await nextReadings(heard, 3);
    expect(reading).toMatchObject({ streaming: true, output_bytes: server.state.streamBytes });
    expect(heard.readings.every((r) => typeof r.cpu_percent === 'number')).toBe(true);
    // The record event with an unusable path still reports the recording stopped; no file comes of it.
    expect(heard.states).toEqual([
      ['record', false],
      ['stream', true],
    ]);
    expect(heard.files).toEqual([]);
    expect(heard.lost).toEqual([]);
    server.screenshot('C:/Users/streamer/Videos/after.png');
    await eventually(() =>
      expect(heard.files.map((f) => f.path)).toEqual(['C:/Users/streamer/Videos/after.png']),
    );
  });

  test('a slow OBS never has two readings in flight: the ticks in between are skipped', async () => {
    server.delays.set('GetStats', INTERVAL_MS * 3);
    const { heard, listener } = recorder();
    await obsLink({ intervalMs: 10 }).connect(listener);
    await eventually(() => expect(heard.readings.length).toBeGreaterThanOrEqual(4));
    expect(server.maxStatsInFlight).toBe(1);
    const asked = server.requests.filter((r) => r === 'GetStats').length;
    expect(asked).toBeLessThanOrEqual(heard.readings.length + 1);
    expect(heard.lost).toEqual([]);
  });

  test('an OBS that stops answering ends the link, worth connecting again', async () => {
    const { heard, listener } = recorder();
    await obsLink({ requestTimeoutMs: 500 }).connect(listener);
    server.delays.set('GetStats', 60_000);
    await eventually(() => expect(heard.lost).toHaveLength(1));
    expect(heard.lost[0]).toMatchObject({ retry: true, message: 'OBS stopped answering' });
    await eventually(() => expect(server.connectionCount).toBe(0));
    expect(server.maxStatsInFlight).toBe(1);
  });

  test('disconnect closes the connection, and nothing reaches the listener after', async () => {
    server.state.replayBuffer = 'running';
    const { heard, listener } = recorder();
    const link = obsLink();
    await link.connect(listener);
    server.goLive();
    await nextReadings(heard);
    await link.disconnect();
    await eventually(() => expect(server.connectionCount).toBe(0));
    const readings = heard.readings.length;
    server.advance(1);
    server.screenshot('C:/Users/streamer/Videos/too-late.png');
    // No signal marks a tick that did nothing: a few intervals pass.
    await sleep(INTERVAL_MS * 4);
    expect(heard.readings).toHaveLength(readings);
    expect(heard.files).toEqual([]);
    expect(heard.lost).toEqual([]);
    await expect(link.saveReplayBuffer()).rejects.toThrow('not connected to OBS');
  });
});
