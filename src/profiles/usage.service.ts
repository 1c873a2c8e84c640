import { TooManyRequestsError, ValidationError } from '../core/errors.js';
import type { StoredEvent } from '../core/live-event.js';
import type { ProfileStores, SessionReads, SystemStore, UsageDay, UsageStore } from '../store/ports.js';
import type { ProfileService } from './profile.service.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const QUOTA_KEY = 'quota';
/** A quota and today's stored count are read again after this long (other instances count too). */
const CACHE_MS = 10_000;
/** Longest range a usage report covers, in days. */
export const MAX_USAGE_DAYS = 400;
/** Sessions looked at for live minutes, at most (newest first). */
const MAX_SESSIONS = 5000;
/** What an event costs besides its text and data, roughly (sequence, times, stream, kind, counts). */
const EVENT_OVERHEAD_BYTES = 64;

export interface Quota {
  /** Events a profile may push per UTC day; null for no limit. */
  events_per_day: number | null;
}

export interface UsageReportDay extends Omit<UsageDay, 'profile'> {
  /** Minutes each stream was live (in a session) that day. */
  live_minutes: Record<string, number>;
}

type UsageStores = ProfileStores<Pick<SessionReads, 'listSessions'>> & {
  usage: UsageStore;
  system: Pick<SystemStore, 'getSettings' | 'putSetting'>;
};

/** The UTC day of an instant, `YYYY-MM-DD`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * What each profile uses per UTC day: events stored and their size (counted as batches commit),
 * API requests (counted as they are answered), clips collected (counted as they are), and live
 * minutes per stream (from the sessions).
 * Counts are kept here and added to the store every few seconds (`flush`), so instances sum up.
 * A profile may have a quota of events per day: pushes past it are refused with 429 until the
 * next UTC midnight; events from connectors are never refused.
 */
export class UsageService {
  private pending = new Map<string, UsageDay>();
  private readonly quotas = new Map<
    string,
    { quota: Quota; storedToday: number; day: string; readAt: number }
  >();

