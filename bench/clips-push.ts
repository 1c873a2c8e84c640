import { Agent } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchClip, CLIPS_PROFILE } from './clips-dataset.js';
import { prng } from './event-generator.js';
import { printFigure, progress } from './report.js';
import { createIngestKey, postWithKey, type ServerProcess } from './server-process.js';

const BATCHES = 50;
const BATCH = 1_000;
/** Past the data set's clip numbers, so every pushed clip is new. */
const FIRST = 50_000_000;

/** The batches: new clips in the push shape, as JSON bodies. */
function bodies(anchor: number): { body: string; rows: Record<string, unknown>[] }[] {
  const random = prng(99);
  return Array.from({ length: BATCHES }, (_, b) => {
    const rows = Array.from({ length: BATCH }, (_, i) => benchClip(FIRST + b * BATCH + i, random, anchor));
    return { body: JSON.stringify(rows), rows };
  });
}

/**
 * The raw engine's ceiling for the same clips: plain prepared inserts of their rows into a table
 * of the clips' columns (its unique key only), one transaction per batch, in a scratch file.
 */
function measureCeiling(dir: string, batches: { rows: Record<string, unknown>[] }[]): number {
  const db = new Database(path.join(dir, 'clips-ceiling.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE clips (seq INTEGER PRIMARY KEY, clip_id TEXT NOT NULL UNIQUE, url TEXT, title TEXT,
      creator_name TEXT, creator_id TEXT, game_name TEXT, game_id TEXT, created_at INTEGER, view_count INTEGER,
      duration REAL, thumbnail_url TEXT)`);
    const insert =
      db.prepare(`INSERT INTO clips (clip_id, url, title, creator_name, creator_id, game_name, game_id,
      created_at, view_count, duration, thumbnail_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const start = performance.now();
    for (const { rows } of batches) {
      db.transaction(() => {
        for (const r of rows) {
          insert.run(
            String(r.url).slice(24),
            r.url,
            r.title,
            r.creator_name,
            r.creator_id,
            r.game_name,
            r.game_id,
            Date.parse(String(r.created_at)),
            r.view_count,
            r.duration,
            r.thumbnail_url,
          );
        }
      })();
    }
    return (BATCHES * BATCH) / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

/**
 * Clips per second through `POST /api/profiles/:profile/clips`: batches of 1,000 new clips, one
 * in flight, with an `ingest` key, into the served data set (aggregates kept on every batch).
 */
export async function measureClipPush(
  server: ServerProcess,
  dir: string,
  tags: Record<string, string | number>,
): Promise<void> {
  const key = await createIngestKey(server, CLIPS_PROFILE, 'bench-clips');
  const batches = bodies(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${server.url}/api/profiles/${CLIPS_PROFILE}/clips`;
  progress(`clips: pushing ${BATCHES} batches of ${BATCH} new clips`);
  try {
    const start = performance.now();
    for (const { body } of batches) {
      const answer = await postWithKey(agent, url, key, body, 'application/json');
      if (answer.status !== 200) throw new Error(`push: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    const perSecond = (BATCHES * BATCH) / ((performance.now() - start) / 1000);
    const ceiling = measureCeiling(dir, batches);
    printFigure({
      name: 'clips_push_clips_per_s',
      value: perSecond,
      unit: 'clips/s',
      ceiling,
      tags: { ...tags, batch: BATCH },
    });
  } finally {
    agent.destroy();
  }
}
