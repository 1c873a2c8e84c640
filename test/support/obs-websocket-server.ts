// An OBS stand-in on loopback for the real obs-websocket-js client, speaking obs-websocket v5 over
// the `obswebsocket.json` subprotocol only: Hello (with an authentication challenge when a password
// is set), Identify checked the documented way (wrong: close 4009), Identified, Requests and
// RequestBatches answered from the OBS state a test scripts, and Events sent to the sessions
// subscribed to their category. Shapes follow the protocol's documentation
// (test/fixtures/obs/SOURCES.md); the answers are the fixtures with the state's figures.
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  answerRequest,
  initialObsState,
  obsFixture,
  type Json,
  type LoopbackAnswer,
} from './obs-loopback-state.js';

const PROTOCOL = 'obswebsocket.json';
/** EventSubscription bits (General, Outputs, Ui) and All, the default of an Identify without any. */
const GENERAL = 1;
const OUTPUTS = 1 << 6;
const UI = 1 << 10;
const ALL = (1 << 12) - 1;
const INTENTS: Record<string, number> = {
  ExitStarted: GENERAL,
  StreamStateChanged: OUTPUTS,
  RecordStateChanged: OUTPUTS,
  RecordFileChanged: OUTPUTS,
  ReplayBufferStateChanged: OUTPUTS,
  ReplayBufferSaved: OUTPUTS,
  ScreenshotSaved: UI,
};

interface Session {
  socket: WebSocket;
  /** This connection's authentication challenge and salt (sent in its Hello). */
  challenge: string;
  salt: string;
  identified: boolean;
  subscriptions: number;
  /** Reading batches (those asking GetStats) not answered yet. */
  statsInFlight: number;
}

export interface ObsLoopbackOptions {
  /** The password OBS asks for; none: its Hello carries no authentication. */
  password?: string;
  /** False: connections are accepted and never greeted (an OBS that hangs). */
  sendsHello?: boolean;
}

