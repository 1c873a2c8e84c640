import { ValidationError, type ValidationIssue } from '../core/errors.js';
import type { ObsHealthSample } from '../core/obs-health.js';
import { OBS_FILE_KINDS, type ObsFileKind, type ObsOutputFile } from '../core/obs-readings.js';
import { OBS_HEALTH_MAX_MINUTES, OBS_RECORDINGS_MAX_LIMIT } from './obs-store.port.js';

/**
 * The longest path kept (characters): Linux's PATH_MAX. Windows allows longer ones; such a path is
 * kept as its start and its end (the file's name) around an ellipsis, so the record is never lost
 * for its path and still says which file it was.
 */
export const OBS_PATH_MAX = 4_096;
/** The longest codec or encoder name kept (characters); longer ones are cut. */
export const OBS_CODEC_MAX = 200;

const MINUTE_MS = 60_000;
const ELLIPSIS = '…';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A sample as both engines fold it into its minute's row (see migration 0011). */
export interface ObsHealthRow {
  minute: number;
  /** 1 and the bitrate when the sample has one; 0 and 0 when not. */
  bitrate_samples: number;
  bitrate_sum: number;
  bitrate_min: number | null;
  fps: number;
  dropped_frames: number;
  output_frames: number;
  encode_skipped_frames: number;
  render_skipped_frames: number;
  cpu: number;
  memory: number;
  congestion: number | null;
}

/** The columns of a minute as ObsHealthMinute reads them, the averages computed from the sums. */
export const OBS_HEALTH_MINUTE_SELECT = `SELECT minute, samples,
  CASE WHEN bitrate_samples > 0 THEN bitrate_sum / bitrate_samples END AS bitrate_avg_kbps,
  bitrate_min AS bitrate_min_kbps, fps_sum / samples AS fps_avg, fps_min, dropped_frames, output_frames,
  encode_skipped_frames, render_skipped_frames, cpu_max AS cpu_max_percent, memory_max AS memory_max_mb,
  congestion_max FROM obs_health`;

const isFigure = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** The row a sample adds to its minute. Throws `OBS_HEALTH_INVALID` listing what is wrong with it. */
export function obsHealthRow(sample: ObsHealthSample): ObsHealthRow {
  const issues: ValidationIssue[] = [];
  const minute = Math.floor(sample.at / MINUTE_MS) * MINUTE_MS;
  if (!Number.isSafeInteger(minute)) issues.push({ field: 'at', message: 'must be a time (epoch ms)' });
  for (const field of [
    'dropped_frames',
    'output_frames',
    'encode_skipped_frames',
    'render_skipped_frames',
  ] as const) {
    if (!isCount(sample[field])) issues.push({ field, message: 'must be a whole number, not negative' });
  }
  for (const field of ['fps', 'cpu_percent', 'memory_mb'] as const) {
    if (!isFigure(sample[field])) issues.push({ field, message: 'must be a finite number, not negative' });
  }
  for (const field of ['bitrate_kbps', 'congestion'] as const) {
    if (sample[field] !== null && !isFigure(sample[field])) {
      issues.push({ field, message: 'must be null or a finite number, not negative' });
    }
  }
  if (issues.length > 0)
    throw new ValidationError('the health sample cannot be stored', issues, 'OBS_HEALTH_INVALID');
  const bitrate = sample.bitrate_kbps;
  return {
    minute,
    bitrate_samples: bitrate === null ? 0 : 1,
    bitrate_sum: bitrate ?? 0,
    bitrate_min: bitrate,
    fps: sample.fps,
    dropped_frames: sample.dropped_frames,
    output_frames: sample.output_frames,
    encode_skipped_frames: sample.encode_skipped_frames,
    render_skipped_frames: sample.render_skipped_frames,
    cpu: sample.cpu_percent,
    memory: sample.memory_mb,
    congestion: sample.congestion,
  };
}

/**
 * A file as stored: its path and codec as text both engines keep (no NUL, no lone surrogate, cut to
 * their bounds), its figures whole numbers or null when unreadable. Throws `OBS_FILE_INVALID` for an
 * unknown kind, a path that is not text, or a time that is not one.
 */
export function storedObsFile(file: ObsOutputFile): ObsOutputFile {
  const issues: ValidationIssue[] = [];
  if (!OBS_FILE_KINDS.includes(file.kind))
    issues.push({ field: 'kind', message: `must be one of ${OBS_FILE_KINDS.join(', ')}` });
  if (typeof file.path !== 'string') issues.push({ field: 'path', message: 'must be text' });
  const at = typeof file.at === 'number' ? Math.round(file.at) : Number.NaN;
  if (!Number.isSafeInteger(at)) issues.push({ field: 'at', message: 'must be a time (epoch ms)' });
  if (issues.length > 0)
    throw new ValidationError('the file record cannot be stored', issues, 'OBS_FILE_INVALID');
  return {
    kind: file.kind,
    path: cutMiddle(storableText(file.path), OBS_PATH_MAX),
    at,
    size_bytes: wholeOrNull(file.size_bytes),
    duration_ms: wholeOrNull(file.duration_ms),
    codec: typeof file.codec === 'string' ? cutMiddle(storableText(file.codec), OBS_CODEC_MAX) : null,
    width: wholeOrNull(file.width),
    height: wholeOrNull(file.height),
  };
}

/** A recordings read, its bounds made whole and safe; null when it can answer nothing. */
export interface ObsRecordingQuery {
  from: number;
  to: number;
  limit: number;
  /** Null: every kind. */
  kinds: ObsFileKind[] | null;
}

export function obsRecordingQuery(
  from: number,
  to: number,
  limit: number,
  kinds: readonly ObsFileKind[] | undefined,
): ObsRecordingQuery | null {
  const range = timeRange(from, to);
  const most = Math.min(Math.floor(limit), OBS_RECORDINGS_MAX_LIMIT);
  const known = kinds === undefined ? null : OBS_FILE_KINDS.filter((k) => kinds.includes(k));
  if (!range || !(most > 0) || known?.length === 0) return null;
  return { ...range, limit: most, kinds: known };
}

/** A health read's bounds made whole and safe (see obsRecordingQuery), with its cap. */
export function obsHealthQuery(from: number, to: number): { from: number; to: number; limit: number } | null {
  const range = timeRange(from, to);
  return range && { ...range, limit: OBS_HEALTH_MAX_MINUTES };
}

/** [from, to) over whole ms: `t >= from` is `t >= ceil(from)` for a whole t. Null when empty or not numbers. */
function timeRange(from: number, to: number): { from: number; to: number } | null {
  const whole = (t: number) =>
    Math.min(Math.max(Math.ceil(t), -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  const range = { from: whole(from), to: whole(to) };
  return range.from < range.to ? range : null;
}

function wholeOrNull(n: number | null): number | null {
  if (!isFigure(n)) return null;
  const whole = Math.round(n);
  return Number.isSafeInteger(whole) ? whole : null;
}

/** Text both engines store alike: PostgreSQL keeps no NUL, and a lone surrogate is no UTF-8. */
function storableText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd');
}

/** `text` when at most `max` characters; else its start and end around an ellipsis, `max` in all, no pair split. */
function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = Math.ceil((max - ELLIPSIS.length) / 2);
  let tail = text.length - (max - ELLIPSIS.length - head);
  if (isHighSurrogate(text.charCodeAt(head - 1))) head -= 1;
  if (isLowSurrogate(text.charCodeAt(tail))) tail += 1;
  return `${text.slice(0, head)}${ELLIPSIS}${text.slice(tail)}`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
