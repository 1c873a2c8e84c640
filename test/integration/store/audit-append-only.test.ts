import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { AuditEntry } from '../../../src/store/ports.js';
import { PostgresEngine } from '../../../src/store/postgres/postgres-engine.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { createTestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

const entry: Omit<AuditEntry, 'id'> = {
  at: Date.UTC(2026, 11, 1),
  actor: { kind: 'anonymous', id: null, name: null },
  address: '10.0.0.1',
  profile: 'p',
  action: 'DELETE /api/profiles/:profile',
  details: {},
  status: 204,
};

test('SQLite: the audit log refuses updates and deletes, even made straight in the database', async () => {
  const temp = makeTempDir();
  const engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  await engine.audit.appendAudit(entry);
  const db = new Database(path.join(temp.dir, 'system.db'));
  try {
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('the audit log is append-only');
    expect(() => db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(
      'the audit log is append-only',
    );
  } finally {
    db.close();
  }
  expect((await engine.audit.listAudit({ limit: 5 }))[0]?.action).toBe(entry.action);
  await engine.close();
  temp.remove();
});

test('PostgreSQL: the audit log refuses updates, deletes and truncation, even made straight in the database', async () => {
  const database = await createTestDatabase();
  const engine = new PostgresEngine({
    url: database.url,
    poolSize: 2,
    sessionGapMs: 60_000,
    log: createLogger('silent'),
  });
  const client = new pg.Client({ connectionString: database.url });
  try {
    await engine.audit.appendAudit(entry);
    await client.connect();
    for (const sql of [
      'DELETE FROM sp_system.audit_log',
      "UPDATE sp_system.audit_log SET action = 'x'",
      'TRUNCATE sp_system.audit_log',
    ]) {
      await expect(client.query(sql)).rejects.toThrow('the audit log is append-only');
    }
    expect((await engine.audit.listAudit({ limit: 5 }))[0]?.action).toBe(entry.action);
  } finally {
    await client.end();
    await engine.close();
    await database.drop();
  }
});
