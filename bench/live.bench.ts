/**
 * The `live` group: the Socket.IO live push under ingest load. A server process, 100 profiles of
 * one stream, 10 clients per profile (2 dashboards taking every event, 8 counter overlays taking
 * `stats`); every 100 ms each profile gets an NDJSON batch of 50
 * likes/chats plus one viewers reading whose count is the batch's sequence number, so a `stats`
 * event with `streams.main.viewers >= k` is known to cover batch k. Latency of batch k at a
 * client: when that client got the first such `stats` minus when the POST of batch k was answered
 * (the answer comes after the commit). Then the ceiling: a plain socket.io Server broadcasting a
 * payload of the same size to the same layout of clients.
 *
 * Credentials as the real clients hold them: each profile's batches are pushed with an `ingest`
 * API key of it, as a streaming tool or bot pushes (a key is looked up on every request, so its
 * cost is in the figures), and its clients connect with a `read` key of it, as an overlay or a
 * widget does. The admin the server process made sets the profiles and keys up, with its login.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { LiveStatsPayload } from '../src/live/live-events.js';
import {
  closeClients,
  connectClients,
  quantile,
  rssMb,
  medianSlope,
  slope,
  spawnCeiling,
  wallNow,
  type CeilingPayload,
} from './live-clients.js';
import { printFigure, progress } from './report.js';
import type { GroupOptions } from './run.js';
import { adminHeaders, cpuSeconds, postWithKey, spawnServer, type ServerProcess } from './server-process.js';
import { makeTempDir } from './workers.js';

const PROFILES = 100;
const CLIENTS_PER_PROFILE = 10;
/**
 * Of each profile's clients, this many are dashboards taking every event; the others are counter
 * overlays taking only `stats` (what OBS shows), as a streamer with a few scenes would have.
 */
const DASHBOARDS_PER_PROFILE = 2;
const OVERLAY_EVENTS = ['stats'];
const WINDOW_MS = 100;
const BATCH_EVERY_MS = 100;
const EVENTS_PER_BATCH = 50;
/** Load before the measured minute: JIT, page caches and heaps settle, as in any server that has run a while. */
const WARMUP_MS = 60_000;
const LOAD_MS = 60_000;
const RSS_EVERY_MS = 1_000;
/** Samples the start and end RSS figures are each the median of. */
const RSS_EDGE_SAMPLES = 10;
const CEILING_MS = 10_000;
const STREAM = 'main';
const SYNC = 'full';
const USERS = 500;

const profileId = (i: number) => `live-${String(i).padStart(3, '0')}`;

/** A profile's API keys: `ingest` to push, `read` for its Socket.IO clients. */
interface ProfileKeys {
  ingest: string;
  read: string;
}

