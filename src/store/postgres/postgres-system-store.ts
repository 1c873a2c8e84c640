import { ConflictError, profileNotFound, streamNotFound } from '../../core/errors.js';
import type { Platform, Profile, StreamInfo, StreamPatch, SystemStore } from '../ports.js';
import { SYSTEM_SCHEMA } from './postgres-migrations.js';
import { quoteIdent, toStoreError, type PgPool } from './postgres-pool.js';

interface StreamRow {
  id: string;
  platform: string;
  channel: string;
  enabled: boolean;
  recording: boolean;
  created_at: number;
}

// Qualified names: system connections keep the pool's empty search path.
const S = quoteIdent(SYSTEM_SCHEMA);
const STREAM_COLUMNS = 'id, platform, channel, enabled, recording, created_at';

const toStream = (r: StreamRow): StreamInfo => ({ ...r, platform: r.platform as Platform });

/** Profiles, streams, settings and ingest keys in the `sp_system` schema. */
export class PostgresSystemStore implements SystemStore {
  constructor(
    private readonly pool: PgPool,
    /** Resolves once the system schema is migrated (retried after a failure). */
    private readonly ready: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  listProfiles(): Promise<Profile[]> {
    return this.rows<Profile>(`SELECT id, name, created_at FROM ${S}.profiles ORDER BY id`);
  }

  async getProfile(id: string): Promise<Profile | null> {
    const [row] = await this.rows<Profile>(`SELECT id, name, created_at FROM ${S}.profiles WHERE id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  async createProfile(input: { id: string; name: string }): Promise<Profile> {
    const profile = { id: input.id, name: input.name, created_at: this.now() };
    const inserted = await this.rows(
      `INSERT INTO ${S}.profiles (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
      [profile.id, profile.name, profile.created_at],
    );
    if (inserted.length === 0)
      throw new ConflictError('PROFILE_EXISTS', `profile '${input.id}' already exists`);
    return profile;
  }

  async renameProfile(id: string, name: string): Promise<Profile> {
    const [row] = await this.rows<Profile>(
      `UPDATE ${S}.profiles SET name = $1 WHERE id = $2 RETURNING id, name, created_at`,
      [name, id],
    );
    if (!row) throw profileNotFound(id);
    return row;
  }

  async deleteProfile(id: string): Promise<boolean> {
    return (await this.rows(`DELETE FROM ${S}.profiles WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  async listStreams(profile: string): Promise<StreamInfo[]> {
    const rows = await this.rows<StreamRow>(
      `SELECT ${STREAM_COLUMNS} FROM ${S}.streams WHERE profile_id = $1 ORDER BY id`,
      [profile],
    );
    return rows.map(toStream);
  }

  async createStream(
    profile: string,
    input: Omit<StreamInfo, 'created_at' | 'recording'>,
  ): Promise<StreamInfo> {
    if (!(await this.getProfile(profile))) throw profileNotFound(profile);
    const stream: StreamInfo = { ...input, recording: false, created_at: this.now() };
    const inserted = await this.rows(
      `INSERT INTO ${S}.streams (profile_id, id, platform, channel, enabled, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [profile, stream.id, stream.platform, stream.channel, stream.enabled, stream.created_at],
    );
    if (inserted.length === 0) {
      throw new ConflictError('STREAM_EXISTS', `stream '${input.id}' already exists in profile '${profile}'`);
    }
    return stream;
  }

  async updateStream(profile: string, id: string, patch: StreamPatch): Promise<StreamInfo> {
    const current = (await this.listStreams(profile)).find((s) => s.id === id);
    if (!current) throw streamNotFound(profile, id);
    const next = { ...current, ...patch };
    await this.rows(
      `UPDATE ${S}.streams SET channel = $1, enabled = $2, recording = $3 WHERE profile_id = $4 AND id = $5`,
      [next.channel, next.enabled, next.recording, profile, id],
    );
    return next;
  }

  async deleteStream(profile: string, id: string): Promise<boolean> {
    const rows = await this.rows(`DELETE FROM ${S}.streams WHERE profile_id = $1 AND id = $2 RETURNING id`, [
      profile,
      id,
    ]);
    return rows.length > 0;
  }

  async getSettings(profile: string): Promise<Record<string, unknown>> {
    const rows = await this.rows<{ key: string; value: string }>(
      `SELECT key, value FROM ${S}.settings WHERE profile_id = $1`,
      [profile],
    );
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }

  async putSetting(profile: string, key: string, value: unknown): Promise<void> {
    if (!(await this.getProfile(profile))) throw profileNotFound(profile);
    await this.rows(
      `INSERT INTO ${S}.settings (profile_id, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value`,
      [profile, key, JSON.stringify(value)],
    );
  }

  /** The pool belongs to the engine, which ends it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async rows<R extends object = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    await this.ready();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw toStoreError(err);
    }
  }
}
