import OBSWebSocket, {
  EventSubscription,
  OBSWebSocketError,
  type RequestBatchRequest,
} from 'obs-websocket-js/json';
import type { Logger } from 'pino';
import type { ObsOutput } from '../../core/obs-readings.js';
import { fileAt, NO_DETAILS, ObsFileReporter } from './obs-file-reporter.js';
import { closedError, connectError, replaySaveError, type PasswordContext } from './obs-link-errors.js';
import {
  ObsLinkError,
  type ObsConnected,
  type ObsLink,
  type ObsLinkListener,
  type ObsLinkOptions,
} from './obs-link.port.js';
import {
  answersOf,
  CONNECT_REQUESTS,
  connectedOf,
  FILE_DETAIL_REQUESTS,
  fileDetailsOf,
  newRecordingPathOf,
  outputChangeOf,
  readingOf,
  readingRequests,
  recordingFiguresOf,
  recordingPathOf,
  SAVE_REPLAY_REQUESTS,
  savedPathOf,
  splitsRecordingsOf,
  type FileDetails,
  type ObsAnswer,
  type ObsRequest,
  type RecordingFigures,
} from './obs-payloads.js';
import { ObsRecordingParts, type RecordingPart } from './obs-recording-parts.js';
import { ObsTimeoutError, waitBounded } from './obs-wait.js';

/** ExitStarted is a General event, the output events are Outputs', ScreenshotSaved is Ui's. */
const EVENT_SUBSCRIPTIONS = EventSubscription.General | EventSubscription.Outputs | EventSubscription.Ui;
/** The protocol version the payloads are read for. */
const RPC_VERSION = 1;
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
const DEFAULT_INTERVAL_MS = 1_000;
const MIN_INTERVAL_MS = 10;
/** Node's longest timer; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** Longest wait for the socket to close before disconnect goes on. */
const CLOSE_WAIT_MS = 2_000;
/** Events heard while OBS answers what it is doing, kept until it has. */
const MAX_HELD_EVENTS = 100;

export interface ObsWebSocketLinkOptions extends ObsLinkOptions {
  log: Logger;
  /**
   * Longest wait for OBS to answer the connection or a request (default 5,000 ms). A reading
   * left unanswered that long ends the link: OBS has stopped answering.
   */
  requestTimeoutMs?: number;
}

type Phase = 'new' | 'connecting' | 'open' | 'closed';

/**
 * One connection to OBS through obs-websocket v5 (JSON), with obs-websocket-js. Reads OBS's
 * figures every interval (one reading at a time: a tick that finds the last unanswered is
 * skipped), reports the outputs starting and stopping and the files OBS writes, with what OBS
 * tells of them. Every payload is checked before use; one not understood is logged and skipped.
 */