  constructor(
    private readonly profiles: ProfileService,
    private readonly stores: UsageStores,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a committed batch. */
  countEvents(profile: string, events: readonly StoredEvent[]): void {
    let bytes = 0;
    for (const e of events) {
      bytes += EVENT_OVERHEAD_BYTES + (e.text?.length ?? 0) + (e.data ? JSON.stringify(e.data).length : 0);
    }
    const row = this.row(profile);
    row.events += events.length;
    row.bytes += bytes;
  }

  /** Counts an API request naming the profile. */
  countRequest(profile: string): void {
    this.row(profile).requests += 1;
  }

  /** Counts `count` clips collected for the profile (a whole number, not negative). */
  countClips(profile: string, count: number): void {
    this.row(profile).clips += count;
  }

  /** Adds what was counted to the store; kept for the next flush if the store fails. */
  async flush(): Promise<void> {
    const rows = [...this.pending.values()];
    if (rows.length === 0) return;
    this.pending = new Map();
    try {
      await this.stores.usage.addUsage(rows);
    } catch (err) {
      for (const r of rows) {
        const row = this.row(r.profile, r.day);
        row.events += r.events;
        row.bytes += r.bytes;
        row.requests += r.requests;
        row.clips += r.clips;
      }
      throw err;
    }
  }

  /** Throws `TooManyRequestsError` QUOTA_EXCEEDED when `events` more would pass today's quota. */
  async admit(profile: string, events: number): Promise<void> {
    const at = this.now();
    const { quota, storedToday } = await this.quotaState(profile, at);
    if (quota.events_per_day === null) return;
    const today = storedToday + (this.pending.get(key(profile, utcDay(at)))?.events ?? 0);
    if (today + events <= quota.events_per_day) return;
    const reset = Math.ceil((Math.floor(at / DAY_MS) * DAY_MS + DAY_MS - at) / 1000);
    throw new TooManyRequestsError(
      'QUOTA_EXCEEDED',
      `profile '${profile}' may store ${quota.events_per_day} events a day (UTC) and holds ${today} today; it resets in ${reset} s`,
      reset,
    );
  }

  async getQuota(profile: string): Promise<Quota> {
    await this.profiles.get(profile);
    return readQuota(await this.stores.system.getSettings(profile));
  }

  async setQuota(profile: string, quota: Quota): Promise<Quota> {
    await this.profiles.get(profile);
    await this.stores.system.putSetting(profile, QUOTA_KEY, quota);
    this.quotas.delete(profile);
    return quota;
  }

  /** Usage per day, `from <= day <= to` (`YYYY-MM-DD`, at most MAX_USAGE_DAYS), days without use left out. */
  async report(profile: string, from: string, to: string): Promise<UsageReportDay[]> {
    await this.profiles.get(profile);
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
    if (!(end > start) || end - start > MAX_USAGE_DAYS * DAY_MS) {
      throw new ValidationError('invalid range', [
        { field: 'to', message: `must be on or after from, at most ${MAX_USAGE_DAYS} days later` },
      ]);
    }
    const days = new Map<string, UsageReportDay>();
    const dayOf = (day: string) => {
      let d = days.get(day);
      if (!d) days.set(day, (d = { day, events: 0, bytes: 0, requests: 0, clips: 0, live_minutes: {} }));
      return d;
    };
    const counted = [
      ...(await this.stores.usage.listUsage(profile, from, to)),
      ...this.pendingOf(profile, from, to),
    ];
    for (const u of counted) {
      const d = dayOf(u.day);
      d.events += u.events;
      d.bytes += u.bytes;
      d.requests += u.requests;
      d.clips += u.clips;
    }
    await this.addLiveMinutes(profile, start, end, dayOf);
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /** Drops what was counted of a deleted profile. */
  forget(profile: string): void {
    for (const [k, row] of this.pending) if (row.profile === profile) this.pending.delete(k);
    this.quotas.delete(profile);
  }

  private async addLiveMinutes(
    profile: string,
    start: number,
    end: number,
    dayOf: (day: string) => UsageReportDay,
  ): Promise<void> {
    const store = await this.stores.openProfile(profile);
    const at = this.now();
    let before: number | undefined = end;
    for (let seen = 0; before !== undefined && seen < MAX_SESSIONS;) {
      const page = await store.listSessions({ before, limit: 500 });
      seen += page.length;
      before = page.length === 500 ? page.at(-1)!.started_at : undefined;
      for (const s of page) {
        const from = Math.max(s.started_at, start);
        const to = Math.min(s.ended_at ?? at, end);
        for (let dayStart = Math.floor(from / DAY_MS) * DAY_MS; dayStart < to; dayStart += DAY_MS) {
          const minutes = Math.round(
            (Math.min(to, dayStart + DAY_MS) - Math.max(from, dayStart)) / MINUTE_MS,
          );
          if (minutes <= 0) continue;
          const d = dayOf(utcDay(dayStart));
          d.live_minutes[s.stream] = (d.live_minutes[s.stream] ?? 0) + minutes;
        }
      }
    }
  }

  private pendingOf(profile: string, from: string, to: string): UsageDay[] {
    return [...this.pending.values()].filter((r) => r.profile === profile && r.day >= from && r.day <= to);
  }

  private async quotaState(profile: string, at: number) {
    const day = utcDay(at);
    const cached = this.quotas.get(profile);
    if (cached && cached.day === day && at - cached.readAt < CACHE_MS) return cached;
    const quota = readQuota(await this.stores.system.getSettings(profile));
    const storedToday =
      quota.events_per_day === null
        ? 0
        : ((await this.stores.usage.listUsage(profile, day, day))[0]?.events ?? 0);
    const state = { quota, storedToday, day, readAt: at };
    this.quotas.set(profile, state);
    return state;
  }

  private row(profile: string, day = utcDay(this.now())): UsageDay {
    const k = key(profile, day);
    let row = this.pending.get(k);
    if (!row) this.pending.set(k, (row = { profile, day, events: 0, bytes: 0, requests: 0, clips: 0 }));
    return row;
  }
}

const key = (profile: string, day: string) => `${profile}\n${day}`;

function readQuota(settings: Record<string, unknown>): Quota {
  const stored = settings[QUOTA_KEY] as Partial<Quota> | undefined;
  const events = stored?.events_per_day;
  return {
    events_per_day: typeof events === 'number' && Number.isInteger(events) && events >= 0 ? events : null,
  };
}
