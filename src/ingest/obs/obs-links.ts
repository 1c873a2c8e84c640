import type { Logger } from 'pino';
import { ConflictError } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import { Listeners } from '../../core/listeners.js';
import { healthSample, type ObsHealthSample } from '../../core/obs-health.js';
import { ObsHealthAlarm, type ObsHealthAlert } from '../../core/obs-health-alarm.js';
import type { ObsOutput, ObsOutputFile, ObsReading } from '../../core/obs-readings.js';
import {
  mergeObsSettings,
  obsSettingsSchema,
  viewObsSettings,
  type ObsSettings,
  type ObsSettingsInput,
  type ObsSettingsView,
} from '../../core/obs-settings.js';
import type { ObsLinkState, ObsStatusView } from '../../core/obs-status.js';
import { obsAlertTrigger } from '../../core/obs-alert-trigger.js';
import { isSpikeTrigger } from '../../core/spike-trigger.js';
import { SerialQueue } from '../../core/serial-queue.js';
import type { ObsStore } from '../../store/obs-store.port.js';
import type { ProfileStores, SystemStore } from '../../store/ports.js';
import { nextDelay, type BackoffOptions } from '../reconnect-backoff.js';
import { ObsLinkError, type ObsConnected, type ObsLink, type ObsLinkOptions } from './obs-link.port.js';
import { viewObsStatus, type ObsLinkProgress } from './obs-link-status.js';
import { startEachProfile } from '../configured-profiles.js';

/** The system-store setting holding a profile's OBS link. */
export const OBS_SETTING_KEY = 'obs';

/** OBS usually runs on the same machine and starts after StreamPulse: look again often. */
export const OBS_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 15_000, offlineMs: 15_000 };

/** Store writes (health samples, files) waiting per profile; beyond it new ones are dropped. */
const MAX_PENDING_WRITES = 100;

export interface ObsLinksDeps {
  profiles: {
    /** Checks a profile exists (throws `NotFoundError`). */
    get(profile: string): Promise<unknown>;
    listStreams(profile: string): Promise<readonly { id: string }[]>;
    updateStream(profile: string, stream: string, patch: { recording: boolean }): Promise<unknown>;
  };
  system: Pick<SystemStore, 'getSettings' | 'putSetting' | 'listProfiles'>;
  stores: ProfileStores<ObsStore>;
  /** Stores health alerts as trigger events (through the pipeline, like every other event). */
  submit: (profile: string, events: LiveEvent[]) => Promise<unknown>;
  createLink: (options: ObsLinkOptions) => ObsLink;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Wait before trying again after OBS refused the password (default 60 s). */
  refusedRetryMs?: number;
}

interface Slot extends ObsLinkProgress {
  profile: string;
  settings: ObsSettings;
  link: ObsLink | null;
  /** Bumped by every attempt and by stop: reports of an older link are ignored. */
  generation: number;
  timer: NodeJS.Timeout | null;
  previous: ObsReading | null;
  alarm: ObsHealthAlarm;
  writes: SerialQueue;
  pendingWrites: number;
  droppedWrites: number;
  /** When a spike last asked OBS to save its replay buffer (epoch ms). */
  lastSpikeSave: number;
}

/**
 * Each profile's link to OBS Studio (obs-websocket v5): its settings (kept in the system store;
 * the password goes in and is used, never out) and its connection, run while an address is set.
 * A link that cannot connect, or loses OBS, connects again with backoff; one OBS refuses waits
 * `refusedRetryMs`. While connected it folds OBS's readings into health samples (stored per
 * minute, checked against the alarm thresholds, pushed live), keeps a record of every file OBS
 * writes, lets the recording status of the profile's streams follow OBS's, and, when asked,
 * saves OBS's replay buffer on a spike.
 */
