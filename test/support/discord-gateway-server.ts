// A Discord stand-in on loopback for the real discord.js client: the REST calls a bot makes
// (GET /gateway/bot, a channel's message, users/@me) and a gateway speaking v10 with JSON
// encoding and no compression: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME ->
// RESUMED (or INVALID_SESSION), and whatever dispatches a test sends. Shapes follow the documented
// gateway events (test/fixtures/discord/SOURCES.md).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/discord/${name}`, import.meta.url), 'utf8'));

export interface LoopbackGuild {
  id: string;
  name: string;
  channels: { id: string; name: string }[];
}

export interface DiscordLoopbackOptions {
  /** Tokens the gateway accepts; IDENTIFY with another is closed with 4004. */
  tokens: readonly string[];
  guilds: readonly LoopbackGuild[];
  /** Whether REST answers 401 to a token it does not know (as Discord does); else only the gateway refuses it. */
  restRefusesTokens?: boolean;
}

interface Session {
  id: string;
  seq: number;
  /** Dispatches sent while no connection held the session, replayed on RESUME. */
  missed: Record<string, unknown>[];
  socket: WebSocket | null;
  /** Which identify opened it (1 for the server's first). */
  identify: number;
}

/** The bot user every accepted token logs in as. */
export const BOT_USER = {
  id: '1100000000000000001',
  username: 'clip-counter',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};

export class DiscordGatewayServer {
  /** REST base as discord.js takes it (`rest.api`). */
  readonly apiUrl: string;
  /** Messages REST answers GET /channels/:channel/messages/:id with, by message id. */
  readonly messages = new Map<string, Record<string, unknown>>();
  /** Requests REST received (method and path). */
  readonly requests: string[] = [];
  identifies = 0;
  resumes = 0;
  /** IDENTIFYs still to be left without READY (a gateway slow to answer a login). */
  unansweredIdentifies = 0;
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly options: DiscordLoopbackOptions,
  ) {
    const { port } = http.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
  }

  static async start(options: DiscordLoopbackOptions): Promise<DiscordGatewayServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const server = new DiscordGatewayServer(http, wss, options);
    http.on('request', (req, res) => server.answer(req, res));
    wss.on('connection', (socket, req) => server.accept(socket, req));
    return server;
  }

  get gatewayUrl(): string {
    const { port } = this.http.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/gateway`;
  }

  /** Gateway connections open now that have identified or resumed. */
  get readyConnections(): number {
    return [...this.sessions.values()].filter((s) => s.socket !== null).length;
  }

  /** Open connections of sessions identified after the first `identifies` (those of one test). */
  readyConnectionsAfter(identifies: number): number {
    return [...this.sessions.values()].filter((s) => s.socket !== null && s.identify > identifies).length;
  }

  /** Sends a dispatch to every session (kept for a dropped one, replayed when it resumes). */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) {
      session.seq += 1;
      const payload = { op: 0, t, s: session.seq, d };
      if (session.socket) session.socket.send(JSON.stringify(payload));
      else session.missed.push(payload);
    }
  }

  /** Sends raw text on every identified connection (for payloads no JSON encoder would write). */
  sendRaw(text: string): void {
    for (const session of this.sessions.values()) session.socket?.send(text);
  }

  /** Closes every gateway connection with `code` (sessions stay resumable). */
  dropConnections(code = 4000): void {
    for (const socket of this.sockets) socket.close(code, 'loopback drop');
  }

  /** Forgets every session: a RESUME is answered with INVALID_SESSION. */
  forgetSessions(): void {
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://discord').pathname;
    this.requests.push(`${req.method} ${path}`);
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const token = /^Bot (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || (this.options.restRefusesTokens !== false && !this.options.tokens.includes(token))) {
      send(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const message = /^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (path === '/api/v10/gateway/bot') {
      send(200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    } else if (path === '/api/v10/users/@me') {
      send(200, BOT_USER);
    } else if (message && this.messages.get(message[2]!)?.channel_id === message[1]) {
      send(200, this.messages.get(message[2]!));
    } else {
      send(404, { message: 'Unknown Message', code: 10008 });
    }
  }

  private accept(socket: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'ws://discord').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json' || query.has('compress')) {
      socket.close(4012, 'Invalid API version');
      return;
    }
    this.sockets.add(socket);
    let session: Session | null = null;
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (session?.socket === socket) session.socket = null;
    });
    socket.on('message', (raw) => {
      const text = Array.isArray(raw)
        ? Buffer.concat(raw).toString('utf8')
        : Buffer.isBuffer(raw)
          ? raw.toString('utf8')
          : new TextDecoder().decode(raw);
      const payload = JSON.parse(text) as { op: number; d: Record<string, unknown> | number | null };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, d: null }));
      if (payload.op === 2) session = this.identify(socket, payload.d as Record<string, unknown>);
      if (payload.op === 6) session = this.resume(socket, payload.d as Record<string, unknown>);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
  }

  private identify(socket: WebSocket, d: Record<string, unknown>): Session | null {
    this.identifies += 1;
    if (!this.options.tokens.includes(String(d.token))) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      missed: [],
      socket,
      identify: this.identifies,
    };
    this.sessions.set(session.id, session);
    if (this.unansweredIdentifies > 0) {
      this.unansweredIdentifies -= 1;
      return session;
    }
    const ready = {
      ...fixture('ready.dispatch.json'),
      user: BOT_USER,
      guilds: this.options.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
    };
    const send = (t: string, data: unknown) =>
      socket.send(JSON.stringify({ op: 0, t, s: ++session.seq, d: data }));
    send('READY', ready);
    for (const guild of this.options.guilds) send('GUILD_CREATE', guildCreate(guild));
    return session;
  }

  private resume(socket: WebSocket, d: Record<string, unknown>): Session | null {
    this.resumes += 1;
    const session = this.sessions.get(String(d.session_id));
    if (!session || !this.options.tokens.includes(String(d.token))) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return null;
    }
    session.socket = socket;
    for (const payload of session.missed.splice(0)) socket.send(JSON.stringify(payload));
    socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++session.seq, d: {} }));
    return session;
  }
}

function guildCreate(guild: LoopbackGuild): Record<string, unknown> {
  const template = fixture('guild-create.dispatch.json');
  const channel = (template.channels as Record<string, unknown>[])[0]!;
  return {
    ...template,
    id: guild.id,
    name: guild.name,
    channels: guild.channels.map((c, position) => ({ ...channel, ...c, guild_id: guild.id, position })),
  };
}