export class ObsWebSocketLink implements ObsLink {
  private readonly obs = new OBSWebSocket();
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly intervalMs: number;
  /** Aborted when the link closes: every wait on OBS ends with it. */
  private readonly stop = new AbortController();
  private readonly password: PasswordContext;
  private phase: Phase = 'new';
  private listener: ObsLinkListener | null = null;
  private held: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private isReading = false;
  /** The files of the recording under way and what the readings tell of them. */
  private readonly parts = new ObsRecordingParts();
  private readonly files = new ObsFileReporter(
    () => this.readFileDetails(),
    (file) => this.tell((listener) => listener.file(file)),
  );
  private saving: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: ObsWebSocketLinkOptions) {
    this.log = options.log;
    this.timeoutMs = durationMs(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, 1);
    this.intervalMs = durationMs(options.intervalMs, DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS);
    this.password = { asksPassword: false, hasPassword: !!options.password };
  }

  async connect(listener: ObsLinkListener): Promise<ObsConnected> {
    if (this.phase !== 'new') throw new ObsLinkError('this link was used already; make a new one', true);
    this.phase = 'connecting';
    this.listener = listener;
    this.follow();
    let connected: ObsConnected;
    try {
      await this.bounded(this.identify(), 'OBS did not answer the connection in time');
      const answers = await this.batch(CONNECT_REQUESTS, 'what it is doing');
      connected = connectedOf(answers);
      if (connected.recording) this.parts.joined(this.figuresOf(answers), splitsRecordingsOf(answers));
    } catch (err) {
      const stopped = this.isClosed;
      this.phase = 'closed';
      this.listener = null;
      await this.close();
      if (stopped) throw new ObsLinkError('disconnected while connecting to OBS', true);
      throw connectError(err, this.options.address, this.password);
    }
    this.phase = 'open';
    // Events heard while OBS answered come after the caller has what it said, then the readings.
    setImmediate(() => this.start());
    return connected;
  }

  saveReplayBuffer(): Promise<void> {
    if (this.phase !== 'open') return Promise.reject(new ObsLinkError('not connected to OBS', true));
    // A save asked while one is under way shares its answer.
    this.saving ??= this.save().finally(() => (this.saving = null));
    return this.saving;
  }

  async disconnect(): Promise<void> {
    if (this.phase !== 'closed') {
      this.phase = 'closed';
      this.settle();
      this.listener = null;
    }
    await this.close();
  }

  /** Whether the link closed (disconnect can close it while connect awaits OBS). */
  private get isClosed(): boolean {
    return this.phase === 'closed';
  }

  private async identify(): Promise<void> {
    const { address, password } = this.options;
    if (!/^wss?:\/\//i.test(address)) throw new ObsLinkError('the OBS address is not a ws:// address', false);
    this.obs.once('Hello', (hello: unknown) => {
      const auth = typeof hello === 'object' && hello !== null && 'authentication' in hello;
      this.password.asksPassword = auth && hello.authentication != null;
    });
    // obs-websocket-js answers the Hello's challenge with the password (the documented algorithm).
    await this.obs.connect(address, password || undefined, {
      rpcVersion: RPC_VERSION,
      eventSubscriptions: EVENT_SUBSCRIPTIONS,
    });
  }

  private follow(): void {
    const obs = this.obs;
    obs.on('StreamStateChanged', (d) => this.hear('StreamStateChanged', () => this.changed('stream', d)));
    obs.on('RecordStateChanged', (d) => this.hear('RecordStateChanged', () => this.changed('record', d)));
    obs.on('RecordFileChanged', (d) => this.hear('RecordFileChanged', () => this.recordFileChanged(d)));
    obs.on('ReplayBufferStateChanged', (d) =>
      this.hear('ReplayBufferStateChanged', () => this.changed('replay_buffer', d)),
    );
    obs.on('ReplayBufferSaved', (d) => this.hear('ReplayBufferSaved', () => this.saved('replay', d)));
    obs.on('ScreenshotSaved', (d) => this.hear('ScreenshotSaved', () => this.saved('screenshot', d)));
    obs.on('ExitStarted', () =>
      this.hear('ExitStarted', () => this.end(new ObsLinkError('OBS is closing', true))),
    );
    obs.on('ConnectionClosed', (err: unknown) => {
      // The library also emits OBS events under their own name: an "event" named so is not a close.
      if (!(err instanceof OBSWebSocketError)) return;
      if (this.phase === 'open') this.end(closedError(err.code, this.password));
    });
    obs.on('ConnectionError', (err: unknown) => this.log.debug({ err }, 'obs connection error'));
  }

  /** Handles an event once connected (held while connecting); one not understood is logged and skipped. */
  private hear(event: string, handle: () => void): void {
    if (this.phase === 'connecting') {
      if (this.held.length < MAX_HELD_EVENTS) this.held.push(() => this.hear(event, handle));
      else this.log.warn({ event }, 'obs event heard while connecting dropped: too many');
      return;
    }
    if (this.phase !== 'open') return;
    try {
      handle();
    } catch (err) {
      this.log.warn({ err, event }, 'obs event not understood; skipped');
    }
  }

  private start(): void {
    if (this.phase !== 'open') return;
    const held = this.held;
    this.held = [];
    for (const hear of held) hear();
    this.read();
    if (this.phase === 'open') this.timer = setInterval(() => this.read(), this.intervalMs);
  }

  private read(): void {
    // A slow OBS: the tick is skipped while the last reading is unanswered.
    if (this.phase !== 'open' || this.isReading) return;
    this.isReading = true;
    // The recording's figures count for the file OBS writes when they are asked (see `epoch`).
    const epoch = this.parts.isRecording ? this.parts.epoch : null;
    void this.batch(readingRequests(epoch !== null), 'a reading')
      .then((answers) => this.take(answers, epoch))
      .catch((err: unknown) => {
        if (this.phase !== 'open') return;
        if (err instanceof ObsTimeoutError) this.end(new ObsLinkError('OBS stopped answering', true));
        else this.log.warn({ err }, 'obs reading failed');
      })
      .finally(() => (this.isReading = false));
  }

  private take(answers: Map<string, ObsAnswer>, epoch: number | null): void {
    if (this.phase !== 'open') return;
    if (epoch !== null) {
      const figures = this.figuresOf(answers);
      if (figures !== null) this.parts.read(figures, epoch);
    }
    try {
      const reading = readingOf(answers, this.options.now());
      this.tell((listener) => listener.reading(reading));
    } catch (err) {
      this.log.warn({ err }, 'obs reading not understood; skipped');
    }
  }

  /** The recording's figures from a GetRecordStatus answer; null (logged) when not understood. */
  private figuresOf(answers: Map<string, ObsAnswer>): RecordingFigures | null {
    try {
      return recordingFiguresOf(answers);
    } catch (err) {
      this.log.warn({ err }, 'obs recording status not understood');
      return null;
    }
  }

  /** An output changed state: reported on STARTED and STOPPED only (the states between pass). */
  private changed(output: ObsOutput, data: unknown): void {
    const active = outputChangeOf(data);
    if (active === null) return;
    const at = this.options.now();
    this.tell((listener) => listener.outputState(output, active, at));
    if (output === 'record') this.recordChanged(active, data, at);
  }

  /** The recording started (OBS names the file it begins) or stopped (naming the last it wrote). */
  private recordChanged(active: boolean, data: unknown, at: number): void {
    let path: string | null = null;
    try {
      path = recordingPathOf(data);
    } catch (err) {
      this.log.warn({ err }, 'obs recording path not understood');
    }
    if (active) {
      this.parts.started(path);
      return;
    }
    const files = this.parts.stopped(path);
    if (files.length === 0) this.log.warn('OBS named no file for the recording it stopped');
    if (files.length > 1)
      this.log.warn('OBS split the recording without saying so; its files go without figures');
    for (const file of files) this.reportRecording(file, at);
  }

  /** OBS began writing another file of the recording (it splits it): the one before is finished. */
  private recordFileChanged(data: unknown): void {
    const outcome = this.parts.split(newRecordingPathOf(data));
    if (outcome.finished) this.reportRecording(outcome.finished, this.options.now());
    else this.log.info({ why: outcome.why }, 'obs recording file changed; no finished file to report');
  }

  private reportRecording(part: RecordingPart, at: number): void {
    const { path, size_bytes, duration_ms } = part;
    this.files.report({ ...fileAt('recording', path, at), size_bytes, duration_ms });
  }

  private saved(kind: 'replay' | 'screenshot', data: unknown): void {
    this.files.report(fileAt(kind, savedPathOf(kind, data), this.options.now()));
  }

  /** The settings files are described with; a failure leaves the details null. */
  private async readFileDetails(): Promise<FileDetails> {
    try {
      return fileDetailsOf(await this.batch(FILE_DETAIL_REQUESTS, 'its file settings'));
    } catch (err) {
      if (this.phase === 'open') this.log.warn({ err }, 'obs file settings not read; files go without them');
      return NO_DETAILS;
    }
  }

  private async save(): Promise<void> {
    const answers = await this.batch(SAVE_REPLAY_REQUESTS, 'the replay buffer save');
    const error = replaySaveError(answers.get('SaveReplayBuffer'));
    if (error) throw error;
  }

  /** Asks OBS a batch of requests, bounded in time; its answers by request id. */
  private async batch(requests: readonly ObsRequest[], what: string): Promise<Map<string, ObsAnswer>> {
    // The library types a request by its name; these are names it knows, with their documented data.
    const asked = this.obs.callBatch(requests as RequestBatchRequest[]) as Promise<unknown>;
    return answersOf(await this.bounded(asked, `OBS did not answer ${what} in time`));
  }

  private bounded<T>(work: Promise<T>, timeoutMessage: string): Promise<T> {
    return waitBounded(work, this.timeoutMs, this.stop.signal, timeoutMessage);
  }

  /** Calls the listener; a listener that throws is logged, never thrown into the library. */
  private tell(call: (listener: ObsLinkListener) => void): void {
    const listener = this.listener;
    if (listener === null) return;
    try {
      call(listener);
    } catch (err) {
      this.log.error({ err }, 'obs link listener failed');
    }
  }

  /** The link is gone: told once, after the files still waiting for their details. */
  private end(error: ObsLinkError): void {
    if (this.phase !== 'open') return;
    this.phase = 'closed';
    this.log.info({ reason: error.message, retry: error.retry }, 'obs link lost');
    this.settle();
    this.tell((listener) => listener.lost(error));
    this.listener = null;
    void this.close();
  }

  /** Stops reading and sends the files still waiting, with what is known of them. */
  private settle(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held = [];
    this.files.flush();
  }

  private close(): Promise<void> {
    this.closing ??= this.closeSocket();
    return this.closing;
  }

  private async closeSocket(): Promise<void> {
    this.stop.abort();
    this.obs.removeAllListeners();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.log.warn('obs connection still closing; going on');
        resolve();
      }, CLOSE_WAIT_MS);
      const closed = () => {
        clearTimeout(timer);
        resolve();
      };
      this.obs.disconnect().then(closed, closed);
    });
  }
}

/** A setting's duration within what a timer can wait; `fallback` when it is not a number. */
function durationMs(value: number | undefined, fallback: number, min: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_TIMER_MS, Math.max(min, value));
}
