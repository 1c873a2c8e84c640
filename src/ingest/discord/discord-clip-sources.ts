import type { Logger } from 'pino';
import type { ClipSourceState, ClipSourceStatusView } from '../../core/clip-source-status.js';
import {
  discordClipSettingsSchema,
  mergeDiscordClipSettings,
  viewDiscordClipSettings,
  type DiscordClipSettings,
  type DiscordClipSettingsInput,
  type DiscordClipSettingsView,
} from '../../core/discord-clip-settings.js';
import { SerialQueue } from '../../core/serial-queue.js';
import type { ProfileStores, SystemStore } from '../../store/ports.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffOptions } from '../reconnect-backoff.js';
import type { ClipSourceStatuses } from '../clips/clip-source-statuses.js';
import type { DiscordClipBot, DiscordClipWrites } from './discord-clip-bot.js';
import { DiscordLoginError } from './discord-login-error.js';
import {
  describeDiscordSource,
  viewDiscordSourceStatus,
  type DiscordSourceStatus,
} from './discord-source-status.js';
import { startEachProfile } from '../configured-profiles.js';

/** The system-store setting holding a profile's Discord clip source. */
const SETTING_KEY = 'discord_clips';

/** discord.js takes half a second to load: it is loaded when the first bot starts, not with the server. */
let botModule: Promise<{ DiscordClipBot: typeof DiscordClipBot }> | null = null;
function loadBotModule(): Promise<{ DiscordClipBot: typeof DiscordClipBot }> {
  botModule ??= import('./discord-clip-bot.js');
  botModule.catch(() => (botModule = null));
  return botModule;
}

export interface DiscordClipSourcesDeps {
  /** Checks a profile exists (throws `NotFoundError`). */
  profiles: { get(profile: string): Promise<unknown> };
  system: Pick<SystemStore, 'getSettings' | 'putSetting' | 'listProfiles'>;
  stores: ProfileStores<DiscordClipWrites>;
  /** Discord's REST base URL (`https://discord.com/api`). */
  apiUrl: string;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Wait before trying a token Discord refused again (default 15 minutes). */
  tokenRetryMs?: number;
  /** How long a dropped connection may take to resume before the bot logs in afresh (default 60 s). */
  resumeTimeoutMs?: number;
  /** How long a connection must hold before its failures are forgotten (default 60 s). */
  stableMs?: number;
  /** Drops in a row discord.js may resume by itself before the bot logs in afresh (default 5). */
  maxDrops?: number;
  /** Longest wait from login to ready (default 30 s). */
  readyTimeoutMs?: number;
}

interface Slot {
  profile: string;
  settings: DiscordClipSettings;
  status: DiscordSourceStatus;
  bot: DiscordClipBot | null;
  /** Shares recorded by the bots this slot ran before the current one. */
  earlierShares: number;
  earlierFailures: number;
  /** The next attempt, a resume watchdog, or the wait before failures are forgotten. */
  timer: NodeJS.Timeout | null;
  stableTimer: NodeJS.Timeout | null;
  /** Bumped by every attempt and by stop: reports of an older bot are ignored. */
  generation: number;
}

/**
 * Each profile's Discord clip source: its settings (kept in the system store; the token goes in
 * and is used, never out) and its bot, run while a token is set. A bot that cannot log in, or
 * whose connection is lost for good, logs in again with backoff; one whose token Discord refuses
 * waits `tokenRetryMs`. discord.js resumes a dropped connection itself (Discord replays what was
 * missed); one that does not come back in time, or drops too often, is replaced.
 */
export class DiscordClipSources implements ClipSourceStatuses {
  private readonly slots = new Map<string, Slot>();
  private readonly changes = new SerialQueue();
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly startedAt: number;
  private isClosed = false;