/** POSTs JSON as the admin; resolves with the answer's body, which must be 201. */
async function post(server: ServerProcess, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...adminHeaders(server), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Creates an API key of a profile holding one scope, as the admin; returns the key. */
async function createKey(server: ServerProcess, profile: string, scope: 'ingest' | 'read'): Promise<string> {
  const body = { name: `live ${scope}`, scopes: [scope] };
  return ((await post(server, `/api/profiles/${profile}/keys`, body)) as { key: string }).key;
}

/** Creates the profiles, each with its stream, as the admin; returns each one's keys. */
async function createProfiles(
  server: ServerProcess,
  ids: readonly string[],
): Promise<Map<string, ProfileKeys>> {
  const keys = new Map<string, ProfileKeys>();
  for (const id of ids) {
    await post(server, '/api/profiles', { id, name: `Live ${id}` });
    await post(server, `/api/profiles/${id}/streams`, {
      id: STREAM,
      platform: 'custom',
      channel: id,
      enabled: true,
    });
    keys.set(id, {
      ingest: await createKey(server, id, 'ingest'),
      read: await createKey(server, id, 'read'),
    });
  }
  return keys;
}

/**
 * Batch `k` of a profile: 50 likes/chats with users, then the viewers reading `count: k`. Written
 * as text (every value is a number or a plain word, so this is the JSON.stringify output): the
 * load generator shares the two cores with the server and should cost as little as it can.
 */
function batchBody(k: number, at: number): string {
  let body = '';
  for (let i = 0; i < EVENTS_PER_BATCH; i += 1) {
    const u = (k * 7919 + i * 104_729) % USERS;
    const head = `{"stream":"${STREAM}","kind":"${i % 3 === 0 ? 'chat' : 'like'}","at":${at},"id":"${k}-${i}","user":{"id":"${6_800_000_000 + u}","name":"viewer_${u}"}`;
    body += i % 3 === 0 ? `${head},"text":"hello ${k % 97}"}\n` : `${head},"count":${1 + (i % 15)}}\n`;
  }
  return `${body}{"stream":"${STREAM}","kind":"viewers","at":${at},"id":"${k}-v","count":${k}}\n`;
}

/** Keep-alive connections for the senders (node:http: fetch costs the generator several times more). */
const agent = new Agent({ keepAlive: true, maxSockets: PROFILES * 2 });

interface ProfileLoad {
  /** performance.now() at which the POST of batch k was answered (index k). */
  answeredAt: number[];
  /** performance.now() at which the POST of batch k was sent. */
  sentAt: number[];
  /** POST round trips, ms. */
  rtts: number[];
  stored: number;
  failed: number;
}

/**
 * One profile's sender: a batch every 100 ms (no bursts to catch up), one in flight. Answers are
 * counted while `measuring()` says so.
 */
async function sendLoad(
  url: string,
  profile: string,
  key: string,
  offsetMs: number,
  until: number,
  load: ProfileLoad,
  measuring: () => boolean,
) {
  await sleep(offsetMs);
  let nextAt = performance.now();
  let lastAt = 0;
  for (let k = 1; performance.now() < until; k += 1) {
    const at = Math.max(Date.now(), lastAt + 1);
    lastAt = at;
    const sent = performance.now();
    const res = await postWithKey(agent, `${url}/api/profiles/${profile}/events`, key, batchBody(k, at));
    const { text } = res;
    const answered = performance.now();
    if (res.status !== 200) {
      load.failed += 1;
      if (load.failed <= 3) progress(`live: ${profile} batch ${k}: ${res.status} ${text.slice(0, 200)}`);
    } else if (measuring()) {
      load.rtts.push(answered - sent);
      load.answeredAt[k] = answered;
      load.sentAt[k] = sent;
      load.stored += (JSON.parse(text) as { stored: number }).stored;
    }
    nextAt += BATCH_EVERY_MS;
    const now = performance.now();
    if (nextAt < now) nextAt = now;
    else await sleep(nextAt - now);
  }
}

/** Total size of the files in a directory (not recursive), MB. */
function dirMb(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) / 1024 / 1024;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ClientTrack {
  profile: number;
  /** Highest batch seen so far. */
  seen: number;
  /** receivedAt[k]: performance.now() of the first stats covering batch k. */
  receivedAt: number[];
}

export async function runLiveGroup(options: GroupOptions): Promise<void> {
  const temp = makeTempDir('streampulse-bench-live-');
  let server: ServerProcess | null = null;
  let sockets: Socket[] = [];
  try {
    server = await spawnServer(
      {
        STREAMPULSE_DATA_DIR: temp.dir,
        STREAMPULSE_HOST: '127.0.0.1',
        STREAMPULSE_PORT: '0',
        STREAMPULSE_DEMO: 'off',
        STREAMPULSE_LIVE_WINDOW_MS: String(WINDOW_MS),
        STREAMPULSE_SQLITE_SYNC: SYNC,
        STREAMPULSE_LOG_LEVEL: 'warn',
      },
      options.runner,
    );
    const { pid } = server;
    const tags = { runner: server.runner, sync: SYNC };
    progress(`live: server (${server.runner}, pid ${pid}) at ${server.url}`);
    const url = server.url;
    const profiles = Array.from({ length: PROFILES }, (_, i) => profileId(i));
    const keys = await createProfiles(server, profiles);
    progress(`live: ${PROFILES} profiles created; connecting ${PROFILES * CLIENTS_PER_PROFILE} clients`);

    let measuring = false;
    let statsReceived = 0;
    let statsBytes = 0;
    let statsSampled = 0;
    const tracks: ClientTrack[] = [];
    const connectStart = performance.now();
    sockets = await connectClients(
      url,
      profiles,
      CLIENTS_PER_PROFILE,
      (socket, name, index) => {
        const track: ClientTrack = { profile: profiles.indexOf(name), seen: 0, receivedAt: [] };
        tracks[index] = track;
        socket.on('stats', (payload: LiveStatsPayload) => {
          const now = performance.now();
          if (!measuring) return;
          statsReceived += 1;
          if (statsSampled < 200) {
            statsSampled += 1;
            statsBytes += JSON.stringify(payload).length;
          }
          const v = payload.streams[STREAM]?.viewers ?? 0;
          for (let k = track.seen + 1; k <= v; k += 1) track.receivedAt[k] = now;
          if (v > track.seen) track.seen = v;
        });
      },
      {
        eventsOf: (c) => (c < DASHBOARDS_PER_PROFILE ? undefined : OVERLAY_EVENTS),
        tokenOf: (name) => keys.get(name)?.read,
      },
    );
    progress(`live: clients connected in ${((performance.now() - connectStart) / 1000).toFixed(1)} s`);

    // Load: a warm-up, then the measured minute with the server's RSS every second.
    const loads: ProfileLoad[] = profiles.map(() => ({
      answeredAt: [],
      sentAt: [],
      rtts: [],
      stored: 0,
      failed: 0,
    }));
    const rss: { x: number; y: number }[] = [];
    const coldRss = rssMb(pid);
    const warmupStart = performance.now();
    const loadStart = warmupStart + WARMUP_MS;
    const until = loadStart + LOAD_MS;
    const senders = Promise.all(
      profiles.map((p, i) =>
        sendLoad(
          url,
          p,
          keys.get(p)!.ingest,
          (i * BATCH_EVERY_MS) / PROFILES,
          until,
          loads[i]!,
          () => measuring,
        ),
      ),
    );
    await sleep(WARMUP_MS);
    progress(
      `live: warmed up for ${WARMUP_MS / 1000} s (server RSS ${coldRss.toFixed(0)} -> ${rssMb(pid).toFixed(0)} MB)`,
    );
    const serverCpu0 = cpuSeconds(pid);
    const selfCpu0 = process.cpuUsage();
    rss.push({ x: 0, y: rssMb(pid) });
    const rssTimer = setInterval(() => {
      const x = performance.now() - loadStart;
      rss.push({ x, y: rssMb(pid) });
      if (rss.length % 5 === 1) {
        progress(
          `live: ${(x / 1000).toFixed(0)} s, server RSS ${rss.at(-1)!.y.toFixed(1)} MB, stats ${statsReceived}`,
        );
      }
    }, RSS_EVERY_MS);
    measuring = true;
    await senders;
    const loadMs = performance.now() - loadStart;
    clearInterval(rssTimer);
    const serverCpu = cpuSeconds(pid) - serverCpu0;
    const self = process.cpuUsage(selfCpu0);
    const rtts = loads.flatMap((l) => l.rtts);
    progress(
      `live: CPU during load: server ${((serverCpu * 1000) / loadMs).toFixed(2)} cores, bench ${((self.user + self.system) / 1000 / loadMs).toFixed(2)} cores; ` +
        `POST round trip p50 ${quantile(rtts, 0.5).toFixed(1)} p99 ${quantile(rtts, 0.99).toFixed(1)} ms; ` +
        `profile databases ${dirMb(path.join(temp.dir, 'profiles')).toFixed(0)} MB on disk`,
    );
    // The last pushes: one window plus slack.
    await sleep(WINDOW_MS * 5);
    measuring = false;
    const stored = loads.reduce((s, l) => s + l.stored, 0);
    const failed = loads.reduce((s, l) => s + l.failed, 0);
    progress(`live: ${stored} events stored in ${(loadMs / 1000).toFixed(1)} s, ${failed} failed POSTs`);

    // Latency per (client, batch).
    const latencies: number[] = [];
    // From the POST's sending: an upper bound, with the batch's wait to be written and its commit.
    const fromSend: number[] = [];
    let missing = 0;
    for (const track of tracks) {
      const { answeredAt, sentAt } = loads[track.profile]!;
      for (let k = 1; k < answeredAt.length; k += 1) {
        const a = answeredAt[k];
        if (a === undefined) continue;
        const r = track.receivedAt[k];
        if (r === undefined) {
          missing += 1;
        } else {
          latencies.push(r - a);
          fromSend.push(r - sentAt[k]!);
        }
      }
    }
    const negative = latencies.filter((l) => l < 0).length;
    progress(
      `live: ${latencies.length} (client, batch) latencies, ${missing} never seen, ${negative} seen before the POST answer; ` +
        `p50 ${quantile(latencies, 0.5).toFixed(1)} p90 ${quantile(latencies, 0.9).toFixed(1)} ` +
        `p99 ${quantile(latencies, 0.99).toFixed(1)} max ${quantile(latencies, 1).toFixed(1)} ms`,
    );
    const statsPayloadBytes = statsSampled > 0 ? Math.round(statsBytes / statsSampled) : 1000;

    printFigure({
      name: 'live_ingest_events_per_s',
      value: (stored / loadMs) * 1000,
      unit: 'events/s',
      tags,
    });
    printFigure({
      name: 'live_latency_p50_ms',
      value: quantile(latencies, 0.5),
      unit: 'ms',
      tags: { ...tags, window_ms: WINDOW_MS, clients: sockets.length },
    });
    const latencyP99 = quantile(latencies, 0.99);
    printFigure({
      name: 'live_latency_p99_ms',
      value: latencyP99,
      unit: 'ms',
      target: { op: '<=', bound: WINDOW_MS + 50, of: 'value' },
      tags: { ...tags, window_ms: WINDOW_MS, clients: sockets.length, never_seen: missing },
    });
    printFigure({
      name: 'live_latency_from_send_p99_ms',
      value: quantile(fromSend, 0.99),
      unit: 'ms',
      tags: {
        ...tags,
        of: 'from the POST sent: includes the wait to be written and the commit',
        p50: Math.round(quantile(fromSend, 0.5) * 10) / 10,
      },
    });
    printFigure({
      name: 'live_updates_per_s',
      value: (statsReceived / loadMs) * 1000,
      unit: 'stats/s',
      tags: { ...tags, clients: sockets.length, stats_payload_bytes: statsPayloadBytes },
    });
    printFigure({ name: 'live_server_rss_cold_mb', value: coldRss, unit: 'MB', tags });
    // Start and end are medians of the first and last RSS_EDGE_SAMPLES seconds: a single sample
    // lands anywhere on the garbage collector's sawtooth (about +-40 MB here).
    const edge = (points: typeof rss) =>
      quantile(
        points.map((p) => p.y),
        0.5,
      );
    const band = rss.map((p) => p.y);
    const edgeTags = { ...tags, of: `median of ${RSS_EDGE_SAMPLES} samples, 1 s apart` };
    printFigure({
      name: 'live_server_rss_start_mb',
      value: edge(rss.slice(0, RSS_EDGE_SAMPLES)),
      unit: 'MB',
      tags: edgeTags,
    });
    printFigure({
      name: 'live_server_rss_end_mb',
      value: edge(rss.slice(-RSS_EDGE_SAMPLES)),
      unit: 'MB',
      tags: edgeTags,
    });
    printFigure({
      name: 'live_server_rss_slope_mb_per_min',
      value: medianSlope(rss) * 60_000,
      unit: 'MB/min',
      target: { op: '<=', bound: 5, of: 'value' },
      tags: {
        ...tags,
        samples: rss.length,
        estimator: 'Theil-Sen',
        least_squares_mb_per_min: Math.round(slope(rss) * 60_000 * 10) / 10,
        min_mb: Math.round(Math.min(...band)),
        max_mb: Math.round(Math.max(...band)),
      },
    });

    closeClients(sockets);
    sockets = [];
    agent.destroy();
    await server.stop();
    server = null;

    await measureCeiling(profiles, statsPayloadBytes, latencyP99);
  } finally {
    closeClients(sockets);
    await server?.stop();
    temp.remove();
  }
}

/** A plain socket.io Server broadcasting a stats-sized payload to the same client layout. */
async function measureCeiling(profiles: readonly string[], payloadBytes: number, liveP99: number) {
  const ceiling = await spawnCeiling();
  let sockets: Socket[] = [];
  try {
    let measuring = false;
    let received = 0;
    const latencies: number[] = [];
    sockets = await connectClients(ceiling.url, profiles, CLIENTS_PER_PROFILE, (socket) => {
      socket.on('stats', (payload: CeilingPayload) => {
        if (!measuring) return;
        received += 1;
        latencies.push(wallNow() - payload.t);
      });
    });
    progress(`live: ceiling server at ${ceiling.url}, ${sockets.length} clients, payload ${payloadBytes} B`);
    measuring = true;
    const start = performance.now();
    await ceiling.start([...profiles], payloadBytes, WINDOW_MS);
    await sleep(CEILING_MS);
    const emits = await ceiling.stopBroadcast();
    const ms = performance.now() - start;
    await sleep(WINDOW_MS * 5);
    measuring = false;
    progress(
      `live: ceiling ${emits} room emits, ${received} received; p50 ${quantile(latencies, 0.5).toFixed(1)} ` +
        `p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
    );
    const p99 = quantile(latencies, 0.99);
    printFigure({
      name: 'live_ceiling_latency_p99_ms',
      value: p99,
      unit: 'ms',
      tags: {
        payload_bytes: payloadBytes,
        clients: sockets.length,
        live_p99_ms: Math.round(liveP99 * 10) / 10,
      },
    });
    printFigure({
      name: 'live_ceiling_updates_per_s',
      value: (received / ms) * 1000,
      unit: 'stats/s',
      tags: { payload_bytes: payloadBytes, clients: sockets.length },
    });
  } finally {
    closeClients(sockets);
    await ceiling.close();
  }
}
