/**
 * Helpers of the `live` group: many socket.io clients, the server's RSS from /proc, and the
 * ceiling server. Run as a script (`node --import tsx bench/live-clients.ts`, forked by the group
 * with an IPC channel) this file is the ceiling: a plain socket.io Server that broadcasts a payload
 * of a given size to each room on a timer, stamped with the emit time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { quantile } from './report.js';

/** Wall-clock time with sub-ms resolution, comparable across processes on this machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** How connectClients connects: all optional. */
export interface ConnectOptions {
  /** Handshakes at a time (default 50). */
  parallel?: number;
  /** The `auth.events` of the room's `c`-th client (undefined: every event). */
  eventsOf?: (c: number) => string[] | undefined;
  /** The `auth.token` of the clients of a room (a read API key of the profile), if any. */
  tokenOf?: (name: string) => string | undefined;
}

/** Connects `perRoom` clients for each name, some at a time; resolves when all are up. */
export async function connectClients(
  url: string,
  names: readonly string[],
  perRoom: number,
  setup: (socket: Socket, name: string, index: number) => void,
  { parallel = 50, eventsOf = () => undefined, tokenOf = () => undefined }: ConnectOptions = {},
): Promise<Socket[]> {
  const plan: { name: string; index: number; events: string[] | undefined }[] = [];
  for (const name of names) {
    for (let c = 0; c < perRoom; c += 1) plan.push({ name, index: plan.length, events: eventsOf(c) });
  }
  const sockets: Socket[] = [];
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < plan.length) {
      const { name, index, events } = plan[next]!;
      next += 1;
      const token = tokenOf(name);
      const auth = { profile: name, ...(token ? { token } : {}), ...(events ? { events } : {}) };
      const socket = io(url, { transports: ['websocket'], auth, forceNew: true });
      setup(socket, name, index);
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`client ${index} (${name}): no connect in 20 s`)),
          20_000,
        );
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.once('connect_error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
  return sockets;
}

export function closeClients(sockets: readonly Socket[]): void {
  for (const s of sockets) {
    s.removeAllListeners();
    s.disconnect();
  }
}

/** VmRSS of a process in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/** Least-squares slope of `y` over `x`. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The Theil-Sen slope of points (the median of the slopes between every pair): a trend that a
 * few samples taken at the top or the bottom of a garbage collector's sawtooth cannot tilt, as
 * they tilt a least-squares line fitted to a minute of samples.
 */
export function medianSlope(points: readonly { x: number; y: number }[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]!.x - points[i]!.x;
      if (dx !== 0) slopes.push((points[j]!.y - points[i]!.y) / dx);
    }
  }
  return slopes.length === 0 ? 0 : quantile(slopes, 0.5);
}

export { quantile };

// ---- the ceiling server ----

/** What the ceiling child is told and answers over IPC. */
export type CeilingMessage =
  | { type: 'listening'; url: string }
  | { type: 'start'; rooms: string[]; payloadBytes: number; intervalMs: number }
  | { type: 'started' }
  | { type: 'stop' }
  | { type: 'stopped'; emits: number };

export interface CeilingPayload {
  /** `wallNow()` at emit. */
  t: number;
  room: string;
  pad: string;
}

export interface CeilingServer {
  url: string;
  /** Starts broadcasting to every room every `intervalMs`, rooms staggered across the interval. */
  start(rooms: string[], payloadBytes: number, intervalMs: number): Promise<void>;
  /** Stops broadcasting; resolves with the number of room emits. */
  stopBroadcast(): Promise<number>;
  close(): Promise<void>;
}

/** Forks this file as the ceiling server (a separate process, like the real server). */
export function spawnCeiling(): Promise<CeilingServer> {
  const file = fileURLToPath(import.meta.url);
  const execArgv = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = fork(file, ['--ceiling'], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: CeilingMessage['type']): Promise<CeilingMessage> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: CeilingMessage) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`ceiling server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next('listening').then((m) => ({
    url: (m as { url: string }).url,
    async start(rooms, payloadBytes, intervalMs) {
      const started = next('started');
      child.send({ type: 'start', rooms, payloadBytes, intervalMs } satisfies CeilingMessage);
      await started;
    },
    async stopBroadcast() {
      const stopped = next('stopped');
      child.send({ type: 'stop' } satisfies CeilingMessage);
      return ((await stopped) as { emits: number }).emits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  }));
}

async function runCeilingChild(): Promise<void> {
  const http = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => {
    const auth = socket.handshake.auth as { profile?: string };
    void socket.join(`room:${auth.profile ?? ''}`);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const timers: NodeJS.Timeout[] = [];
  let emits = 0;
  const send = (m: CeilingMessage) => process.send!(m);
  process.on('message', (m: CeilingMessage) => {
    if (m.type === 'start') {
      // The pad makes the JSON of the payload `payloadBytes` long.
      const base = JSON.stringify({ t: wallNow(), room: m.rooms[0] ?? '', pad: '' }).length;
      const pad = 'x'.repeat(Math.max(0, m.payloadBytes - base));
      m.rooms.forEach((room, i) => {
        const offset = (i * m.intervalMs) / m.rooms.length;
        const first = setTimeout(() => {
          const tick = () => {
            emits += 1;
            server.to(`room:${room}`).emit('stats', { t: wallNow(), room, pad } satisfies CeilingPayload);
          };
          tick();
          timers.push(setInterval(tick, m.intervalMs));
        }, offset);
        timers.push(first);
      });
      send({ type: 'started' });
    } else if (m.type === 'stop') {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
      send({ type: 'stopped', emits });
    }
  });
  process.once('SIGTERM', () => {
    for (const t of timers) clearInterval(t);
    server.disconnectSockets(true);
    void server.close().then(() => process.exit(0));
  });
  send({ type: 'listening', url: `http://127.0.0.1:${port}` });
}

if (process.argv.includes('--ceiling') && process.send) {
  runCeilingChild().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
