import { z } from 'zod';
import type { ObsReading } from '../../core/obs-readings.js';
import type { ObsConnected } from './obs-link.port.js';

// What StreamPulse asks obs-websocket (v5, rpc 1) and how it reads the answers and events. Only
// the fields read are checked; OBS sends more. Field tables:
// https://github.com/obsproject/obs-websocket/blob/master/docs/generated/protocol.md

/** A request of a RequestBatch; its `requestId` names its answer (OBS echoes it). */
export interface ObsRequest {
  requestType: string;
  requestId: string;
  requestData?: Record<string, string>;
}

/** One answer of a RequestBatchResponse: the response data, or OBS's failure status. */
export type ObsAnswer = { ok: true; data: unknown } | { ok: false; code: number; comment: string | null };

/** An answer missing, refused by OBS, or not of the documented shape. */
export class ObsAnswerError extends Error {
  override name = 'ObsAnswerError';
}

/** Longest path kept (Linux's PATH_MAX; OBS's own file names are far shorter). */
const MAX_PATH = 4_096;
/** Longest name, version or encoder id kept. */
const MAX_NAME = 200;
/** Answers read from one batch response (ours hold at most ten requests). */
const MAX_ANSWERS = 64;

/** Text that can be logged and stored: bounded, without NUL (PostgreSQL's text refuses it). */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\0'), 'contains NUL');
const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();

const request = (requestType: string, requestId = requestType): ObsRequest => ({ requestType, requestId });
const profileParameter = (category: string, name: string): ObsRequest => ({
  requestType: 'GetProfileParameter',
  requestId: `${category}/${name}`,
  requestData: { parameterCategory: category, parameterName: name },
});

/**
 * What the link asks once identified: what OBS is, which outputs run, and whether the profile
 * splits recordings (see `splitsRecordingsOf`).
 */
export const CONNECT_REQUESTS: readonly ObsRequest[] = [
  request('GetVersion'),
  request('GetStreamStatus'),
  request('GetRecordStatus'),
  request('GetReplayBufferStatus'),
  profileParameter('Output', 'Mode'),
  profileParameter('AdvOut', 'RecSplitFile'),
];

/** What a reading asks: OBS's stats and the stream's status, and the recording's while it records. */
export function readingRequests(isRecording: boolean): ObsRequest[] {
  const requests = [request('GetStats'), request('GetStreamStatus')];
  return isRecording ? [...requests, request('GetRecordStatus')] : requests;
}

/** Asks OBS to write its replay buffer to a file (ReplayBufferSaved follows). */
export const SAVE_REPLAY_REQUESTS: readonly ObsRequest[] = [request('SaveReplayBuffer')];

/**
 * What a file's details are read from: the output resolution and the profile's encoder settings
 * (which of them apply depends on the output mode; see `recordingEncoderOf`).
 */
export const FILE_DETAIL_REQUESTS: readonly ObsRequest[] = [
  request('GetVideoSettings'),
  profileParameter('Output', 'Mode'),
  profileParameter('SimpleOutput', 'RecQuality'),
  profileParameter('SimpleOutput', 'RecEncoder'),
  profileParameter('SimpleOutput', 'StreamEncoder'),
  profileParameter('AdvOut', 'RecType'),
  profileParameter('AdvOut', 'RecEncoder'),
  profileParameter('AdvOut', 'Encoder'),
];

const answerSchema = z.object({
  requestId: z.string().max(MAX_NAME),
  requestStatus: z.object({ result: z.boolean(), code: z.number().int(), comment: z.string().nullish() }),
  responseData: z.unknown().optional(),
});

/**
 * The answers of a RequestBatchResponse's `results`, by request id. An answer not of the
 * documented shape is left out, as if OBS had not answered that request.
 */
export function answersOf(results: unknown): Map<string, ObsAnswer> {
  const answers = new Map<string, ObsAnswer>();
  if (!Array.isArray(results)) return answers;
  for (const result of results.slice(0, MAX_ANSWERS)) {
    const parsed = answerSchema.safeParse(result);
    if (!parsed.success) continue;
    const { requestId, requestStatus, responseData } = parsed.data;
    answers.set(
      requestId,
      requestStatus.result
        ? { ok: true, data: responseData }
        : { ok: false, code: requestStatus.code, comment: commentOf(requestStatus.comment) },
    );
  }
  return answers;
}

/** OBS's comment on a failure, short and printable, for logs and messages. */
function commentOf(comment: string | null | undefined): string | null {
  const kept = comment
    ?.replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, MAX_NAME);
  return kept ? kept : null;
}