export class ObsWebSocketServer {
  readonly state = initialObsState();
  /** Request types received, in order. */
  readonly requests: string[] = [];
  /** The Identify payloads received (`d`). */
  readonly identifies: Json[] = [];
  /** How late each request type is answered (ms); a batch waits for its slowest request. */
  readonly delays = new Map<string, number>();
  /** Answers to give the next requests of a type instead of the state's (one each, in order). */
  readonly nextAnswers = new Map<string, LoopbackAnswer[]>();
  /** Most reading batches one session had unanswered at once. */
  maxStatsInFlight = 0;
  private readonly sessions = new Set<Session>();
  /** Late answers not sent yet (cleared on close). */
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly options: ObsLoopbackOptions,
  ) {}

  /** Starts the server on 127.0.0.1, port 0. */
  static async start(options: ObsLoopbackOptions = {}): Promise<ObsWebSocketServer> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
    });
    await once(wss, 'listening');
    const server = new ObsWebSocketServer(wss, options);
    wss.on('connection', (socket) => server.accept(socket));
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** Connections open now, identified or not. */
  get connectionCount(): number {
    return this.wss.clients.size;
  }

  get identifiedCount(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Sends an event to the identified sessions subscribed to its category. */
  emit(eventType: string, eventData?: Json): void {
    const intent = INTENTS[eventType] ?? GENERAL;
    const d =
      eventData === undefined
        ? { eventType, eventIntent: intent }
        : { eventType, eventIntent: intent, eventData };
    for (const session of this.sessions) {
      if (session.identified && (session.subscriptions & intent) !== 0)
        session.socket.send(JSON.stringify({ op: 5, d }));
    }
  }

  /** Sends text as it is to every identified session (malformed payloads, unexpected messages). */
  sendRaw(text: string): void {
    for (const session of this.sessions) if (session.identified) session.socket.send(text);
  }

  /** The stream output starts: STARTING, then STARTED. */
  goLive(): void {
    this.emit('StreamStateChanged', outputState(false, 'STARTING'));
    Object.assign(this.state, { streaming: true, streamBytes: 0, streamDurationMs: 0 });
    Object.assign(this.state, { streamSkippedFrames: 0, streamTotalFrames: 0 });
    this.emit('StreamStateChanged', outputState(true, 'STARTED'));
  }

  endStream(): void {
    this.emit('StreamStateChanged', outputState(false, 'STOPPING'));
    this.state.streaming = false;
    this.emit('StreamStateChanged', outputState(false, 'STOPPED'));
  }

  /** Time passes: the figures move as `seconds` of a 6 Mbps, 60 fps stream would move them. */
  advance(seconds: number): void {
    const s = this.state;
    const frames = Math.round(60 * seconds);
    s.renderTotalFrames += frames;
    s.outputTotalFrames += frames;
    s.renderSkippedFrames += 1;
    s.outputSkippedFrames += 2;
    s.cpuUsage += 0.5;
    s.memoryUsage += 1.25;
    if (s.streaming) {
      s.streamBytes += 750_000 * seconds;
      s.streamDurationMs += 1_000 * seconds;
      s.streamTotalFrames += frames;
      s.streamSkippedFrames += 3;
      s.congestion = Math.min(1, s.congestion + 0.05);
    }
    if (s.recording) {
      s.recordBytes += 1_500_000 * seconds;
      s.recordDurationMs += 1_000 * seconds;
    }
  }

  startRecording(path: string): void {
    this.emit('RecordStateChanged', { ...outputState(false, 'STARTING'), outputPath: null });
    Object.assign(this.state, { recording: true, recordBytes: 0, recordDurationMs: 0 });
    this.emit('RecordStateChanged', { ...outputState(true, 'STARTED'), outputPath: path });
  }

  /** The recording stops: STOPPING, then STOPPED naming the file written. */
  stopRecording(path: string): void {
    this.emit('RecordStateChanged', { ...outputState(false, 'STOPPING'), outputPath: null });
    Object.assign(this.state, { recording: false, recordBytes: 0, recordDurationMs: 0 });
    this.emit('RecordStateChanged', { ...outputState(false, 'STOPPED'), outputPath: path });
  }

  /**
   * OBS splits the recording (OBS 30+, obs-websocket 5.5+): RecordFileChanged names the file it
   * goes on in; the record status's figures stay the whole recording's.
   */
  splitRecording(newPath: string): void {
    this.emit('RecordFileChanged', {
      ...(obsFixture('record-file-changed.event.json').eventData as Json),
      newOutputPath: newPath,
    });
  }

  startReplayBuffer(): void {
    this.emit('ReplayBufferStateChanged', outputState(false, 'STARTING'));
    this.state.replayBuffer = 'running';
    this.emit('ReplayBufferStateChanged', outputState(true, 'STARTED'));
  }

  screenshot(path: string): void {
    this.emit('ScreenshotSaved', {
      ...(obsFixture('screenshot-saved.event.json').eventData as Json),
      savedScreenshotPath: path,
    });
  }

  /** OBS quits: ExitStarted, then every connection closes (1001, going away). */
  exit(): void {
    this.emit('ExitStarted');
    for (const session of this.sessions) session.socket.close(1001, 'OBS is closing');
  }

  /** Cuts every connection off without a close handshake, like OBS crashing. */
  dropConnections(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve, reject) => this.wss.close((err) => (err ? reject(err) : resolve())));
  }

  private accept(socket: WebSocket): void {
    if (socket.protocol !== PROTOCOL) {
      socket.close(4002, 'only obswebsocket.json is spoken here');
      return;
    }
    const session: Session = {
      socket,
      challenge: randomBytes(32).toString('base64'),
      salt: randomBytes(32).toString('base64'),
      identified: false,
      subscriptions: ALL,
      statsInFlight: 0,
    };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw, isBinary) => this.receive(session, raw, isBinary));
    if (this.options.sendsHello === false) return;
    // The fixture's challenge is the documentation's example: each connection gets its own.
    const hello = obsFixture('hello.message.json');
    delete hello.authentication;
    const { challenge, salt } = session;
    const d = this.options.password === undefined ? hello : { ...hello, authentication: { challenge, salt } };
    socket.send(JSON.stringify({ op: 0, d }));
  }

  private receive(session: Session, raw: RawData, isBinary: boolean): void {
    let message: { op?: unknown; d?: Json };
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(textOf(raw)) as { op?: unknown; d?: Json };
    } catch {
      session.socket.close(4002, 'message not decoded');
      return;
    }
    const d = message.d ?? {};
    if (message.op === 1) this.identify(session, d);
    else if (!session.identified) session.socket.close(4007, 'not identified');
    else if (message.op === 6) this.request(session, d);
    else if (message.op === 8) this.requestBatch(session, d);
    else session.socket.close(4006, `unknown op ${String(message.op)}`);
  }

  private identify(session: Session, d: Json): void {
    this.identifies.push(d);
    if (session.identified) return session.socket.close(4008, 'already identified');
    if (d.rpcVersion !== 1) return session.socket.close(4010, 'rpc version not supported');
    const password = this.options.password;
    if (
      password !== undefined &&
      d.authentication !== authentication(password, session.salt, session.challenge)
    ) {
      return session.socket.close(4009, 'Authentication failed.');
    }
    if (typeof d.eventSubscriptions === 'number') session.subscriptions = d.eventSubscriptions;
    session.identified = true;
    session.socket.send(JSON.stringify({ op: 2, d: obsFixture('identified.message.json') }));
  }

  private request(session: Session, d: Json): void {
    const requestType = String(d.requestType);
    const answer = this.answer(requestType, d.requestData);
    const delay = this.delays.get(requestType) ?? 0;
    this.later(session, delay, { op: 7, d: { requestType, requestId: d.requestId, ...answer } });
  }

  private requestBatch(session: Session, d: Json): void {
    const requests = Array.isArray(d.requests) ? (d.requests as Json[]) : [];
    const types = requests.map((r) => String(r.requestType));
    const results = requests.map((r, i) => ({
      requestType: types[i],
      requestId: r.requestId,
      ...this.answer(types[i]!, r.requestData),
    }));
    const delay = Math.max(0, ...types.map((t) => this.delays.get(t) ?? 0));
    const isReading = types.includes('GetStats');
    if (isReading) {
      session.statsInFlight += 1;
      this.maxStatsInFlight = Math.max(this.maxStatsInFlight, session.statsInFlight);
    }
    this.later(session, delay, { op: 9, d: { requestId: d.requestId, results } }, () => {
      if (isReading) session.statsInFlight -= 1;
    });
  }

  private later(session: Session, delay: number, message: Json, done?: () => void): void {
    const send = () => {
      done?.();
      if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(message));
    };
    if (delay === 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, delay);
    this.timers.add(timer);
  }

  private answer(requestType: string, requestData: unknown): LoopbackAnswer {
    this.requests.push(requestType);
    const scripted = this.nextAnswers.get(requestType)?.shift();
    if (scripted) return scripted;
    return answerRequest(this.state, requestType, requestData, (path) => {
      const saved = obsFixture('replay-buffer-saved.event.json').eventData as Json;
      setImmediate(() => this.emit('ReplayBufferSaved', { ...saved, savedReplayPath: path }));
    });
  }
}

/** The documented authentication string: base64(sha256(base64(sha256(password + salt)) + challenge)). */
function authentication(password: string, salt: string, challenge: string): string {
  const secret = createHash('sha256')
    .update(password + salt)
    .digest('base64');
  return createHash('sha256')
    .update(secret + challenge)
    .digest('base64');
}

function outputState(active: boolean, state: string): Json {
  return { outputActive: active, outputState: `OBS_WEBSOCKET_OUTPUT_${state}` };
}

function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(raw).toString('utf8');
}