export class ObsLinks {
  /** A health sample was taken (for the live push). */
  readonly sampled: Listeners<[profile: string, sample: ObsHealthSample]>;
  /** A profile's link changed state or outputs (for the live push). */
  readonly statusChanged: Listeners<[profile: string, status: ObsStatusView]>;
  private readonly slots = new Map<string, Slot>();
  private readonly changes = new SerialQueue();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly startedAt: number;
  private isClosed = false;

  constructor(private readonly deps: ObsLinksDeps) {
    this.log = deps.logger.child({ module: 'ingest.obs' });
    this.now = deps.now ?? Date.now;
    this.startedAt = this.now();
    const failed = (what: string) => (err: unknown, profile: string) =>
      this.log.warn({ err, profile }, `obs ${what} listener failed`);
    this.sampled = new Listeners<[string, ObsHealthSample]>(failed('sample'));
    this.statusChanged = new Listeners<[string, ObsStatusView]>(failed('status'));
  }

  /** Starts the link of every profile with an address (at server start). Never rejects. */
  async startConfigured(): Promise<void> {
    await startEachProfile(this.deps.system, this.changes, this.log, 'obs link', async (id) => {
      if (this.isClosed || this.slots.has(id)) return;
      const settings = await this.load(id);
      if (settings) this.start(id, settings);
    });
  }

  /** The profile's settings as answered (whether a password is set, never which). */
  async getSettings(profile: string): Promise<ObsSettingsView> {
    await this.deps.profiles.get(profile);
    return viewObsSettings(await this.load(profile));
  }

  /**
   * Replaces the settings (a password left out keeps the stored one, null removes it; an address
   * of null removes the link) and restarts the profile's link with them.
   */
  putSettings(profile: string, input: ObsSettingsInput): Promise<ObsSettingsView> {
    return this.changes.run(async () => {
      await this.deps.profiles.get(profile);
      const parsed = mergeObsSettings(input, await this.load(profile));
      await this.deps.system.putSetting(profile, OBS_SETTING_KEY, parsed ?? null);
      await this.stop(profile);
      if (parsed && !this.isClosed) this.start(profile, parsed);
      this.statusChanged.emit(profile, this.status(profile));
      return viewObsSettings(parsed);
    });
  }

  /** How the profile's link is doing (`stopped` when none is set up). */
  status(profile: string): ObsStatusView {
    return viewObsStatus(this.slots.get(profile) ?? null, this.startedAt);
  }

  /**
   * Asks OBS to save its replay buffer now; the file is recorded once OBS has written it. Throws
   * a `ConflictError` when no link is connected or OBS says why it cannot.
   */
  async saveReplay(profile: string): Promise<void> {
    await this.deps.profiles.get(profile);
    const slot = this.slots.get(profile);
    if (!slot?.link || slot.state !== 'connected') {
      throw new ConflictError('OBS_NOT_CONNECTED', 'OBS is not connected to this profile');
    }
    try {
      await slot.link.saveReplayBuffer();
    } catch (err) {
      const reason = err instanceof ObsLinkError ? err.message : 'OBS did not answer';
      throw new ConflictError('OBS_REPLAY_NOT_SAVED', `the replay buffer was not saved: ${reason}`);
    }
  }

  /** Triggers stored for a profile: a spike saves OBS's replay buffer when the profile asks for it. */
  triggered(profile: string, events: readonly LiveEvent[]): void {
    const slot = this.slots.get(profile);
    if (!slot?.settings.clip_on_spike.enabled || slot.state !== 'connected' || !slot.link) return;
    if (!events.some(isSpikeTrigger)) return;
    const now = this.now();
    if (now - slot.lastSpikeSave < slot.settings.clip_on_spike.cooldown_seconds * 1000) return;
    slot.lastSpikeSave = now;
    slot.link
      .saveReplayBuffer()
      .catch((err: unknown) => this.log.warn({ err, profile }, 'replay buffer not saved on a spike'));
  }

  /** Stops the link of a profile being deleted. */
  async forgetProfile(profile: string): Promise<void> {
    await this.changes.run(() => this.stop(profile));
  }

