import type { ProfileParts } from '../profiles/profile-parts.js';
import type { StoreEngine } from '../store/ports.js';
import { DriversService } from './drivers/drivers.service.js';
import { GoalProgressService } from './goals/goal-progress.service.js';
import { LeaderboardService } from './leaderboards/leaderboard.service.js';
import { PeakTimesService } from './peak-times/peak-times.service.js';
import { ProfileReadService } from './profile-read.service.js';
import { SessionReportService } from './session-report/session-report.service.js';
import { ViewerService } from './viewers/viewer.service.js';
import { ClipAnalyticsService } from './clips/clip-analytics.service.js';
import { ClipTriggersService } from './clip-moments/clip-triggers.service.js';

/** The read half: what the API and the live views ask about a profile's history. */
export interface AnalyticsParts {
  reads: ProfileReadService;
  leaderboards: LeaderboardService;
  sessionReports: SessionReportService;
  drivers: DriversService;
  goalProgress: GoalProgressService;
  viewers: ViewerService;
  peakTimes: PeakTimesService;
  clipTriggers: ClipTriggersService;
  clipAnalytics: ClipAnalyticsService;
}

export function createAnalyticsParts(
  engine: StoreEngine,
  { profiles, goals, triggerSettings }: Pick<ProfileParts, 'profiles' | 'goals' | 'triggerSettings'>,
): AnalyticsParts {
  return {
    reads: new ProfileReadService(profiles, engine),
    leaderboards: new LeaderboardService(profiles, engine),
    sessionReports: new SessionReportService(profiles, engine, triggerSettings),
    drivers: new DriversService(profiles, engine),
    goalProgress: new GoalProgressService(profiles, goals, engine),
    viewers: new ViewerService(profiles, engine),
    peakTimes: new PeakTimesService(profiles, engine),
    clipTriggers: new ClipTriggersService(profiles, engine, triggerSettings),
    clipAnalytics: new ClipAnalyticsService(profiles, engine),
  };
}
