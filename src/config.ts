import { isIP } from 'node:net';
import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { slugSchema } from './core/slug.js';
import { parseAllowedHosts } from './core/webhook-target.js';

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Whether croner reads `raw` as a schedule (five fields, or six with seconds). */
function isCronPattern(raw: string): boolean {
  try {
    new Cron(raw, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/**
 * Every setting, in one table: the environment variable, the CLI flag of the same name, its
 * schema (with the default) and what it does. The README's configuration reference lists these.
 */
export const SETTINGS = {
  STREAMPULSE_HOST: {
    flag: '--host',
    schema: z.string().min(1).default('127.0.0.1'),
    doc: 'Address the HTTP server listens on. Beyond loopback (0.0.0.0, a LAN address) the server starts only once an admin user exists.',
  },
  STREAMPULSE_PORT: {
    flag: '--port',
    schema: int(0, 65535).default(5000),
    doc: 'HTTP port (API, docs, Socket.IO).',
  },
  STREAMPULSE_PUBLIC_ORIGINS: {
    flag: '--public-origins',
    schema: z
      .string()
      .refine((raw) => parsePublicOrigins(raw) !== null, {
        message: 'must be a comma-separated list of origins like https://stats.example.com',
      })
      .optional(),
    doc: 'Comma-separated origins (scheme, host, port) browsers reach the server at, e.g. https://stats.example.com. Default: the loopback origins of the port.',
  },
  STREAMPULSE_TRUST_PROXY: {
    flag: '--trust-proxy',
    schema: z
      .string()
      .refine((raw) => parseTrustProxy(raw) !== null, {
        message: 'must be on, off, a hop count, or a comma-separated list of proxy addresses (CIDR allowed)',
      })
      .default('off'),
    doc: 'Behind a reverse proxy: on, a hop count, or the proxy addresses, so the client address and https come from X-Forwarded-For/-Proto.',
  },
  STREAMPULSE_DATA_DIR: {
    flag: '--data-dir',
    schema: z.string().min(1).default('data'),
    doc: 'Directory of the embedded databases: system.db and profiles/<profile>.db.',
  },
  STREAMPULSE_ARCHIVE_DIR: {
    flag: '--archive-dir',
    schema: z.string().min(1).optional(),
    doc: 'Directory of the archives retention writes before it deletes raw events (<profile>/events-<from>-<to>.ndjson.gz). Default: archives/ in the data directory.',
  },
  STREAMPULSE_RETENTION_SCHEDULE: {
    flag: '--retention-schedule',
    schema: z
      .string()
      .refine((raw) => raw === 'off' || isCronPattern(raw), {
        message: 'must be a cron pattern such as "15 4 * * *" (minute hour day month weekday), or off',
      })
      .default('15 4 * * *'),
    doc: "When retention runs over every profile (cron, the server's time zone; default 04:15 daily), or off. Each profile keeps its retention_days of raw events (default 90).",
  },
  STREAMPULSE_DEMO: {
    flag: '--demo',
    schema: onOff.default(true),
    doc: 'on|off. Run the simulator into the demo profile while serving.',
  },
  STREAMPULSE_DEMO_PROFILE: {
    flag: '--demo-profile',
    schema: slugSchema.default('demo'),
    doc: 'Profile the demo simulator writes to (created if missing).',
  },
  STREAMPULSE_DEFAULT_PROFILE: {
    flag: '--default-profile',
    schema: slugSchema.optional(),
    doc: 'Profile of a live client (Socket.IO, GET /api/stats) that names none. Default: the demo profile.',
  },
  STREAMPULSE_LIVE_WINDOW_MS: {
    flag: '--live-window-ms',
    schema: int(10, 60_000).default(100),
    doc: 'Live pushes per profile are coalesced to at most one per this many ms.',
  },
  STREAMPULSE_LIVE_ACTIVITY_LIMIT: {
    flag: '--live-activity-limit',
    schema: int(1, 1000).default(50),
    doc: "Activity items (chat, gifts...) per live push; beyond it a busy profile's feed is sampled and says so.",
  },
  STREAMPULSE_BATCH_SIZE: {
    flag: '--batch-size',
    schema: int(1, 100_000).default(10_000),
    doc: 'A profile batch is written when this many events wait.',
  },
  STREAMPULSE_BATCH_DELAY_MS: {
    flag: '--batch-delay-ms',
    schema: int(0, 10_000).default(5),
    doc: 'How long a batch waits for more events (ms) before it is written; under load batches grow by themselves up to the batch size. 0: write as soon as possible.',
  },
  STREAMPULSE_QUEUE_LIMIT: {
    flag: '--queue-limit',
    schema: int(1, 10_000_000).default(50_000),
    doc: 'Events waiting per profile before the push API answers 503 with Retry-After.',
  },
  STREAMPULSE_TOTAL_QUEUE_LIMIT: {
    flag: '--total-queue-limit',
    schema: int(1, 100_000_000).default(200_000),
    doc: 'Events waiting across all profiles before the push API answers 503.',
  },
  STREAMPULSE_SESSION_GRACE_MS: {
    flag: '--session-grace-ms',
    schema: int(1000, 7 * 24 * 3600_000).default(300_000),
    doc: 'A session ends when its stream has had no event for this long.',
  },
  STREAMPULSE_MAX_FUTURE_MS: {
    flag: '--max-future-ms',
    schema: int(0, 24 * 3600_000).default(300_000),
    doc: "Events stamped further ahead of the server's clock than this are refused (400 naming `at`); those less far ahead are stored at their arrival time.",
  },
  STREAMPULSE_MAX_PROFILES: {
    flag: '--max-profiles',
    schema: int(1, 1_000_000).default(1000),
    doc: 'Most profiles the server holds; creating one more answers 409 PROFILE_LIMIT_REACHED.',
  },
  STREAMPULSE_MAX_STREAMS_PER_PROFILE: {
    flag: '--max-streams-per-profile',
    schema: int(1, 10_000).default(50),
    doc: 'Most streams one profile holds; adding one more answers 409 STREAM_LIMIT_REACHED.',
  },
  STREAMPULSE_PROFILES_PER_USER: {
    flag: '--profiles-per-user',
    schema: int(0, 1_000_000).default(0),
    doc: 'Profiles a logged-in user who is not an admin may create, becoming their owner; past it 429 QUOTA_EXCEEDED. 0: only admins create profiles.',
  },
  STREAMPULSE_SESSION_MAX_AGE_MS: {
    flag: '--session-max-age-ms',
    schema: int(60_000, 365 * 24 * 3600_000).default(30 * 24 * 3600_000),
    doc: 'A login lasts at most this long, however much it is used (default 30 days).',
  },
  STREAMPULSE_SESSION_IDLE_MS: {
    flag: '--session-idle-ms',
    schema: int(60_000, 365 * 24 * 3600_000).default(7 * 24 * 3600_000),
    doc: 'A login not used for this long ends (default 7 days).',
  },
  STREAMPULSE_DATABASE_URL: {
    flag: '--database-url',
    schema: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    doc: 'postgres://user:pass@host:5432/db to store everything in PostgreSQL instead of the embedded SQLite files (needed to run several instances).',
  },
  STREAMPULSE_DB_POOL_SIZE: {
    flag: '--db-pool-size',
    schema: int(1, 500).default(10),
    doc: 'Connections per instance to PostgreSQL.',
  },
  STREAMPULSE_REDIS_URL: {
    flag: '--redis-url',
    schema: z.url({ protocol: /^rediss?$/ }).optional(),
    doc: 'redis://host:6379 to share live updates and connector leases between several instances.',
  },
  STREAMPULSE_REDIS_PREFIX: {
    flag: '--redis-prefix',
    schema: z
      .string()
      .regex(/^[\w.:-]*$/)
      .default('streampulse:'),
    doc: 'Prefix of the Redis keys and channels; the instances of one deployment share it.',
  },
  STREAMPULSE_LEASE_TTL_MS: {
    flag: '--lease-ttl-ms',
    schema: int(2000, 600_000).default(5000),
    doc: "Several instances: how long an instance's hold on a stream lasts unrenewed; a dead instance's streams move within this plus the lease interval.",
  },
  STREAMPULSE_LEASE_INTERVAL_MS: {
    flag: '--lease-interval-ms',
    schema: int(100, 300_000).default(1500),
    doc: 'Pause between two rounds of taking and renewing stream leases; at most half the lease TTL.',
  },
  STREAMPULSE_SWEEP_INTERVAL_MS: {
    flag: '--sweep-interval-ms',
    schema: int(1000, 3600_000).default(15_000),
    doc: 'How often sessions quiet for longer than the grace period are closed.',
  },
  STREAMPULSE_ANALYSIS_INTERVAL_MS: {
    flag: '--analysis-interval-ms',
    schema: int(1000, 24 * 3600_000).default(60_000),
    doc: 'How often finished sessions are looked for and their drivers of viewer change computed.',
  },
  STREAMPULSE_MONITOR_INTERVAL_MS: {
    flag: '--monitor-interval-ms',
    schema: int(10, 600_000).default(10_000),
    doc: "How often the resource monitor reads CPU, memory and the event loop (the System page, the pace of background work); the data's size is measured every 6 readings, and its growth is told once an hour of readings (360) is kept.",
  },
  STREAMPULSE_DISK_WARN_DAYS: {
    flag: '--disk-warn-days',
    schema: int(1, 36_500).default(60),
    doc: 'The System page warns when, at the growth of the last day, the disk holding the data is full within this many days.',
  },
  STREAMPULSE_SHED_EVENT_LOOP_DELAY_MS: {
    flag: '--shed-event-loop-delay-ms',
    schema: int(0, 60_000).default(500),
    doc: "Requests other than /health and /ready are answered 503 with Retry-After while the event loop's mean delay over the last second is above this many ms. 0: never.",
  },
  STREAMPULSE_SHED_HEAP_PERCENT: {
    flag: '--shed-heap-percent',
    schema: int(0, 100).default(95),
    doc: 'Requests other than /health and /ready are answered 503 with Retry-After while the JavaScript heap is above this share of its limit (percent). 0: never.',
  },
  STREAMPULSE_SQLITE_SYNC: {
    flag: '--sqlite-sync',
    schema: z.enum(['full', 'normal']).default('full'),
    doc: 'full: every acknowledged batch survives power loss; normal: survives crashes only (faster).',
  },
  STREAMPULSE_SQLITE_CACHE_MB: {
    flag: '--sqlite-cache-mb',
    schema: int(8, 65_536).default(128),
    doc: 'Page cache shared by the open profile databases (each gets an equal share of 1-32 MB).',
  },
  STREAMPULSE_SQLITE_OPTIMIZE_HOURS: {
    flag: '--sqlite-optimize-hours',
    schema: int(0, 8760).default(24),
    doc: "Hours between two refreshes of each open profile's query statistics (SQLite `PRAGMA optimize`, also run when a profile closes). 0: only on close and by `streampulse optimize`.",
  },
  STREAMPULSE_BODY_LIMIT_BYTES: {
    flag: '--body-limit-bytes',
    schema: int(1024, 1024 ** 3).default(16 * 1024 ** 2),
    doc: 'Largest request body (and /ingest message) accepted; what one request costs in memory grows with it (about 8 times).',
  },
  STREAMPULSE_TIKTOK_SIGN_API_KEY: {
    flag: '--tiktok-sign-api-key',
    schema: z.string().min(1).optional(),
    doc: "Key for tiktok-live-connector's sign server (optional; raises its rate limits). Kept out of the logs.",
  },
  STREAMPULSE_TWITCH_IRC_URL: {
    flag: '--twitch-irc-url',
    schema: z.url({ protocol: /^wss?$/ }).default('wss://irc-ws.chat.twitch.tv:443'),
    doc: "Twitch chat server (WebSocket IRC), e.g. ws://127.0.0.1:6667 for a local server speaking Twitch's protocol.",
  },
  STREAMPULSE_TWITCH_CLIENT_ID: {
    flag: '--twitch-client-id',
    schema: z.string().min(1).optional(),
    doc: 'Twitch app client id. With a token: viewer counts and online/offline from Helix. Chat needs neither.',
  },
  STREAMPULSE_TWITCH_TOKEN: {
    flag: '--twitch-token',
    schema: z.string().min(1).optional(),
    doc: 'Twitch app access token for Helix (kept out of the logs).',
  },
  STREAMPULSE_TWITCH_HELIX_URL: {
    flag: '--twitch-helix-url',
    schema: z.url({ protocol: /^https?$/ }).default('https://api.twitch.tv/helix'),
    doc: 'Twitch Helix API base URL.',
  },
  STREAMPULSE_TWITCH_CLIP_POLL_SECONDS: {
    flag: '--twitch-clip-poll-seconds',
    schema: int(30, 86_400).default(300),
    doc: "With Twitch credentials: seconds between two reads of a connected Twitch stream's clips (Helix Get Clips); the same round reads again the view counts that are due.",
  },
  STREAMPULSE_TWITCH_CLIP_BACKFILL_DAYS: {
    flag: '--twitch-clip-backfill-days',
    schema: int(1, 3650).default(60),
    doc: "How many days of clips the first read of a Twitch stream's clips goes back.",
  },
  STREAMPULSE_DISCORD_API_URL: {
    flag: '--discord-api-url',
    schema: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
    doc: "Discord REST API base URL of the clip bots; the gateway's address is asked from it (GET /gateway/bot).",
  },
  STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: {
    flag: '--webhook-allowed-hosts',
    schema: z
      .string()
      .transform((list, ctx) => {
        try {
          return parseAllowedHosts(list);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    doc: 'Comma-separated host names or host:port (exact) that trigger webhooks may reach even on a loopback, private or link-local address, e.g. a receiver on this machine: `127.0.0.1:8080,hooks.lan`. Others are refused there.',
  },
  STREAMPULSE_LOG_LEVEL: {
    flag: '--log-level',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'Log level of the logs on stdout.',
  },
  STREAMPULSE_LOG_FORMAT: {
    flag: '--log-format',
    schema: z.enum(['json', 'pretty']).default('json'),
    doc: 'json: one JSON object per line on stdout, for log collectors; pretty: one readable line per entry, for a terminal.',
  },
} as const;

export type SettingName = keyof typeof SETTINGS;
type Parsed = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> };

/**
 * Which X-Forwarded-* hops to believe, as Fastify's `trustProxy` takes it: all (true), none
 * (false), the last n, or those from the listed addresses and ranges.
 */
export type TrustProxy = boolean | number | string[];

export interface Config {
  http: {
    host: string;
    port: number;
    bodyLimit: number;
    /** Origins browsers reach the server at (normalised); empty: the loopback origins of the port. */
    publicOrigins: readonly string[];
    trustProxy: TrustProxy;
  };
  dataDir: string;
  /** Retention: where archives go, and when runs start (null: never on their own). */
  retention: { archiveDir: string; schedule: string | null };
  demo: { enabled: boolean; profile: string };
  live: { defaultProfile: string; windowMs: number; activityLimit: number };
  /** Stream leases between instances (one instance holds them all). */
  leases: { ttlMs: number; intervalMs: number };
  /** Background work: closing quiet sessions, analysing finished ones. */
  jobs: { sweepIntervalMs: number; analysisIntervalMs: number };
  /** The resource monitor: how often it reads the load; how many days ahead a full disk is told. */
  monitor: { intervalMs: number; diskWarnDays: number };
  /** Load shedding: the event loop's mean delay (ms) and the heap's share of its limit (%) past which requests are refused; 0: off. */
  shedding: { eventLoopDelayMs: number; heapPercent: number };
  pipeline: { batchSize: number; batchDelayMs: number; queueLimit: number; totalQueueLimit: number };
  sessionGraceMs: number;
  ingest: { maxFutureMs: number };
  /** `profilesPerUser`: profiles a user who is not an admin may create and own (0: none). */
  limits: { profiles: number; streamsPerProfile: number; profilesPerUser: number };
  /** How long logins last. */
  sessions: { maxAgeMs: number; idleMs: number };
  /** PostgreSQL instead of the embedded engine, when set. */
  database: { url: string; poolSize: number } | null;
  /** Redis shared by several instances, when set. */
  redis: { url: string; prefix: string } | null;
  sqliteSync: 'full' | 'normal';
  sqliteCacheMiB: number;
  /** How often open profiles' statistics are refreshed (ms; 0: on close and on demand only). */
  sqliteOptimizeMs: number;
  tiktok: { signApiKey?: string };
  /** `clipPollMs`: pause between two clip polls of a stream; `clipBackfillMs`: how far back a first one reads. */
  twitch: {
    ircUrl: string;
    clientId?: string;
    token?: string;
    helixUrl: string;
    clipPollMs: number;
    clipBackfillMs: number;
  };
  /** The profiles' Discord clip bots: Discord's REST base (the gateway's address comes from it). */
  discord: { apiUrl: string };
  /** Trigger webhooks: the hosts exempt from the check of their addresses. */
  webhooks: { allowedHosts: readonly string[] };
  logLevel: Parsed['STREAMPULSE_LOG_LEVEL'];
  /** How log entries are written on stdout: JSON lines, or readable lines for a terminal. */
  logFormat: LogFormat;
}

/** `json`: one JSON object per line; `pretty`: one readable line per entry. */
export type LogFormat = Parsed['STREAMPULSE_LOG_FORMAT'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses every setting from the environment, overridden by `overrides` (CLI flags, already keyed
 * by variable name). Names every bad variable in one error. Returns a frozen object.
 */
export function loadConfig(
  overrides: Partial<Record<SettingName, string>> = {},
  env: Record<string, string | undefined> = process.env,
): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const raw = overrides[name as SettingName] ?? env[name];
    const result = (setting.schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (result.success) values[name] = result.data;
    else problems.push(`${name} (${setting.flag}): ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  const v = values as Parsed;
  // A lease is renewed at least twice before it runs out, so one slow round does not lose it.
  if (problems.length === 0 && v.STREAMPULSE_LEASE_INTERVAL_MS * 2 > v.STREAMPULSE_LEASE_TTL_MS) {
    problems.push(
      `STREAMPULSE_LEASE_INTERVAL_MS (--lease-interval-ms): ${v.STREAMPULSE_LEASE_INTERVAL_MS} is more than half of STREAMPULSE_LEASE_TTL_MS (${v.STREAMPULSE_LEASE_TTL_MS})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return deepFreeze({
    http: {
      host: v.STREAMPULSE_HOST,
      port: v.STREAMPULSE_PORT,
      bodyLimit: v.STREAMPULSE_BODY_LIMIT_BYTES,
      publicOrigins: v.STREAMPULSE_PUBLIC_ORIGINS ? parsePublicOrigins(v.STREAMPULSE_PUBLIC_ORIGINS)! : [],
      trustProxy: parseTrustProxy(v.STREAMPULSE_TRUST_PROXY)!,
    },
    dataDir: v.STREAMPULSE_DATA_DIR,
    retention: {
      archiveDir: v.STREAMPULSE_ARCHIVE_DIR ?? path.join(v.STREAMPULSE_DATA_DIR, 'archives'),
      schedule: v.STREAMPULSE_RETENTION_SCHEDULE === 'off' ? null : v.STREAMPULSE_RETENTION_SCHEDULE,
    },
    demo: { enabled: v.STREAMPULSE_DEMO, profile: v.STREAMPULSE_DEMO_PROFILE },
    live: {
      defaultProfile: v.STREAMPULSE_DEFAULT_PROFILE ?? v.STREAMPULSE_DEMO_PROFILE,
      windowMs: v.STREAMPULSE_LIVE_WINDOW_MS,
      activityLimit: v.STREAMPULSE_LIVE_ACTIVITY_LIMIT,
    },
    leases: { ttlMs: v.STREAMPULSE_LEASE_TTL_MS, intervalMs: v.STREAMPULSE_LEASE_INTERVAL_MS },
    jobs: {
      sweepIntervalMs: v.STREAMPULSE_SWEEP_INTERVAL_MS,
      analysisIntervalMs: v.STREAMPULSE_ANALYSIS_INTERVAL_MS,
    },
    monitor: { intervalMs: v.STREAMPULSE_MONITOR_INTERVAL_MS, diskWarnDays: v.STREAMPULSE_DISK_WARN_DAYS },
    shedding: {
      eventLoopDelayMs: v.STREAMPULSE_SHED_EVENT_LOOP_DELAY_MS,
      heapPercent: v.STREAMPULSE_SHED_HEAP_PERCENT,
    },
    pipeline: {
      batchSize: v.STREAMPULSE_BATCH_SIZE,
      batchDelayMs: v.STREAMPULSE_BATCH_DELAY_MS,
      queueLimit: v.STREAMPULSE_QUEUE_LIMIT,
      totalQueueLimit: v.STREAMPULSE_TOTAL_QUEUE_LIMIT,
    },
    sessionGraceMs: v.STREAMPULSE_SESSION_GRACE_MS,
    ingest: { maxFutureMs: v.STREAMPULSE_MAX_FUTURE_MS },
    limits: {
      profiles: v.STREAMPULSE_MAX_PROFILES,
      streamsPerProfile: v.STREAMPULSE_MAX_STREAMS_PER_PROFILE,
      profilesPerUser: v.STREAMPULSE_PROFILES_PER_USER,
    },
    sessions: { maxAgeMs: v.STREAMPULSE_SESSION_MAX_AGE_MS, idleMs: v.STREAMPULSE_SESSION_IDLE_MS },
    database: v.STREAMPULSE_DATABASE_URL
      ? { url: v.STREAMPULSE_DATABASE_URL, poolSize: v.STREAMPULSE_DB_POOL_SIZE }
      : null,
    redis: v.STREAMPULSE_REDIS_URL
      ? { url: v.STREAMPULSE_REDIS_URL, prefix: v.STREAMPULSE_REDIS_PREFIX }
      : null,
    sqliteSync: v.STREAMPULSE_SQLITE_SYNC,
    sqliteCacheMiB: v.STREAMPULSE_SQLITE_CACHE_MB,
    sqliteOptimizeMs: v.STREAMPULSE_SQLITE_OPTIMIZE_HOURS * 3_600_000,
    tiktok: { signApiKey: v.STREAMPULSE_TIKTOK_SIGN_API_KEY },
    twitch: {
      ircUrl: v.STREAMPULSE_TWITCH_IRC_URL,
      clientId: v.STREAMPULSE_TWITCH_CLIENT_ID,
      token: v.STREAMPULSE_TWITCH_TOKEN,
      helixUrl: v.STREAMPULSE_TWITCH_HELIX_URL,
      clipPollMs: v.STREAMPULSE_TWITCH_CLIP_POLL_SECONDS * 1000,
      clipBackfillMs: v.STREAMPULSE_TWITCH_CLIP_BACKFILL_DAYS * 86_400_000,
    },
    discord: { apiUrl: v.STREAMPULSE_DISCORD_API_URL },
    webhooks: { allowedHosts: v.STREAMPULSE_WEBHOOK_ALLOWED_HOSTS ?? [] },
    logLevel: v.STREAMPULSE_LOG_LEVEL,
    logFormat: v.STREAMPULSE_LOG_FORMAT,
  });
}

/** `https://a.example, http://b.example:8080` as normalised origins; null when one is not an origin. */
export function parsePublicOrigins(raw: string): string[] | null {
  const origins: string[] = [];
  for (const item of raw.split(',').map((s) => s.trim())) {
    const url = URL.canParse(item) ? new URL(item) : null;
    // An origin is scheme, host and port: a path, query or credentials mean a mistake.
    const isOrigin =
      (url?.protocol === 'http:' || url?.protocol === 'https:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password;
    if (!url || !isOrigin) return null;
    origins.push(url.origin);
  }
  return origins;
}

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `on`, `off`, a hop count, or addresses, ranges and presets as proxy-addr takes them; null otherwise. */
export function parseTrustProxy(raw: string): TrustProxy | null {
  const value = raw.trim().toLowerCase();
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((s) => s.trim());
  const isProxy = (entry: string) => {
    const [address = '', bits, ...rest] = entry.split('/');
    const max = isIP(address) === 4 ? 32 : 128;
    if (PROXY_PRESETS.has(entry)) return true;
    return isIP(address) !== 0 && rest.length === 0 && (bits === undefined || isPrefix(bits, max));
  };
  return list.every(isProxy) ? list : null;
}

function isPrefix(bits: string, max: number): boolean {
  return /^\d+$/.test(bits) && Number(bits) <= max;
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const value of Object.values(o)) if (value && typeof value === 'object') deepFreeze(value as object);
  return Object.freeze(o);
}