/** The data of the answer `id`, checked; throws an `ObsAnswerError` saying what is wrong. */
function dataOf<T>(answers: ReadonlyMap<string, ObsAnswer>, id: string, schema: z.ZodType<T>): T {
  const answer = answers.get(id);
  if (answer === undefined) throw new ObsAnswerError(`OBS gave no answer to ${id}`);
  if (!answer.ok) {
    const why = answer.comment ? `: ${answer.comment}` : '';
    throw new ObsAnswerError(`OBS refused ${id} (code ${answer.code}${why})`);
  }
  const parsed = schema.safeParse(answer.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(data)'} ${i.message}`);
    throw new ObsAnswerError(`OBS's answer to ${id} is not understood (${issues.join('; ')})`);
  }
  return parsed.data;
}

const versionSchema = z.object({ obsVersion: text(MAX_NAME), obsWebSocketVersion: text(MAX_NAME) });
const activeSchema = z.object({ outputActive: z.boolean() });

/**
 * What OBS said once identified. Throws an `ObsAnswerError` when the version or the stream's or
 * recording's status is missing, refused or malformed; a replay buffer status OBS refuses (no
 * replay buffer set up in OBS) is no replay buffer running.
 */
export function connectedOf(answers: ReadonlyMap<string, ObsAnswer>): ObsConnected {
  const version = dataOf(answers, 'GetVersion', versionSchema);
  const replay = answers.get('GetReplayBufferStatus');
  return {
    obs_version: version.obsVersion,
    websocket_version: version.obsWebSocketVersion,
    streaming: dataOf(answers, 'GetStreamStatus', activeSchema).outputActive,
    recording: dataOf(answers, 'GetRecordStatus', activeSchema).outputActive,
    replay_buffer: replay?.ok === true && dataOf(answers, 'GetReplayBufferStatus', activeSchema).outputActive,
  };
}

const statsSchema = z.object({
  cpuUsage: amount,
  memoryUsage: amount,
  availableDiskSpace: amount.nullish(),
  activeFps: amount,
  renderSkippedFrames: count,
  renderTotalFrames: count,
  outputSkippedFrames: count,
  outputTotalFrames: count,
});

const streamStatusSchema = z.object({
  outputActive: z.boolean(),
  outputReconnecting: z.boolean(),
  outputDuration: count,
  outputCongestion: z.number().nullish(),
  outputBytes: count,
  outputSkippedFrames: count,
  outputTotalFrames: count,
});

/**
 * A reading from the answers to GetStats and GetStreamStatus. The stream output's figures are
 * those of its current run: zero (congestion null) while it is not active. Throws an
 * `ObsAnswerError` when either answer is missing, refused or malformed.
 */
