// Fixtures: test/fixtures/obs/*.json, shapes of obs-websocket's protocol document (see SOURCES.md there).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  answersOf,
  CONNECT_REQUESTS,
  connectedOf,
  FILE_DETAIL_REQUESTS,
  fileDetailsOf,
  newRecordingPathOf,
  ObsAnswerError,
  outputChangeOf,
  readingOf,
  readingRequests,
  recordingEncoderOf,
  recordingFiguresOf,
  recordingPathOf,
  savedPathOf,
  splitsRecordingsOf,
} from './obs-payloads.js';

type Json = Record<string, unknown>;

/** A fixture message's `d`. */
function fixture(name: string): Json {
  const text = readFileSync(new URL(`../../../test/fixtures/obs/${name}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { d: Json }).d;
}

/** A request response fixture as a batch result, answering the request id given (its type by default). */
function result(name: string, responseData?: Json, requestId?: string): Json {
  const d = fixture(name);
  const data = responseData ? { ...(d.responseData as Json), ...responseData } : d.responseData;
  return { ...d, requestId: requestId ?? d.requestType, responseData: data };
}

const AT = Date.UTC(2026, 2, 14, 20, 15);

describe('answersOf', () => {
  test('keys each answer by its request id, with the data or the failure OBS gave', () => {
    const answers = answersOf(fixture('request-batch-response.message.json').results);
    expect(answers.get('GetStreamStatus')).toEqual({
      ok: true,
      data: expect.objectContaining({ outputActive: false, outputBytes: 0 }),
    });
    expect(answers.get('GetReplayBufferStatus')).toEqual({
      ok: false,
      code: 604,
      comment: 'Replay buffer is not available.',
    });
  });

  test('leaves out answers not of the documented shape, and reads nothing from what is not a list', () => {
    const answers = answersOf([
      { requestId: 'a', requestStatus: { result: 'yes', code: 100 } },
      { requestId: 7, requestStatus: { result: true, code: 100 } },
      { requestId: 'b' },
      null,
      { requestId: 'c', requestStatus: { result: true, code: 100 } },
    ]);
    expect([...answers.keys()]).toEqual(['c']);
    expect(answersOf('nope').size).toBe(0);
    expect(answersOf({ 0: {} }).size).toBe(0);
  });

  test("keeps OBS's comment on a failure short and printable", () => {
    const answers = answersOf([
      {
        requestId: 'a',
        requestStatus: { result: false, code: 702, comment: `bad\u0000\nthing${'!'.repeat(500)}` },
      },
      { requestId: 'b', requestStatus: { result: false, code: 205, comment: '   ' } },
    ]);
    const a = answers.get('a') as { comment: string };
    expect(a.comment.startsWith('bad  thing!')).toBe(true);
    expect(a.comment).toHaveLength(200);
    expect(answers.get('b')).toEqual({ ok: false, code: 205, comment: null });
  });

  test('reads at most 64 answers of a batch', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({
      requestId: `r${i}`,
      requestStatus: { result: true, code: 100 },
    }));
    expect(answersOf(many).size).toBe(64);
  });
});

describe('connectedOf', () => {
  const connectAnswers = (replay: Json, overrides: Json[] = []) =>
    answersOf([
      result('get-version.response.json'),
      result('get-stream-status.response.json'),
      result('get-record-status.response.json', { outputActive: false }),
      replay,
      ...overrides,
    ]);

  test("says OBS's versions and which outputs run", () => {
    expect(connectedOf(connectAnswers(result('get-replay-buffer-status.response.json')))).toEqual({
      obs_version: '30.2.2',
      websocket_version: '5.5.2',
      streaming: true,
      recording: false,
      replay_buffer: true,
    });
  });

  test('a replay buffer status OBS refuses (no replay buffer set up) is no replay buffer running', () => {
    const unavailable = {
      ...fixture('get-replay-buffer-status.unavailable.json'),
      requestId: 'GetReplayBufferStatus',
    };
    expect(connectedOf(connectAnswers(unavailable)).replay_buffer).toBe(false);
  });

  test('throws, saying which, when a status it needs is refused or malformed', () => {
    const replay = result('get-replay-buffer-status.response.json');
    const refused = {
      requestId: 'GetVersion',
      requestStatus: { result: false, code: 207, comment: 'not ready' },
    };
    expect(() => connectedOf(connectAnswers(replay, [refused]))).toThrow(
      new ObsAnswerError('OBS refused GetVersion (code 207: not ready)'),
    );
    const odd = result('get-stream-status.response.json', { outputActive: 'yes' });
    expect(() => connectedOf(connectAnswers(replay, [odd]))).toThrow(
      /GetStreamStatus is not understood \(outputActive/,
    );
    expect(() => connectedOf(answersOf([]))).toThrow('OBS gave no answer to GetVersion');
  });
});

describe('readingOf', () => {
  const readingAnswers = (stats?: Json, stream?: Json) =>
    answersOf([result('get-stats.response.json', stats), result('get-stream-status.response.json', stream)]);

  test("maps OBS's stats and the stream output's status", () => {
    expect(readingOf(readingAnswers(), AT)).toEqual({
      at: AT,
      streaming: true,
      reconnecting: false,
      output_bytes: 565_925_250,
      output_duration_ms: 754_567,
      network_dropped_frames: 18,
      network_total_frames: 45_274,
      congestion: 0.0125,
      active_fps: 60.0000024000001,
      encode_skipped_frames: 3,
      encode_total_frames: 216_300,
      render_skipped_frames: 12,
      render_total_frames: 216_341,
      cpu_percent: 4.786281282306802,
      memory_mb: 412.55859375,
      available_disk_mb: 180_243.5078125,
    });
  });

  test('a stream output that is not active has no figures of its own, whatever it still holds', () => {
    const reading = readingOf(readingAnswers({}, { outputActive: false, outputReconnecting: true }), AT);
    expect(reading).toMatchObject({
      streaming: false,
      reconnecting: false,
      output_bytes: 0,
      output_duration_ms: 0,
      network_dropped_frames: 0,
      network_total_frames: 0,
      congestion: null,
      cpu_percent: 4.786281282306802,
    });
  });

  test('congestion is kept within 0-1, and a disk space OBS does not give is null', () => {
    const reading = readingOf(readingAnswers({ availableDiskSpace: null }, { outputCongestion: 3 }), AT);
    expect(reading.congestion).toBe(1);
    expect(reading.available_disk_mb).toBeNull();
    expect(readingOf(readingAnswers({}, { outputCongestion: -0.5 }), AT).congestion).toBe(0);
  });

  test('throws on figures of the wrong type or sign, or a missing answer', () => {
    expect(() => readingOf(readingAnswers({ cpuUsage: 'high' }), AT)).toThrow(ObsAnswerError);
    expect(() => readingOf(readingAnswers({}, { outputBytes: -1 }), AT)).toThrow(/outputBytes/);
    expect(() => readingOf(readingAnswers({ renderTotalFrames: 1.5 }), AT)).toThrow(/renderTotalFrames/);
    expect(() => readingOf(answersOf([result('get-stats.response.json')]), AT)).toThrow(
      'OBS gave no answer to GetStreamStatus',
    );
  });

  test('asks for the recording status only while OBS records', () => {
    expect(readingRequests(false).map((r) => r.requestType)).toEqual(['GetStats', 'GetStreamStatus']);
    expect(readingRequests(true).map((r) => r.requestType)).toEqual([
      'GetStats',
      'GetStreamStatus',
      'GetRecordStatus',
    ]);
  });
});

describe('recordingFiguresOf', () => {
  test('gives the size and duration of the recording under way, and nothing once it stopped', () => {
    const recording = answersOf([result('get-record-status.response.json')]);
    expect(recordingFiguresOf(recording)).toEqual({ size_bytes: 937_500_000, duration_ms: 300_000 });
    const stopped = answersOf([result('get-record-status.response.json', { outputActive: false })]);
    expect(recordingFiguresOf(stopped)).toBeNull();
    const odd = answersOf([result('get-record-status.response.json', { outputBytes: '1 GB' })]);
    expect(() => recordingFiguresOf(odd)).toThrow(ObsAnswerError);
  });
});

describe('fileDetailsOf', () => {
  const settings = (profile: Record<string, string | null>, video: Json = {}) =>
    answersOf([
      result('get-video-settings.response.json', video),
      ...FILE_DETAIL_REQUESTS.filter((r) => r.requestType === 'GetProfileParameter').map((r) =>
        result(
          'get-profile-parameter.response.json',
          { parameterValue: profile[r.requestId] ?? null, defaultParameterValue: null },
          r.requestId,
        ),
      ),
    ]);

  test('reads the output resolution and the encoder the profile records with', () => {
    const details = fileDetailsOf(
      settings({
        'Output/Mode': 'Simple',
        'SimpleOutput/RecQuality': 'HQ',
        'SimpleOutput/RecEncoder': 'qsv',
      }),
    );
    expect(details).toEqual({ codec: 'qsv', width: 1920, height: 1080 });
  });

  test('a setting OBS does not give, or gives oddly, leaves its field null', () => {
    expect(fileDetailsOf(answersOf([]))).toEqual({ codec: null, width: null, height: null });
    const odd = fileDetailsOf(
      settings(
        { 'Output/Mode': 'Advanced', 'AdvOut/RecEncoder': 'x'.repeat(500) },
        { outputWidth: 0, outputHeight: 1080 },
      ),
    );
    expect(odd).toEqual({ codec: null, width: null, height: null });
  });

  test('a parameter OBS has no value for falls back to its default', () => {
    const answers = answersOf([
      result(
        'get-profile-parameter.response.json',
        { parameterValue: null, defaultParameterValue: 'Advanced' },
        'Output/Mode',
      ),
      result(
        'get-profile-parameter.response.json',
        { parameterValue: 'obs_nvenc_av1_tex' },
        'AdvOut/RecEncoder',
      ),
    ]);
    expect(fileDetailsOf(answers).codec).toBe('obs_nvenc_av1_tex');
  });
});

describe('splitsRecordingsOf', () => {
  /** The answers to the connect batch's profile parameters: a value each, or a default. */
  const profile = (values: Record<string, string | null>, defaults: Record<string, string> = {}) =>
    answersOf(
      CONNECT_REQUESTS.filter((r) => r.requestType === 'GetProfileParameter').map((r) =>
        result(
          'get-profile-parameter.response.json',
          {
            parameterValue: values[r.requestId] ?? null,
            defaultParameterValue: defaults[r.requestId] ?? null,
          },
          r.requestId,
        ),
      ),
    );

  test('only the Advanced output mode with "Automatically split file" on splits recordings', () => {
    expect(splitsRecordingsOf(profile({ 'Output/Mode': 'Advanced', 'AdvOut/RecSplitFile': 'true' }))).toBe(
      true,
    );
    expect(splitsRecordingsOf(profile({ 'Output/Mode': 'Advanced', 'AdvOut/RecSplitFile': 'false' }))).toBe(
      false,
    );
    // Simple mode never splits, whatever the Advanced setting left behind says.
    expect(splitsRecordingsOf(profile({ 'Output/Mode': 'Simple', 'AdvOut/RecSplitFile': 'true' }))).toBe(
      false,
    );
  });

  test('reads the setting as OBS does: "true" in any case or a number other than 0; the default when unset', () => {
    const advanced = (split: string) =>
      splitsRecordingsOf(profile({ 'Output/Mode': 'Advanced', 'AdvOut/RecSplitFile': split }));
    expect(['TRUE', '1', '02'].map(advanced)).toEqual([true, true, true]);
    expect(['0', 'no', 'yes'].map(advanced)).toEqual([false, false, false]);
    const unset = profile({ 'Output/Mode': 'Advanced' }, { 'AdvOut/RecSplitFile': 'false' });
    expect(splitsRecordingsOf(unset)).toBe(false);
  });

  test('a profile that does not say is not known to split or not', () => {
    expect(splitsRecordingsOf(answersOf([]))).toBeNull();
    expect(splitsRecordingsOf(profile({ 'Output/Mode': 'Advanced' }))).toBeNull();
    expect(
      splitsRecordingsOf(profile({ 'Output/Mode': 'Expert', 'AdvOut/RecSplitFile': 'true' })),
    ).toBeNull();
    const refused = answersOf([
      { requestId: 'Output/Mode', requestStatus: { result: false, code: 600, comment: 'nope' } },
    ]);
    expect(splitsRecordingsOf(refused)).toBeNull();
  });
});

describe('recordingEncoderOf', () => {
  const encoder = (profile: Record<string, string>) =>
    recordingEncoderOf((c, n) => profile[`${c}/${n}`] ?? null);

  test.each([
    [
      'Simple, same as stream',
      {
        'Output/Mode': 'Simple',
        'SimpleOutput/RecQuality': 'Stream',
        'SimpleOutput/StreamEncoder': 'nvenc',
        'SimpleOutput/RecEncoder': 'x264',
      },
      'nvenc',
    ],
    [
      'Simple, its own quality',
      { 'Output/Mode': 'Simple', 'SimpleOutput/RecQuality': 'Small', 'SimpleOutput/RecEncoder': 'x264' },
      'x264',
    ],
    [
      'Simple, lossless',
      { 'Output/Mode': 'Simple', 'SimpleOutput/RecQuality': 'Lossless', 'SimpleOutput/RecEncoder': 'x264' },
      null,
    ],
    [
      'Advanced, use stream encoder',
      { 'Output/Mode': 'Advanced', 'AdvOut/RecEncoder': 'none', 'AdvOut/Encoder': 'obs_x264' },
      'obs_x264',
    ],
    [
      'Advanced, its own encoder',
      {
        'Output/Mode': 'Advanced',
        'AdvOut/RecType': 'Standard',
        'AdvOut/RecEncoder': 'jim_hevc_nvenc',
        'AdvOut/Encoder': 'obs_x264',
      },
      'jim_hevc_nvenc',
    ],
    [
      'Advanced, custom FFmpeg output',
      { 'Output/Mode': 'Advanced', 'AdvOut/RecType': 'FFmpeg', 'AdvOut/RecEncoder': 'obs_x264' },
      null,
    ],
    ['an unknown mode', { 'Output/Mode': 'Expert', 'AdvOut/RecEncoder': 'obs_x264' }, null],
  ])('%s', (_name, profile, expected) => {
    expect(encoder(profile)).toBe(expected);
  });
});

describe('events', () => {
  const state = (outputState: string) => ({
    outputActive: false,
    outputState: `OBS_WEBSOCKET_OUTPUT_${outputState}`,
  });

  test('an output counts as started on STARTED and stopped on STOPPED; the states between pass', () => {
    expect(outputChangeOf(fixture('stream-state-changed.event.json').eventData)).toBe(true);
    expect(outputChangeOf(fixture('record-state-changed.event.json').eventData)).toBe(false);
    expect(outputChangeOf(fixture('replay-buffer-state-changed.event.json').eventData)).toBe(true);
    for (const passing of [
      'STARTING',
      'STOPPING',
      'RECONNECTING',
      'RECONNECTED',
      'PAUSED',
      'RESUMED',
      'UNKNOWN',
    ]) {
      expect(outputChangeOf(state(passing))).toBeNull();
    }
    expect(() => outputChangeOf({ outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED' })).toThrow();
    expect(() => outputChangeOf(undefined)).toThrow();
  });

  test('a stopped recording names its file; none, or an empty name, is no file', () => {
    expect(recordingPathOf(fixture('record-state-changed.event.json').eventData)).toBe(
      'C:/Users/streamer/Videos/2026-03-14 20-15-02.mkv',
    );
    expect(recordingPathOf({ ...state('STOPPED'), outputPath: null })).toBeNull();
    expect(recordingPathOf({ ...state('STOPPED'), outputPath: '' })).toBeNull();
    expect(recordingPathOf(state('STOPPED'))).toBeNull();
  });

  test('a path too long, with NUL, or not a string is refused', () => {
    expect(() => recordingPathOf({ outputPath: 'x'.repeat(5_000) })).toThrow();
    expect(() => recordingPathOf({ outputPath: 'a\u0000b' })).toThrow(/NUL/);
    expect(() => savedPathOf('screenshot', { savedScreenshotPath: 42 })).toThrow();
    expect(() => savedPathOf('replay', { savedScreenshotPath: 'C:/a.png' })).toThrow();
  });

  test('a started recording names the file OBS begins', () => {
    const started = { ...state('STARTED'), outputPath: 'C:/Users/streamer/Videos/a.mkv' };
    expect(recordingPathOf(started)).toBe('C:/Users/streamer/Videos/a.mkv');
  });

  test('a recording file change names the file OBS goes on in', () => {
    expect(newRecordingPathOf(fixture('record-file-changed.event.json').eventData)).toBe(
      'C:/Users/streamer/Videos/2026-03-14 20-30-02.mkv',
    );
  });

  test('a recording file change naming no usable file is refused', () => {
    for (const eventData of [
      {},
      null,
      'C:/a.mkv',
      { newOutputPath: null },
      { newOutputPath: 42 },
      { newOutputPath: '' },
      { newOutputPath: 'x'.repeat(5_000) },
      { newOutputPath: 'C:/a\u0000b.mkv' },
      { outputPath: 'C:/a.mkv' },
    ]) {
      expect(() => newRecordingPathOf(eventData)).toThrow();
    }
  });

  test('a saved replay and a screenshot name their files', () => {
    expect(savedPathOf('replay', fixture('replay-buffer-saved.event.json').eventData)).toBe(
      'C:/Users/streamer/Videos/Replay 2026-03-14 20-31-47.mkv',
    );
    expect(savedPathOf('screenshot', fixture('screenshot-saved.event.json').eventData)).toBe(
      'C:/Users/streamer/Videos/Screenshot 2026-03-14 20-33-10.png',
    );
  });
});
