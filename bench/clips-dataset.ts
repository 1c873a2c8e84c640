import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClipBatch } from '../src/core/clip-capture.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import type { ClipReactionChange, ClipShare, ClipUpsert } from '../src/store/ports.js';
import { listMigrations } from '../src/store/sqlite/sqlite-database.js';
import { prng } from './event-generator.js';
import { progress } from './report.js';

export const CLIPS_PROFILE = 'clips';
export const CLIPS_STREAM = 'twitch-main';
export const CLIPS_GENERATOR_VERSION = 1;

const DAY_MS = 86_400_000;
/** Clips are made over this many days before the build day. */
const DAYS = 730;
const CREATORS = 20_000;
const GAMES = 300;
/** The share of clips posted on Discord (one message each), on which all reactions fall. */
const SHARED = 0.3;
const EMOJIS = ['🔥', '😂', 'PogChamp', 'LUL', '👏', '💀', 'KEKW', '❤️'];
const SEED = 23;
const CLIP_BATCH = 5_000;
const REACTION_BATCH = 10_000;
const MAX_AGE_MS = 3 * DAY_MS;
const CACHE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cache');
const MANIFEST = 'clips.json';

export interface ClipsShape {
  clips: number;
  reactions: number;
  /** UTC midnight of the build day: clips are made over the `DAYS` before it. */
  anchor: number;
}

export interface ClipsDataset extends ClipsShape {
  dir: string;
}

/** Index in `[0, n)` drawn with a heavy head (a few creators and games make most clips). */
const skewed = (random: () => number, n: number) => Math.floor(n * random() ** 3);

/** Clip `i` of the data set in the push shape (`Bench<i>` slugs, so every clip is its own). */
export function benchClip(i: number, random: () => number, anchor: number): Record<string, unknown> {
  const creator = skewed(random, CREATORS);
  const game = skewed(random, GAMES);
  return {
    url: `https://clips.twitch.tv/Bench${i}`,
    title: `Bench clip ${i}`,
    creator_name: `clipper_${creator}`,
    creator_id: String(100_000 + creator),
    game_name: `Game ${game}`,
    game_id: String(500 + game),
    created_at: new Date(anchor - 1 - Math.floor(random() * DAYS * DAY_MS)).toISOString(),
    view_count: Math.floor(5 / Math.max(random(), 1e-4) ** 1.2),
    duration: 30,
    thumbnail_url: `https://clips-media-assets2.twitch.tv/Bench${i}-preview-480x272.jpg`,
  };
}

