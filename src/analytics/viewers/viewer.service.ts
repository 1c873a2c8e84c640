import { NotFoundError } from '../../core/errors.js';
import { viewerLevel, type ViewerLevel } from '../../core/viewer-level.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type { SessionViewerTotals } from '../../core/aggregates.js';
import type {
  ProfileStores,
  SessionReads,
  ViewerQuery,
  ViewerReads,
  ViewerSummary,
} from '../../store/ports.js';

export type ViewerProfile = ViewerSummary & ViewerLevel;

/** A session a viewer took part in, with what they did there. */
export type ViewerSessionEntry = SessionViewerTotals & { stream: string | null; started_at: number | null };

const RECENT_SESSIONS = 20;

/** Viewer profiles: totals, sessions attended, XP and level; search by name. */
export class ViewerService {
  constructor(
    private readonly profiles: ProfileService,
    private readonly engine: ProfileStores<ViewerReads & SessionReads>,
  ) {}

  async list(profile: string, query: ViewerQuery): Promise<{ viewers: ViewerProfile[]; total: number }> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const { viewers, total } = await store.listViewers(query);
    return { viewers: viewers.map(withLevel), total };
  }

  async get(
    profile: string,
    userId: string,
  ): Promise<ViewerProfile & { recent_sessions: ViewerSessionEntry[] }> {
    await this.profiles.get(profile);
    const store = await this.engine.openProfile(profile);
    const viewer = await store.getViewer(userId);
    if (!viewer) {
      throw new NotFoundError(
        'VIEWER_NOT_FOUND',
        `viewer '${userId}' has no activity in profile '${profile}'`,
      );
    }
    const sessions = await store.listViewerSessions(userId, RECENT_SESSIONS);
    const recent = await Promise.all(
      sessions.map(async (s) => {
        const session = await store.getSession(s.session_id);
        return { ...s, stream: session?.stream ?? null, started_at: session?.started_at ?? null };
      }),
    );
    return { ...withLevel(viewer), recent_sessions: recent };
  }
}

function withLevel(v: ViewerSummary): ViewerProfile {
  return { ...v, ...viewerLevel(v) };
}
