import { NotFoundError } from '../../core/errors.js';
import { viewerLevel, type ViewerLevel } from '../../core/viewer-level.js';
import type { ProfileService } from '../../profiles/profile.service.js';
import type {
  ProfileStores,
  SessionReads,
  ViewerQuery,
  ViewerReads,
  ViewerSessionEntry,
  ViewerSummary,
} from '../../store/ports.js';

export type ViewerProfile = ViewerSummary & ViewerLevel;

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
    const recent = await store.listViewerSessions(userId, RECENT_SESSIONS);
    return { ...withLevel(viewer), recent_sessions: recent };
  }
}

function withLevel(v: ViewerSummary): ViewerProfile {
  return { ...v, ...viewerLevel(v) };
}