/** Clips in the push shape, parsed as the API parses them, on the bench stream. */
export function toUpserts(raw: Record<string, unknown>[]): ClipUpsert[] {
  const parsed = parseClipBatch(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return parsed.clips.map((c) => ({ ...c, stream: CLIPS_STREAM }));
}

function datasetKey(shape: Omit<ClipsShape, 'anchor'>): string {
  const hash = createHash('sha256');
  hash.update(`${CLIPS_GENERATOR_VERSION}\n${shape.clips}\n${shape.reactions}\n${DAYS}\n${SEED}\n`);
  for (const set of ['system', 'profile', 'aggregates'] as const)
    for (const m of listMigrations(set)) hash.update(`${set}/${m.name}\n${m.sql}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the data set through the real services in `dir`: the clips in batches (aggregates kept
 * as they go), one Discord share for `SHARED` of them, and the reactions, each one user's emoji
 * on a shared message.
 */
async function buildDataset(dir: string, shape: ClipsShape): Promise<void> {
  const services = createServices(
    loadConfig({ STREAMPULSE_DATA_DIR: dir, STREAMPULSE_SQLITE_SYNC: 'normal' }, {}),
    createLogger('silent'),
  );
  try {
    await services.profiles.create({ id: CLIPS_PROFILE, name: 'Clips bench' });
    await services.profiles.createStream(CLIPS_PROFILE, {
      id: CLIPS_STREAM,
      platform: 'twitch',
      channel: 'benchchannel',
    });
    const store = await services.engine.openProfile(CLIPS_PROFILE);
    const random = prng(SEED);
    const start = performance.now();
    const messages: string[] = [];
    for (let from = 0; from < shape.clips; from += CLIP_BATCH) {
      const raw = [];
      const shares: ClipShare[] = [];
      for (let i = from; i < Math.min(shape.clips, from + CLIP_BATCH); i += 1) {
        raw.push(benchClip(i, random, shape.anchor));
        if (random() < SHARED) {
          const message = String(10n ** 17n + BigInt(i));
          messages.push(message);
          shares.push({
            platform: 'twitch',
            clip_id: `Bench${i}`,
            url: `https://clips.twitch.tv/Bench${i}`,
            guild_id: '900000000000000001',
            channel_id: '900000000000000002',
            message_id: message,
            author_id: String(800_000_000_000_000_000n + BigInt(skewed(random, 5000))),
            author_name: 'sharer',
            at: shape.anchor - DAY_MS,
          });
        }
      }
      await store.upsertClips(toUpserts(raw), shape.anchor);
      await store.recordClipShares(shares, shape.anchor);
      if ((from / CLIP_BATCH) % 20 === 19) {
        const rate = Math.round((from + CLIP_BATCH) / ((performance.now() - start) / 1000));
        progress(
          `clips: data set ${(from + CLIP_BATCH).toLocaleString('en')} / ${shape.clips.toLocaleString('en')} clips (${rate}/s)`,
        );
      }
    }
    const perMessage = new Map<string, number>();
    for (let done = 0; done < shape.reactions; done += REACTION_BATCH) {
      const changes: ClipReactionChange[] = [];
      for (let i = done; i < Math.min(shape.reactions, done + REACTION_BATCH); i += 1) {
        const message = messages[skewed(random, messages.length)]!;
        const n = (perMessage.get(message) ?? 0) + 1;
        perMessage.set(message, n);
        // One user per reaction, so each adds one.
        changes.push({
          kind: 'add',
          message_id: message,
          emoji: EMOJIS[n % EMOJIS.length]!,
          user_id: `u${n}`,
        });
      }
      await store.applyClipReactions(changes, shape.anchor);
      if ((done / REACTION_BATCH) % 50 === 49) {
        progress(
          `clips: data set ${(done + REACTION_BATCH).toLocaleString('en')} / ${shape.reactions.toLocaleString('en')} reactions`,
        );
      }
    }
  } finally {
    await services.close();
  }
}

/**
 * The data directory of a profile of `clips` clips and `reactions` Discord reactions, from
 * `bench/.cache/` when a build of the same parameters at most 3 days old is there (periods count
 * back from the server's clock); otherwise built and cached. Copy it before serving it.
 */
export async function ensureClipsDataset(clips: number, reactions: number): Promise<ClipsDataset> {
  const dir = path.join(CACHE_DIR, `clips-${datasetKey({ clips, reactions })}`);
  const manifest = path.join(dir, MANIFEST);
  if (existsSync(manifest)) {
    const cached = JSON.parse(readFileSync(manifest, 'utf8')) as ClipsShape;
    if (Date.now() - cached.anchor <= MAX_AGE_MS) {
      progress(`clips: reusing the cached data set ${path.relative(process.cwd(), dir)}`);
      return { ...cached, dir };
    }
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const entry of readdirSync(CACHE_DIR)) {
    if (entry.startsWith('clips-')) rmSync(path.join(CACHE_DIR, entry), { recursive: true, force: true });
  }
  const building = path.join(CACHE_DIR, `clips-building-${process.pid}`);
  const shape: ClipsShape = { clips, reactions, anchor: Math.floor(Date.now() / DAY_MS) * DAY_MS };
  progress(
    `clips: building ${clips.toLocaleString('en')} clips and ${reactions.toLocaleString('en')} reactions (cached for later runs)`,
  );
  await buildDataset(building, shape);
  writeFileSync(path.join(building, MANIFEST), `${JSON.stringify(shape)}\n`);
  renameSync(building, dir);
  return { ...shape, dir };
}