  /** Stops every link; none starts again. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.changes.run(() => Promise.all([...this.slots.keys()].map((p) => this.stop(p))));
  }

  private start(profile: string, settings: ObsSettings): void {
    const slot: Slot = {
      profile,
      settings,
      state: 'connecting',
      since: this.now(),
      failures: 0,
      lastError: null,
      nextAttemptAt: null,
      link: null,
      connected: null,
      generation: 0,
      timer: null,
      previous: null,
      alarm: new ObsHealthAlarm(settings.health),
      writes: new SerialQueue(),
      pendingWrites: 0,
      droppedWrites: 0,
      lastSpikeSave: -Infinity,
    };
    this.slots.set(profile, slot);
    this.attempt(slot);
  }

  private async stop(profile: string): Promise<void> {
    const slot = this.slots.get(profile);
    if (!slot) return;
    this.slots.delete(profile);
    slot.generation += 1;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const link = slot.link;
    slot.link = null;
    await link?.disconnect();
    if (slot.connected?.recording) await this.followRecording(slot, false);
    // The writes already taken go to the store before the slot is gone.
    await slot.writes.run(() => Promise.resolve());
  }

  private attempt(slot: Slot): void {
    const generation = ++slot.generation;
    slot.timer = null;
    this.setState(slot, 'connecting');
    const link = this.deps.createLink({
      address: slot.settings.address,
      password: slot.settings.password ?? null,
      intervalMs: slot.settings.interval_seconds * 1000,
      now: this.now,
    });
    slot.link = link;
    const current = () => generation === slot.generation && this.slots.get(slot.profile) === slot;
    link
      .connect({
        reading: (reading) => current() && this.onReading(slot, reading),
        outputState: (output, active) => current() && this.onOutput(slot, output, active),
        file: (file) => current() && this.onFile(slot, file),
        lost: (error) => this.fail(slot, generation, error),
      })
      .then(
        (connected) => {
          if (!current()) return void link.disconnect();
          this.onConnected(slot, connected);
        },
        (err: unknown) => this.fail(slot, generation, err),
      );
  }

  private onConnected(slot: Slot, connected: ObsConnected): void {
    slot.connected = { ...connected };
    slot.failures = 0;
    slot.nextAttemptAt = null;
    slot.previous = null;
    this.log.info({ profile: slot.profile, obs: connected.obs_version }, 'obs connected');
    this.setState(slot, 'connected');
    void this.followRecording(slot, connected.recording);
  }

  private onReading(slot: Slot, reading: ObsReading): void {
    const sample = healthSample(slot.previous, reading);
    slot.previous = reading;
    if (slot.connected && slot.connected.streaming !== reading.streaming) {
      slot.connected.streaming = reading.streaming;
      this.emitStatus(slot);
    }
    if (!sample) return;
    this.sampled.emit(slot.profile, sample);
    this.write(slot, 'health sample', (store) => store.addObsHealth(sample));
    for (const alert of slot.alarm.observe(sample)) this.alert(slot, alert);
  }

  private onOutput(slot: Slot, output: ObsOutput, active: boolean): void {
    if (!slot.connected) return;
    if (output === 'stream') {
      slot.connected.streaming = active;
      // A new stream output starts its counters at zero.
      slot.previous = null;
    }
    if (output === 'record') {
      slot.connected.recording = active;
      void this.followRecording(slot, active);
    }
    if (output === 'replay_buffer') slot.connected.replay_buffer = active;
    this.emitStatus(slot);
  }

  private onFile(slot: Slot, file: ObsOutputFile): void {
    this.log.info({ profile: slot.profile, kind: file.kind, path: file.path }, 'obs wrote a file');
    this.write(slot, 'file', (store) => store.addObsRecording(file));
  }

  /** A health alert becomes a trigger of the first stream OBS feeds, stored like any other. */
  private alert(slot: Slot, alert: ObsHealthAlert): void {
    void this.targetStreams(slot)
      .then(async ([stream]) => {
        if (stream !== undefined) await this.deps.submit(slot.profile, [obsAlertTrigger(stream, alert)]);
      })
      .catch((err: unknown) => this.log.warn({ err, profile: slot.profile }, 'obs health alert not stored'));
  }

