import type { Logger } from 'pino';
import { NotFoundError } from '../../core/errors.js';
import type { LiveEvent } from '../../core/live-event.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type {
  EventLog,
  Platform,
  ProfileStores,
  SessionReads,
  SystemStore,
  ViewerReads,
} from '../../store/ports.js';
import type { ConnectorService } from '../connector.service.js';
import { backfillDemoHistory, type DemoHistoryOutcome } from './demo-history.js';
import { DEMO_STREAMS, ensureDemoProfile } from './demo-profile.js';
import type { StreamFollowers } from './simulated-audience.js';
import { loadStoredFollowers } from './stored-followers.js';
import { simulatorConnectorFactory } from './simulator.connector.js';

/** The live demo's seed; its history draws the same audiences from it. */
export const DEMO_SEED = 1;
/** How much past a fresh demo profile starts with. */
export const DEMO_HISTORY_DAYS = 28;
/**
 * A profile setting saying the demo streams' `enabled` marks are this version's: older versions
 * created them unmarked and ran them at every start regardless.
 */
const DEMO_SETUP_KEY = 'demo_setup';
const DEMO_SETUP_VERSION = 2;

export interface DemoDeps {
  profiles: ProfileService;
  connectors: Pick<ConnectorService, 'useSource'>;
  engine: ProfileStores<
    Pick<EventLog, 'currentState'> & Pick<SessionReads, 'listSessions'> & Pick<ViewerReads, 'listViewers'>
  > & {
    system: Pick<SystemStore, 'getSettings' | 'putSetting'>;
  };
  submit: (profile: string, events: readonly LiveEvent[]) => Promise<{ stored: number }>;
  log: Logger;
  now: () => number;
  /** The session grace: the history's last broadcast ends at least this long before now. */
  sessionGraceMs: number;
  /**
   * Stores what a finished session of the history says (its drivers), so trends across sessions
   * cover the whole history at once instead of the few latest sessions the background job takes.
   */
  analyseSession?: (profile: string, sessionId: number) => Promise<unknown>;
}

/**
 * Sets the demo profile up and hands its streams to the simulator: created enabled (connected at
 * every start until disconnected), fed by the simulator whenever connected. A profile with no
 * events at all first gets `DEMO_HISTORY_DAYS` of past broadcasts, in the background; the live
 * channels go on air once it is stored, so their events follow it. Resolves once the streams are
 * set up; `history` resolves once the history is stored (null when none was added), `analysed`
 * once its sessions are analysed (how many). Neither rejects: a failure is logged and the live
 * demo runs anyway.
 */
export async function startDemo(
  deps: DemoDeps,
  profile: string,
): Promise<{ history: Promise<DemoHistoryOutcome | null>; analysed: Promise<number | null> }> {
  const streams = await ensureDemoStreams(deps, profile);
  // Whoever follows in the history, or followed before a restart, does not follow again live.
  const isFresh = await isEmpty(deps, profile);
  const followers = isFresh ? new Map<string, Set<string>>() : await readFollowers(deps, profile, streams);
  const history = isFresh ? addHistory(deps, profile, streams, followers) : Promise.resolve(null);
  const factory = simulatorConnectorFactory({ seed: DEMO_SEED, after: history, followers });
  for (const s of streams) deps.connectors.useSource(profile, s.id, factory);
  const analysed = history
    .then((outcome) => (outcome ? analyseHistory(deps, profile) : null))
    .catch((err: unknown) => {
      deps.log.warn(
        { err, profile },
        'demo history not analysed; the background job takes the latest sessions',
      );
      return null;
    });
  return { history, analysed };
}

/**
 * With the demo off, its streams (if the profile exists) are not connected at all: their channels
 * are made up, and connecting the platform's own connector to them could only fail.
 */
export async function keepDemoOff(
  deps: Pick<DemoDeps, 'profiles' | 'connectors'>,
  profile: string,
): Promise<void> {
  // No demo profile (the demo never ran here): nothing to keep off.
  const existing = await deps.profiles.listStreams(profile).catch((err: unknown) => {
    if (err instanceof NotFoundError) return [];
    throw err;
  });
  for (const s of DEMO_STREAMS) {
    if (existing.some((e) => e.id === s.id && e.channel === s.channel))
      deps.connectors.useSource(profile, s.id, null);
  }
}

async function ensureDemoStreams(deps: DemoDeps, profile: string) {
  await ensureDemoProfile(deps.profiles, profile, { enabled: true });
  const settings = await deps.engine.system.getSettings(profile);
  if (settings[DEMO_SETUP_KEY] === undefined) {
    // Set up by an older version, which ran the demo streams whatever their mark said: say so.
    for (const s of await deps.profiles.listStreams(profile)) {
      const isDemo = DEMO_STREAMS.some((d) => d.id === s.id && d.channel === s.channel);
      if (isDemo && !s.enabled) await deps.profiles.updateStream(profile, s.id, { enabled: true });
    }
    await deps.engine.system.putSetting(profile, DEMO_SETUP_KEY, DEMO_SETUP_VERSION);
  }
  const ids = new Set(DEMO_STREAMS.map((d) => d.id));
  return (await deps.profiles.listStreams(profile)).filter((s) => ids.has(s.id));
}

/** Analyses every finished session of the profile (just the history); returns how many. */
async function analyseHistory(deps: DemoDeps, profile: string): Promise<number> {
  const analyse = deps.analyseSession;
  if (!analyse) return 0;
  const store = await deps.engine.openProfile(profile);
  let analysed = 0;
  for (const session of await store.listSessions({ limit: 1000 })) {
    if (session.ended_at === null) continue;
    await analyse(profile, session.id);
    analysed += 1;
  }
  return analysed;
}

/** The stored followers of the demo streams, or none when they cannot be read (logged). */
async function readFollowers(
  deps: DemoDeps,
  profile: string,
  streams: readonly { id: string }[],
): Promise<StreamFollowers> {
  try {
    const store = await deps.engine.openProfile(profile);
    const ids = streams.map((s) => s.id);
    return await loadStoredFollowers(store, ids);
  } catch (err) {
    deps.log.warn({ err, profile }, 'demo followers not read; past followers may follow again');
    return new Map<string, Set<string>>();
  }
}

/** No event was ever stored in the profile: nothing of the user's to mix the history with. */
async function isEmpty(deps: DemoDeps, profile: string): Promise<boolean> {
  const store = await deps.engine.openProfile(profile);
  return store.currentState().streams.size === 0 && (await store.listSessions({ limit: 1 })).length === 0;
}

function addHistory(
  deps: DemoDeps,
  profile: string,
  streams: readonly { id: string; platform: Platform }[],
  followers: StreamFollowers,
): Promise<DemoHistoryOutcome | null> {
  const startedAt = deps.now();
  return (async () => {
    const timeZone = await deps.profiles.getTimeZone(profile);
    return backfillDemoHistory({
      submit: deps.submit,
      profile,
      streams,
      seed: DEMO_SEED,
      now: startedAt,
      days: DEMO_HISTORY_DAYS,
      timeZone,
      clearMs: deps.sessionGraceMs,
      followers,
    });
  })().then(
    (outcome) => {
      deps.log.info({ profile, ...outcome, ms: deps.now() - startedAt }, 'demo history stored');
      return outcome;
    },
    (err: unknown) => {
      deps.log.error({ err, profile }, 'demo history not stored; the live demo runs without it');
      return null;
    },
  );
}
