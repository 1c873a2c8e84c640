import { ConflictError, profileNotFound, streamNotFound } from '../../core/errors.js';
import type { Platform, Profile, StreamInfo, StreamPatch, SystemStore } from '../ports.js';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.js';

interface StreamRow {
  id: string;
  platform: string;
  channel: string;
  enabled: number;
  recording: number;
  created_at: number;
}

const toStream = (r: StreamRow): StreamInfo => ({
  id: r.id,
  platform: r.platform as Platform,
  channel: r.channel,
  enabled: r.enabled === 1,
  recording: r.recording === 1,
  created_at: r.created_at,
});

/** The system database of the embedded engine: profiles, streams, settings. */
export class SqliteSystemStore implements SystemStore {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  listProfiles(): Promise<Profile[]> {
    return Promise.resolve(
      this.sql('SELECT id, name, created_at FROM profiles ORDER BY id').all() as Profile[],
    );
  }

  getProfile(id: string): Promise<Profile | null> {
    const row = this.sql('SELECT id, name, created_at FROM profiles WHERE id = ?').get(id) as
      Profile | undefined;
    return Promise.resolve(row ?? null);
  }

  createProfile(input: { id: string; name: string }): Promise<Profile> {
    const profile = { id: input.id, name: input.name, created_at: this.now() };
    const result = this.sql(
      'INSERT OR IGNORE INTO profiles (id, name, created_at) VALUES (@id, @name, @created_at)',
    ).run(profile);
    if (result.changes === 0) {
      return Promise.reject(new ConflictError('PROFILE_EXISTS', `profile '${input.id}' already exists`));
    }
    return Promise.resolve(profile);
  }

  async renameProfile(id: string, name: string): Promise<Profile> {
    const result = this.sql('UPDATE profiles SET name = ? WHERE id = ?').run(name, id);
    if (result.changes === 0) throw profileNotFound(id);
    return (await this.getProfile(id))!;
  }

  deleteProfile(id: string): Promise<boolean> {
    return Promise.resolve(this.sql('DELETE FROM profiles WHERE id = ?').run(id).changes > 0);
  }

  listStreams(profile: string): Promise<StreamInfo[]> {
    const rows = this.sql(
      'SELECT id, platform, channel, enabled, recording, created_at FROM streams WHERE profile_id = ? ORDER BY id',
    ).all(profile) as StreamRow[];
    return Promise.resolve(rows.map(toStream));
  }

  async createStream(
    profile: string,
    input: Omit<StreamInfo, 'created_at' | 'recording'>,
  ): Promise<StreamInfo> {
    if (!(await this.getProfile(profile))) throw profileNotFound(profile);
    const stream: StreamInfo = { ...input, recording: false, created_at: this.now() };
    const result = this.sql(
      'INSERT OR IGNORE INTO streams (profile_id, id, platform, channel, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(profile, stream.id, stream.platform, stream.channel, stream.enabled ? 1 : 0, stream.created_at);
    if (result.changes === 0) {
      throw new ConflictError('STREAM_EXISTS', `stream '${input.id}' already exists in profile '${profile}'`);
    }
    return stream;
  }

  async updateStream(profile: string, id: string, patch: StreamPatch): Promise<StreamInfo> {
    const current = (await this.listStreams(profile)).find((s) => s.id === id);
    if (!current) throw streamNotFound(profile, id);
    const next = { ...current, ...patch };
    this.sql(
      'UPDATE streams SET channel = ?, enabled = ?, recording = ? WHERE profile_id = ? AND id = ?',
    ).run(next.channel, next.enabled ? 1 : 0, next.recording ? 1 : 0, profile, id);
    return next;
  }

  deleteStream(profile: string, id: string): Promise<boolean> {
    const result = this.sql('DELETE FROM streams WHERE profile_id = ? AND id = ?').run(profile, id);
    return Promise.resolve(result.changes > 0);
  }

  getSettings(profile: string): Promise<Record<string, unknown>> {
    const rows = this.sql('SELECT key, value FROM settings WHERE profile_id = ?').all(profile) as {
      key: string;
      value: string;
    }[];
    return Promise.resolve(Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])));
  }

  async putSetting(profile: string, key: string, value: unknown): Promise<void> {
    if (!(await this.getProfile(profile))) throw profileNotFound(profile);
    this.sql(
      'INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value',
    ).run(profile, key, JSON.stringify(value));
  }

  /** Prepares each statement once: the ingest path looks profiles and streams up per batch. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