  constructor(private readonly deps: DiscordClipSourcesDeps) {
    this.log = deps.logger.child({ module: 'ingest.discord' });
    this.now = deps.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Starts the bot of every profile with a token (at server start). Never rejects. */
  async startConfigured(): Promise<void> {
    await startEachProfile(this.deps.system, this.changes, this.log, 'discord clip source', async (id) => {
      if (this.isClosed || this.slots.has(id)) return;
      const settings = await this.load(id);
      if (settings.token !== undefined) this.start(id, settings);
    });
  }

  /** The profile's settings as answered (whether a token is set, never which). */
  async getSettings(profile: string): Promise<DiscordClipSettingsView> {
    await this.deps.profiles.get(profile);
    return viewDiscordClipSettings(await this.load(profile));
  }

  /**
   * Replaces the settings (a token left out keeps the stored one, null removes it) and restarts
   * the profile's bot with them, or stops it when no token is left.
   */
  putSettings(profile: string, input: DiscordClipSettingsInput): Promise<DiscordClipSettingsView> {
    return this.changes.run(async () => {
      await this.deps.profiles.get(profile);
      const settings = mergeDiscordClipSettings(input, await this.load(profile));
      await this.deps.system.putSetting(profile, SETTING_KEY, settings);
      await this.stop(profile);
      if (settings.token !== undefined && !this.isClosed) this.start(profile, settings);
      return viewDiscordClipSettings(settings);
    });
  }

  /** The profile's Discord source: one status, `stopped` when it has no token. */
  statuses(profile: string): ClipSourceStatusView[] {
    const slot = this.slots.get(profile);
    if (!slot) {
      return [
        viewDiscordSourceStatus(
          { state: 'stopped', since: this.startedAt, failures: 0, last_error: null, next_attempt_at: null },
          'no bot token set',
        ),
      ];
    }
    const stats = slot.bot?.stats;
    const detail = describeDiscordSource({
      channels: slot.settings.channel_ids.length,
      guilds: stats?.guilds ?? 0,
      shares: slot.earlierShares + (stats?.shares ?? 0),
      failures: slot.earlierFailures + (stats?.failures ?? 0),
      state: slot.status.state,
    });
    return [viewDiscordSourceStatus(slot.status, detail)];
  }

  /** Stops the bot of a profile being deleted. */
  async forgetProfile(profile: string): Promise<void> {
    await this.changes.run(() => this.stop(profile));
  }

  /** Stops every bot; none starts again. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.changes.run(() => Promise.all([...this.slots.keys()].map((p) => this.stop(p))));
  }

  private start(profile: string, settings: DiscordClipSettings): void {
    const slot: Slot = {
      profile,
      settings,
      status: { state: 'idle', since: this.now(), failures: 0, last_error: null, next_attempt_at: null },
      bot: null,
      earlierShares: 0,
      earlierFailures: 0,
      timer: null,
      stableTimer: null,
      generation: 0,
    };
    this.slots.set(profile, slot);
    this.attempt(slot);
  }

  private async stop(profile: string): Promise<void> {
    const slot = this.slots.get(profile);
    if (!slot) return;
    this.slots.delete(profile);
    slot.generation += 1;
    this.clearTimers(slot);
    const bot = slot.bot;
    slot.bot = null;
    await bot?.disconnect();
  }

  private attempt(slot: Slot): void {
    const generation = ++slot.generation;
    slot.timer = null;
    this.setState(slot, 'idle');
    loadBotModule().then(
      ({ DiscordClipBot }) => {
        if (generation !== slot.generation || this.slots.get(slot.profile) !== slot) return;
        const bot = new DiscordClipBot({
          token: slot.settings.token ?? '',
          channelIds: slot.settings.channel_ids,
          apiUrl: this.deps.apiUrl,
          store: () => this.deps.stores.openProfile(slot.profile),
          log: this.log.child({ profile: slot.profile }),
          now: this.now,
          readyTimeoutMs: this.deps.readyTimeoutMs,
        });
        slot.bot = bot;
        const isCurrent = () => generation === slot.generation;
        const listener = {
          dropped: () => isCurrent() && this.dropped(slot, generation),
          resumed: () => isCurrent() && this.running(slot),
          lost: (error: DiscordLoginError) => this.fail(slot, generation, error),
        };
        bot.connect(listener).then(
          () => (isCurrent() ? this.running(slot) : void bot.disconnect()),
          (err: unknown) => this.fail(slot, generation, err),
        );
      },
      (err: unknown) => this.fail(slot, generation, err),
    );
  }

  private running(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.status.next_attempt_at = null;
    this.setState(slot, 'running');
    if (slot.stableTimer) clearTimeout(slot.stableTimer);
    slot.stableTimer = setTimeout(() => {
      slot.status.failures = 0;
    }, this.deps.stableMs ?? 60_000);
    slot.stableTimer.unref();
  }

  private dropped(slot: Slot, generation: number): void {
    if (slot.stableTimer) clearTimeout(slot.stableTimer);
    slot.stableTimer = null;
    if (slot.status.failures + 1 >= (this.deps.maxDrops ?? 5)) {
      this.fail(slot, generation, new DiscordLoginError('the gateway connection keeps dropping', false));
      return;
    }
    slot.status.failures += 1;
    slot.status.last_error = { message: 'the gateway connection dropped; resuming', at: this.now() };
    this.log.warn(
      { profile: slot.profile, failures: slot.status.failures },
      'discord connection dropped; resuming',
    );
    this.setState(slot, 'error');
    if (slot.timer) clearTimeout(slot.timer);
    const resumeTimeout = this.deps.resumeTimeoutMs ?? 60_000;
    slot.timer = setTimeout(
      () =>
        this.fail(slot, generation, new DiscordLoginError('the gateway connection did not come back', false)),
      resumeTimeout,
    );
    slot.timer.unref();
  }

  private fail(slot: Slot, generation: number, err: unknown): void {
    if (generation !== slot.generation || this.slots.get(slot.profile) !== slot) return;
    // Whatever the failed bot reports from now on is stale.
    slot.generation += 1;
    this.clearTimers(slot);
    const bot = slot.bot;
    slot.bot = null;
    if (bot) {
      slot.earlierShares += bot.stats.shares;
      slot.earlierFailures += bot.stats.failures;
      void bot.disconnect();
    }
    const error = err instanceof DiscordLoginError ? err : new DiscordLoginError(String(err), false);
    slot.status.failures += 1;
    const wait = error.isTokenRefused
      ? (this.deps.tokenRetryMs ?? 15 * 60_000)
      : nextDelay(
          this.deps.backoff ?? DEFAULT_BACKOFF,
          slot.status.failures,
          false,
          this.deps.random ?? Math.random,
        );
    slot.status.next_attempt_at = this.now() + wait;
    slot.status.last_error = { message: error.message, at: this.now() };
    this.log.warn(
      { profile: slot.profile, err: error.message, failures: slot.status.failures, retryInMs: wait },
      'discord bot failed; logging in again later',
    );
    this.setState(slot, 'error');
    slot.timer = setTimeout(() => this.attempt(slot), wait);
    slot.timer.unref();
  }

  private clearTimers(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.stableTimer) clearTimeout(slot.stableTimer);
    slot.timer = null;
    slot.stableTimer = null;
  }

  private setState(slot: Slot, state: ClipSourceState): void {
    if (slot.status.state !== state) slot.status.since = this.now();
    slot.status.state = state;
  }

  private async load(profile: string): Promise<DiscordClipSettings> {
    const stored = (await this.deps.system.getSettings(profile))[SETTING_KEY];
    const parsed = discordClipSettingsSchema.safeParse(stored ?? {});
    if (parsed.success) return parsed.data;
    this.log.error({ profile }, 'stored discord clip settings unreadable; taken as none');
    return { channel_ids: [] };
  }
}
