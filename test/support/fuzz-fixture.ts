import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Operation } from './openapi-operations.js';
import type { ValueHints } from './schema-arbitrary.js';

export const FUZZ_PROFILE = 'fuzz';
export const FUZZ_STREAMS = ['tiktok-main', 'twitch-main', 'own'] as const;
/** Start of the seeded data: a finished TikTok session, then a live one on `own`. */
export const FUZZ_T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A profile with streams, a finished and a live session, viewers, a goal and an ingest key,
 * seeded through the API, so that fuzzed requests can name things that exist. `ensure()` puts
 * back whatever a request deleted.
 */
export class FuzzFixture {
  goals: string[] = [];
  keys: string[] = [];
  sessions: string[] = [];
  readonly viewers = ['u1', 'u2', 'u3', '42'];

  constructor(private readonly app: FastifyInstance) {}

  /** Ids that exist for a path parameter of `op`, by the collection the parameter follows. */
  knownIds(op: Operation, param: string): readonly string[] {
    if (param === 'profile') return [FUZZ_PROFILE];
    if (param === 'stream') return FUZZ_STREAMS;
    const collection = /\/(\w[\w-]*)\/\{id\}/.exec(op.path)?.[1];
    switch (collection) {
      case 'sessions':
        return this.sessions;
      case 'goals':
        return this.goals;
      case 'ingest-keys':
        return this.keys;
      case 'viewers':
        return this.viewers;
      default:
        return [];
    }
  }

  /** Seeds the profile, or puts back what is missing of it. */
  async ensure(): Promise<void> {
    if ((await this.send('GET', `/api/profiles/${FUZZ_PROFILE}`)).statusCode === 404) {
      await this.must(201, 'POST', '/api/profiles', { id: FUZZ_PROFILE, name: 'Fuzz' });
      await this.seedEvents();
    }
    await this.ensureStreams();
    const base = `/api/profiles/${FUZZ_PROFILE}`;
    const goals = (await this.must(200, 'GET', `${base}/goals`)).goals as { id: string }[];
    if (goals.length === 0) {
      goals.push(
        await this.must(201, 'POST', `${base}/goals`, { name: 'Likes', metric: 'likes', target: 100 }),
      );
    }
    this.goals = goals.map((g) => g.id);
    const keys = (await this.must(200, 'GET', `${base}/ingest-keys`)).keys as { id: string }[];
    if (keys.length === 0) keys.push(await this.must(201, 'POST', `${base}/ingest-keys`, { name: 'bot' }));
    this.keys = keys.map((k) => k.id);
    const sessions = (await this.must(200, 'GET', `${base}/sessions`)).sessions as { id: number }[];
    this.sessions = sessions.map((s) => String(s.id));
  }

  private async ensureStreams(): Promise<void> {
    const base = `/api/profiles/${FUZZ_PROFILE}/streams`;
    const have = new Set(((await this.must(200, 'GET', base)).streams as { id: string }[]).map((s) => s.id));
    const platform = { 'tiktok-main': 'tiktok', 'twitch-main': 'twitch', own: 'custom' } as const;
    for (const id of FUZZ_STREAMS) {
      if (!have.has(id))
        await this.must(201, 'POST', base, { id, platform: platform[id], channel: `@${id}` });
    }
  }

  private async seedEvents(): Promise<void> {
    await this.ensureStreams();
    const events = seedBatch();
    const stored = await this.must(200, 'POST', `/api/profiles/${FUZZ_PROFILE}/events`, events);
    if (stored.stored !== events.length) {
      throw new Error(`seeding stored ${stored.stored} of ${events.length} events`);
    }
  }

  private send(method: Operation['method'], url: string, payload?: unknown) {
    return this.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  private async must(status: number, method: Operation['method'], url: string, payload?: unknown) {
    const res = await this.send(method, url, payload);
    if (res.statusCode !== status)
      throw new Error(`seeding: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  }
}

/** 40 minutes of a TikTok broadcast (readings, chat, likes, gifts, a follow, its end), then `own` live. */
function seedBatch(): object[] {
  const tiktok = (e: object) => ({ stream: 'tiktok-main', ...e });
  const events: object[] = [tiktok({ kind: 'stream_start', at: FUZZ_T0 })];
  for (let m = 0; m < 40; m++) {
    const at = FUZZ_T0 + m * MIN;
    const user = { id: `u${(m % 3) + 1}`, name: `user${(m % 3) + 1}` };
    const gift = { id: 5655, name: 'Rose' };
    events.push(
      tiktok({ kind: 'viewers', at, count: 100 + ((m * 37) % 50) }),
      tiktok({ kind: 'chat', at: at + 1000, user, text: `hello ${m}` }),
      tiktok({ kind: 'like', at: at + 2000, user, count: m % 7 }),
      tiktok({ kind: 'gift', at: at + 3000, user, count: 1, value: m % 5, gift }),
    );
  }
  const late = { id: 'u1', name: 'user1' };
  return [
    ...events,
    tiktok({ kind: 'follow', at: FUZZ_T0 + 5 * MIN, user: { id: 42, name: 'n42' } }),
    tiktok({ kind: 'stream_end', at: FUZZ_T0 + 40 * MIN }),
    { stream: 'own', kind: 'viewers', at: FUZZ_T0 + 120 * MIN, count: 7 },
    { stream: 'own', kind: 'chat', at: FUZZ_T0 + 121 * MIN, user: late, text: 'still here' },
  ];
}

/**
 * Values near the seeded data, mixed by name into generated parameters and bodies: ids that
 * exist, times around the sessions, periods and time zones the server knows.
 */
export const fuzzHints: ValueHints = {
  // Ids that exist mostly: a new profile costs a database (or a schema) of its own.
  id: fc.constantFrom(FUZZ_PROFILE, ...FUZZ_STREAMS, 'spare'),
  stream: fc.constantFrom(...FUZZ_STREAMS),
  at: fc.integer({ min: FUZZ_T0 - HOUR, max: FUZZ_T0 + 3 * HOUR }),
  from: fc.oneof(
    fc.integer({ min: FUZZ_T0 - 48 * HOUR, max: FUZZ_T0 + HOUR }),
    fc.constantFrom('2026-01-10T17:00:00Z', '2026-01-10', '2026-01-09T18:00:00+02:00'),
  ),
  to: fc.oneof(
    fc.integer({ min: FUZZ_T0, max: FUZZ_T0 + 48 * HOUR }),
    fc.constantFrom('2026-01-10T21:00:00Z', '2026-01-11', '2026-01-12T00:00:00-05:00'),
  ),
  profile: fc.constant(FUZZ_PROFILE),
  before: fc.integer({ min: FUZZ_T0, max: FUZZ_T0 + 4 * HOUR }),
  period: fc.constantFrom(
    'today',
    'week',
    'month',
    'last7d',
    'last30d',
    'all',
    'custom',
    'session:1',
    'session:2',
  ),
  timezone: fc.constantFrom(
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kathmandu',
    'Etc/GMT+12',
    'Pacific/Kiritimati',
  ),
};
