import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording } from '../obs-store.port.js';
import {
  OBS_HEALTH_MINUTE_SELECT,
  obsHealthQuery,
  obsRecordingQuery,
  type ObsHealthRow,
} from '../obs-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

const RECORDING_COLUMNS = 'id, kind, path, at, size_bytes, duration_ms, codec, width, height';

/** The larger (or smaller) of two values that may be NULL: SQLite's two-argument max gives NULL if either is. */
const either = (fn: 'min' | 'max', column: string) =>
  `${fn}(coalesce(${column}, excluded.${column}), coalesce(excluded.${column}, ${column}))`;

/**
 * A profile's OBS record in its log file (see migration 0011), written by the log thread: health
 * samples folded into their minute in one upsert each, and the files OBS wrote. What it writes
 * was checked on the main thread (`obsHealthRow`, `storedObsFile`), where a ValidationError keeps
 * its code: one thrown here would reach the caller as a plain Error.
 */
export class SqliteObs {
  private readonly fold;
  private readonly minutes;
  private readonly insertFile;
  private readonly files;

  constructor(db: SqliteDatabase) {
    this.fold = db.prepare(
      `INSERT INTO obs_health (minute, samples, bitrate_samples, bitrate_sum, bitrate_min, fps_sum, fps_min,
         dropped_frames, output_frames, encode_skipped_frames, render_skipped_frames, cpu_max, memory_max,
         congestion_max)
       VALUES (@minute, 1, @bitrate_samples, @bitrate_sum, @bitrate_min, @fps, @fps, @dropped_frames,
         @output_frames, @encode_skipped_frames, @render_skipped_frames, @cpu, @memory, @congestion)
       ON CONFLICT (minute) DO UPDATE SET samples = samples + 1,
         bitrate_samples = bitrate_samples + excluded.bitrate_samples,
         bitrate_sum = bitrate_sum + excluded.bitrate_sum, bitrate_min = ${either('min', 'bitrate_min')},
         fps_sum = fps_sum + excluded.fps_sum, fps_min = min(fps_min, excluded.fps_min),
         dropped_frames = dropped_frames + excluded.dropped_frames,
         output_frames = output_frames + excluded.output_frames,
         encode_skipped_frames = encode_skipped_frames + excluded.encode_skipped_frames,
         render_skipped_frames = render_skipped_frames + excluded.render_skipped_frames,
         cpu_max = max(cpu_max, excluded.cpu_max), memory_max = max(memory_max, excluded.memory_max),
         congestion_max = ${either('max', 'congestion_max')}`,
    );
    this.minutes = db.prepare<[number, number, number], ObsHealthMinute>(
      `${OBS_HEALTH_MINUTE_SELECT} WHERE minute >= ? AND minute < ? ORDER BY minute LIMIT ?`,
    );
    this.insertFile = db.prepare<ObsOutputFile, ObsRecording>(
      `INSERT INTO obs_recordings (kind, path, at, size_bytes, duration_ms, codec, width, height)
       VALUES (@kind, @path, @at, @size_bytes, @duration_ms, @codec, @width, @height)
       RETURNING ${RECORDING_COLUMNS}`,
    );
    // The kinds as one JSON parameter (null: every kind).
    this.files = db.prepare<
      [{ from: number; to: number; kinds: string | null; limit: number }],
      ObsRecording
    >(
      `SELECT ${RECORDING_COLUMNS} FROM obs_recordings
       WHERE at >= @from AND at < @to AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
       ORDER BY at, id LIMIT @limit`,
    );
  }

  addHealth(row: ObsHealthRow): null {
    this.fold.run(row);
    return null;
  }

  healthBetween(from: number, to: number): ObsHealthMinute[] {
    const query = obsHealthQuery(from, to);
    return query ? this.minutes.all(query.from, query.to, query.limit) : [];
  }

  /** `file` as `storedObsFile` gives it. */
  addRecording(file: ObsOutputFile): ObsRecording {
    return this.insertFile.get(file)!;
  }

  recordingsBetween(
    from: number,
    to: number,
    limit: number,
    kinds: readonly ObsFileKind[] | undefined,
  ): ObsRecording[] {
    const query = obsRecordingQuery(from, to, limit, kinds);
    if (!query) return [];
    return this.files.all({ ...query, kinds: query.kinds && JSON.stringify(query.kinds) });
  }
}
