import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { ObsHealthMinute, ObsRecording } from '../obs-store.port.js';
import {
  OBS_HEALTH_MINUTE_SELECT,
  obsHealthQuery,
  obsRecordingQuery,
  type ObsHealthRow,
} from '../obs-rows.js';
import type { PgClient } from './postgres-pool.js';

const RECORDING_COLUMNS = 'id, kind, path, at, size_bytes, duration_ms, codec, width, height';

// least and greatest skip NULLs: a minute's bitrate floor and congestion come from the samples that have one.
const FOLD = `INSERT INTO obs_health (minute, samples, bitrate_samples, bitrate_sum, bitrate_min, fps_sum, fps_min,
    dropped_frames, output_frames, encode_skipped_frames, render_skipped_frames, cpu_max, memory_max, congestion_max)
  VALUES ($1, 1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (minute) DO UPDATE SET samples = obs_health.samples + 1,
    bitrate_samples = obs_health.bitrate_samples + excluded.bitrate_samples,
    bitrate_sum = obs_health.bitrate_sum + excluded.bitrate_sum,
    bitrate_min = least(obs_health.bitrate_min, excluded.bitrate_min),
    fps_sum = obs_health.fps_sum + excluded.fps_sum, fps_min = least(obs_health.fps_min, excluded.fps_min),
    dropped_frames = obs_health.dropped_frames + excluded.dropped_frames,
    output_frames = obs_health.output_frames + excluded.output_frames,
    encode_skipped_frames = obs_health.encode_skipped_frames + excluded.encode_skipped_frames,
    render_skipped_frames = obs_health.render_skipped_frames + excluded.render_skipped_frames,
    cpu_max = greatest(obs_health.cpu_max, excluded.cpu_max),
    memory_max = greatest(obs_health.memory_max, excluded.memory_max),
    congestion_max = greatest(obs_health.congestion_max, excluded.congestion_max)`;

/**
 * A profile's OBS record in its schema (see migration 0011): health samples folded into their
 * minute in one upsert each, and the files OBS wrote. Each call runs on the caller's transaction;
 * what it writes was checked before (`obsHealthRow`, `storedObsFile`), not to open one for nothing.
 */
export class PostgresObs {
  async addHealth(c: PgClient, r: ObsHealthRow): Promise<void> {
    await c.query(FOLD, [
      r.minute,
      r.bitrate_samples,
      r.bitrate_sum,
      r.bitrate_min,
      r.fps,
      r.dropped_frames,
      r.output_frames,
      r.encode_skipped_frames,
      r.render_skipped_frames,
      r.cpu,
      r.memory,
      r.congestion,
    ]);
  }

  async healthBetween(c: PgClient, from: number, to: number): Promise<ObsHealthMinute[]> {
    const query = obsHealthQuery(from, to);
    if (!query) return [];
    const sql = `${OBS_HEALTH_MINUTE_SELECT} WHERE minute >= $1 AND minute < $2 ORDER BY minute LIMIT $3`;
    return (await c.query<ObsHealthMinute>(sql, [query.from, query.to, query.limit])).rows;
  }

  /** `f` as `storedObsFile` gives it. */
  async addRecording(c: PgClient, f: ObsOutputFile): Promise<ObsRecording> {
    const { rows } = await c.query<ObsRecording>(
      `INSERT INTO obs_recordings (kind, path, at, size_bytes, duration_ms, codec, width, height)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RECORDING_COLUMNS}`,
      [f.kind, f.path, f.at, f.size_bytes, f.duration_ms, f.codec, f.width, f.height],
    );
    return rows[0]!;
  }

  async recordingsBetween(
    c: PgClient,
    from: number,
    to: number,
    limit: number,
    kinds: readonly ObsFileKind[] | undefined,
  ): Promise<ObsRecording[]> {
    const query = obsRecordingQuery(from, to, limit, kinds);
    if (!query) return [];
    const { rows } = await c.query<ObsRecording>(
      `SELECT ${RECORDING_COLUMNS} FROM obs_recordings
       WHERE at >= $1 AND at < $2 AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
       ORDER BY at, id LIMIT $4`,
      [query.from, query.to, query.kinds, query.limit],
    );
    return rows;
  }
}