export function readingOf(answers: ReadonlyMap<string, ObsAnswer>, at: number): ObsReading {
  const stats = dataOf(answers, 'GetStats', statsSchema);
  const stream = dataOf(answers, 'GetStreamStatus', streamStatusSchema);
  const live = stream.outputActive;
  return {
    at,
    streaming: live,
    reconnecting: live && stream.outputReconnecting,
    output_bytes: live ? stream.outputBytes : 0,
    output_duration_ms: live ? stream.outputDuration : 0,
    network_dropped_frames: live ? stream.outputSkippedFrames : 0,
    network_total_frames: live ? stream.outputTotalFrames : 0,
    congestion: live && stream.outputCongestion != null ? clamp01(stream.outputCongestion) : null,
    active_fps: stats.activeFps,
    encode_skipped_frames: stats.outputSkippedFrames,
    encode_total_frames: stats.outputTotalFrames,
    render_skipped_frames: stats.renderSkippedFrames,
    render_total_frames: stats.renderTotalFrames,
    cpu_percent: stats.cpuUsage,
    memory_mb: stats.memoryUsage,
    available_disk_mb: stats.availableDiskSpace ?? null,
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

const recordStatusSchema = z.object({ outputActive: z.boolean(), outputDuration: count, outputBytes: count });

/** How big and long the recording under way is. */
export interface RecordingFigures {
  size_bytes: number;
  duration_ms: number;
}

/**
 * The figures of the recording under way from the answer to GetRecordStatus; null when nothing
 * records. Throws an `ObsAnswerError` when the answer is missing, refused or malformed.
 */
export function recordingFiguresOf(answers: ReadonlyMap<string, ObsAnswer>): RecordingFigures | null {
  const status = dataOf(answers, 'GetRecordStatus', recordStatusSchema);
  return status.outputActive ? { size_bytes: status.outputBytes, duration_ms: status.outputDuration } : null;
}

/** A file's details read from OBS's settings; each is null when OBS did not tell it. */
export interface FileDetails {
  codec: string | null;
  width: number | null;
  height: number | null;
}

const videoSettingsSchema = z.object({
  outputWidth: z.number().int().positive().max(16_384),
  outputHeight: z.number().int().positive().max(16_384),
});
const parameterSchema = z.object({
  parameterValue: z.string().nullish(),
  defaultParameterValue: z.string().nullish(),
});
const settingValue = text(MAX_NAME);

/** Reads the profile parameters answered (by `profileParameter`'s ids); null when one is not. */
function parametersOf(answers: ReadonlyMap<string, ObsAnswer>) {
  return (category: string, name: string): string | null => {
    const value = attempt(() => dataOf(answers, `${category}/${name}`, parameterSchema));
    const setting = settingValue.safeParse(value?.parameterValue ?? value?.defaultParameterValue);
    return setting.success ? setting.data : null;
  };
}

/** The details of a recording or replay from the answers to `FILE_DETAIL_REQUESTS`; never throws. */
export function fileDetailsOf(answers: ReadonlyMap<string, ObsAnswer>): FileDetails {
  const video = attempt(() => dataOf(answers, 'GetVideoSettings', videoSettingsSchema));
  const parameter = parametersOf(answers);
  return {
    codec: recordingEncoderOf(parameter),
    width: video?.outputWidth ?? null,
    height: video?.outputHeight ?? null,
  };
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/**
 * The encoder OBS records (and keeps its replay buffer) with, from the profile's settings (the
 * keys of OBS's basic.ini): in Simple mode the recording encoder, or the streaming one when the
 * recording quality is "Same as stream"; in Advanced mode the recording encoder, or the streaming
 * one when it is set to "Use stream encoder" (`none`). Null when a setting is unknown, and for
 * what OBS does not write with these encoders (Simple "Lossless", Advanced custom FFmpeg output).
 */
export function recordingEncoderOf(
  parameter: (category: string, name: string) => string | null,
): string | null {
  const mode = parameter('Output', 'Mode');
  if (mode === 'Advanced') {
    if (parameter('AdvOut', 'RecType') === 'FFmpeg') return null;
    const encoder = parameter('AdvOut', 'RecEncoder');
    return encoder === 'none' ? parameter('AdvOut', 'Encoder') : encoder;
  }
  if (mode !== 'Simple') return null;
  const quality = parameter('SimpleOutput', 'RecQuality');
  if (quality === 'Stream') return parameter('SimpleOutput', 'StreamEncoder');
  if (quality === 'Lossless' || quality === null) return null;
  return parameter('SimpleOutput', 'RecEncoder');
}

/**
 * Whether OBS may split the recording under way into several files (OBS 30+: Advanced output
 * mode, Recording, "Automatically split file", which manual splits need on too), from the answers
 * to `CONNECT_REQUESTS`: false in Simple mode (it never splits) or with the setting off, null when
 * the profile does not say. Never throws.
 */
export function splitsRecordingsOf(answers: ReadonlyMap<string, ObsAnswer>): boolean | null {
  const parameter = parametersOf(answers);
  const mode = parameter('Output', 'Mode');
  if (mode === 'Simple') return false;
  if (mode !== 'Advanced') return null;
  const split = parameter('AdvOut', 'RecSplitFile');
  // OBS reads a boolean setting as "true" (any case) or a number other than 0.
  return split === null ? null : /^true$/i.test(split) || /^0*[1-9]\d*$/.test(split);
}

const outputStateSchema = z.object({ outputActive: z.boolean(), outputState: z.string().max(MAX_NAME) });

/**
 * What an output's state change (StreamStateChanged, RecordStateChanged, ReplayBufferStateChanged)
 * means: started (true), stopped (false), or a passing state (null: starting, stopping,
 * reconnecting, paused, resumed). Throws when the event data is not of the documented shape.
 */
export function outputChangeOf(eventData: unknown): boolean | null {
  const { outputState } = outputStateSchema.parse(eventData);
  if (outputState === 'OBS_WEBSOCKET_OUTPUT_STARTED') return true;
  if (outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED') return false;
  return null;
}

const pathSchema = text(MAX_PATH);

/**
 * The file a RecordStateChanged names (`outputPath`: on STARTED the file OBS begins, on STOPPED
 * the last it wrote); null when OBS names none. Throws when the path is not usable.
 */
export function recordingPathOf(eventData: unknown): string | null {
  const { outputPath } = z
    .object({ outputPath: z.union([z.literal(''), pathSchema]).nullish() })
    .parse(eventData);
  return outputPath || null;
}

/**
 * The file a RecordFileChanged event (obs-websocket 5.5+, when OBS splits the recording) says OBS
 * began writing (`newOutputPath`). Throws when it names no usable path.
 */
export function newRecordingPathOf(eventData: unknown): string {
  return z.object({ newOutputPath: pathSchema }).parse(eventData).newOutputPath;
}

/** The file of a ReplayBufferSaved or ScreenshotSaved event. Throws when it names no usable path. */
export function savedPathOf(kind: 'replay' | 'screenshot', eventData: unknown): string {
  return kind === 'replay'
    ? z.object({ savedReplayPath: pathSchema }).parse(eventData).savedReplayPath
    : z.object({ savedScreenshotPath: pathSchema }).parse(eventData).savedScreenshotPath;
}
