// The OBS the loopback obs-websocket server stands for: what it is doing (a test scripts it) and
// how it answers requests, from the fixtures in test/fixtures/obs/ with the state's figures.
import { readFileSync } from 'node:fs';

export type Json = Record<string, unknown>;

const fixtures = new Map<string, Json>();

/** A fixture message's `d` (a fresh copy). */
export function obsFixture(name: string): Json {
  let d = fixtures.get(name);
  if (d === undefined) {
    const text = readFileSync(new URL(`../fixtures/obs/${name}`, import.meta.url), 'utf8');
    d = (JSON.parse(text) as { d: Json }).d;
    fixtures.set(name, d);
  }
  return structuredClone(d);
}

/** What the scripted OBS is doing; tests change it and the answers follow. */
export interface ObsLoopbackState {
  streaming: boolean;
  reconnecting: boolean;
  streamBytes: number;
  streamDurationMs: number;
  streamSkippedFrames: number;
  streamTotalFrames: number;
  congestion: number;
  cpuUsage: number;
  memoryUsage: number;
  availableDiskSpace: number;
  activeFps: number;
  renderSkippedFrames: number;
  renderTotalFrames: number;
  outputSkippedFrames: number;
  outputTotalFrames: number;
  recording: boolean;
  recordBytes: number;
  recordDurationMs: number;
  /** `off`: no replay buffer set up in OBS (its requests fail with 604). */
  replayBuffer: 'off' | 'stopped' | 'running';
  /** The file the next replay buffer save writes. */
  replayPath: string;
  outputWidth: number;
  outputHeight: number;
  /** The profile's parameters, by `Category/Name`. */
  profile: Record<string, string>;
}

export function initialObsState(): ObsLoopbackState {
  return {
    streaming: false,
    reconnecting: false,
    streamBytes: 0,
    streamDurationMs: 0,
    streamSkippedFrames: 0,
    streamTotalFrames: 0,
    congestion: 0,
    cpuUsage: 3.5,
    memoryUsage: 380.25,
    availableDiskSpace: 180_243.5,
    activeFps: 60,
    renderSkippedFrames: 0,
    renderTotalFrames: 1_000,
    outputSkippedFrames: 0,
    outputTotalFrames: 1_000,
    recording: false,
    recordBytes: 0,
    recordDurationMs: 0,
    replayBuffer: 'off',
    replayPath: 'C:/Users/streamer/Videos/Replay 2026-03-14 20-31-47.mkv',
    outputWidth: 1920,
    outputHeight: 1080,
    profile: {
      'Output/Mode': 'Simple',
      'SimpleOutput/RecQuality': 'Stream',
      'SimpleOutput/RecEncoder': 'x264',
      'SimpleOutput/StreamEncoder': 'nvenc',
      'AdvOut/RecType': 'Standard',
      'AdvOut/RecEncoder': 'none',
      'AdvOut/Encoder': 'obs_x264',
      'AdvOut/RecSplitFile': 'false',
    },
  };
}

/** A request's answer: its status, and its data when it succeeded. */
export interface LoopbackAnswer {
  requestStatus: Json;
  responseData?: Json;
}

const SUCCESS = { result: true, code: 100 };
const NOT_AVAILABLE = { result: false, code: 604, comment: 'Replay buffer is not available.' };

/**
 * How OBS in `state` answers a request. A replay buffer save that succeeds calls `replaySaved`
 * with the file's path (OBS writes it after answering; ReplayBufferSaved follows).
 */
export function answerRequest(
  state: ObsLoopbackState,
  requestType: string,
  requestData: unknown,
  replaySaved: (path: string) => void,
): LoopbackAnswer {
  const s = state;
  switch (requestType) {
    case 'GetVersion':
      return ok('get-version.response.json', {});
    case 'GetStats':
      return ok('get-stats.response.json', {
        cpuUsage: s.cpuUsage,
        memoryUsage: s.memoryUsage,
        availableDiskSpace: s.availableDiskSpace,
        activeFps: s.activeFps,
        renderSkippedFrames: s.renderSkippedFrames,
        renderTotalFrames: s.renderTotalFrames,
        outputSkippedFrames: s.outputSkippedFrames,
        outputTotalFrames: s.outputTotalFrames,
      });
    case 'GetStreamStatus':
      return ok('get-stream-status.response.json', {
        outputActive: s.streaming,
        outputReconnecting: s.reconnecting,
        outputDuration: s.streamDurationMs,
        outputCongestion: s.congestion,
        outputBytes: s.streamBytes,
        outputSkippedFrames: s.streamSkippedFrames,
        outputTotalFrames: s.streamTotalFrames,
      });
    case 'GetRecordStatus':
      return ok('get-record-status.response.json', {
        outputActive: s.recording,
        outputDuration: s.recordDurationMs,
        outputBytes: s.recordBytes,
      });
    case 'GetReplayBufferStatus':
      return s.replayBuffer === 'off'
        ? statusOnly('get-replay-buffer-status.unavailable.json')
        : ok('get-replay-buffer-status.response.json', { outputActive: s.replayBuffer === 'running' });
    case 'GetVideoSettings':
      return ok('get-video-settings.response.json', {
        outputWidth: s.outputWidth,
        outputHeight: s.outputHeight,
      });
    case 'GetProfileParameter':
      return profileParameter(s, requestData);
    case 'SaveReplayBuffer':
      if (s.replayBuffer === 'off') return { requestStatus: NOT_AVAILABLE };
      if (s.replayBuffer === 'stopped') return statusOnly('save-replay-buffer.not-running.json');
      replaySaved(s.replayPath);
      return statusOnly('save-replay-buffer.response.json');
    default:
      return { requestStatus: { result: false, code: 204, comment: `Unknown request type: ${requestType}` } };
  }
}

function profileParameter(state: ObsLoopbackState, requestData: unknown): LoopbackAnswer {
  const data = (requestData ?? {}) as Json;
  if (typeof data.parameterCategory !== 'string' || typeof data.parameterName !== 'string') {
    return { requestStatus: { result: false, code: 300, comment: 'Your request is missing a field.' } };
  }
  const value = state.profile[`${data.parameterCategory}/${data.parameterName}`] ?? null;
  return ok('get-profile-parameter.response.json', { parameterValue: value, defaultParameterValue: null });
}

/** A successful answer: the fixture's data with `data` over it. */
function ok(fixture: string, data: Json): LoopbackAnswer {
  return { requestStatus: SUCCESS, responseData: { ...(obsFixture(fixture).responseData as Json), ...data } };
}

/** The fixture's status alone (a failure, or a success without data). */
function statusOnly(fixture: string): LoopbackAnswer {
  return { requestStatus: obsFixture(fixture).requestStatus as Json };
}