  /**
   * Queues a store write of the slot's, in the order heard. OBS writes a file every few seconds at
   * most and a sample every few seconds: a full queue means the store is far behind (or a flood),
   * and what comes then is dropped, said now and then, not at every one.
   */
  private write(slot: Slot, what: string, task: (store: ObsStore) => Promise<unknown>): void {
    if (slot.pendingWrites >= MAX_PENDING_WRITES) {
      if (slot.droppedWrites++ % 100 === 0) {
        this.log.warn(
          { profile: slot.profile, dropped: slot.droppedWrites },
          `obs ${what} dropped: store behind`,
        );
      }
      return;
    }
    slot.pendingWrites += 1;
    void slot.writes
      .run(async () => task(await this.deps.stores.openProfile(slot.profile)))
      .catch((err: unknown) => this.log.warn({ err, profile: slot.profile }, `obs ${what} not stored`))
      .finally(() => (slot.pendingWrites -= 1));
  }

  /** The recording status of the streams OBS feeds follows OBS's. */
  private async followRecording(slot: Slot, recording: boolean): Promise<void> {
    for (const stream of await this.targetStreams(slot)) {
      await this.deps.profiles
        .updateStream(slot.profile, stream, { recording })
        .catch((err: unknown) =>
          this.log.warn({ err, profile: slot.profile, stream }, 'recording status not updated'),
        );
    }
  }

  private async targetStreams(slot: Slot): Promise<string[]> {
    if (slot.settings.streams.length > 0) return [...slot.settings.streams];
    try {
      return (await this.deps.profiles.listStreams(slot.profile)).map((s) => s.id).sort();
    } catch (err) {
      this.log.warn({ err, profile: slot.profile }, 'streams of the obs link not read');
      return [];
    }
  }

  private fail(slot: Slot, generation: number, err: unknown): void {
    if (generation !== slot.generation || this.slots.get(slot.profile) !== slot) return;
    slot.generation += 1;
    const link = slot.link;
    slot.link = null;
    void link?.disconnect();
    const wasRecording = slot.connected?.recording === true;
    slot.connected = null;
    slot.previous = null;
    // OBS gone: what it recorded has stopped with it, as far as anyone can tell.
    if (wasRecording) void this.followRecording(slot, false);
    const error = err instanceof ObsLinkError ? err : new ObsLinkError(String(err), true);
    slot.failures += 1;
    const wait = error.retry
      ? nextDelay(this.deps.backoff ?? OBS_BACKOFF, slot.failures, false, this.deps.random ?? Math.random)
      : (this.deps.refusedRetryMs ?? 60_000);
    slot.nextAttemptAt = this.now() + wait;
    slot.lastError = { message: error.message, at: this.now() };
    this.log.warn(
      { profile: slot.profile, err: error.message, failures: slot.failures, retryInMs: wait },
      'obs link failed; connecting again later',
    );
    this.setState(slot, error.retry ? 'waiting' : 'error');
    slot.timer = setTimeout(() => this.attempt(slot), wait);
    slot.timer.unref();
  }

  private setState(slot: Slot, state: ObsLinkState): void {
    if (slot.state !== state) slot.since = this.now();
    slot.state = state;
    this.emitStatus(slot);
  }

  private emitStatus(slot: Slot): void {
    this.statusChanged.emit(slot.profile, this.status(slot.profile));
  }

  private async load(profile: string): Promise<ObsSettings | undefined> {
    const stored = (await this.deps.system.getSettings(profile))[OBS_SETTING_KEY];
    if (stored === undefined || stored === null) return undefined;
    const parsed = obsSettingsSchema.safeParse(stored);
    if (parsed.success) return parsed.data;
    this.log.error({ profile }, 'stored obs settings unreadable; taken as none');
    return undefined;
  }
}
