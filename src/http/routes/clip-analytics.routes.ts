import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ, READ_BY_QUERY } from '../../accounts/access-rule.js';
import { CLIP_PERIODS } from '../../core/clip-periods.js';
import { slugSchema } from '../../core/slug.js';
import type {
  ClipOverview,
  ClipPeakTimes,
  ClipTimeline,
  TopClipCreators,
  TopClipGames,
  ViralClips,
} from '../../analytics/clips/clip-analytics.views.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['clip analytics'];

const periodQuery = z
  .enum(CLIP_PERIODS)
  .default('all_time')
  .describe("today, this week (Monday) or this month in the profile's time zone, or all time");
const limitQuery = z.coerce.number().int().min(1).max(100).default(10);
const bounds = {
  period: z.enum(CLIP_PERIODS),
  period_start: z.string().nullable().describe('ISO-8601; null for all time'),
  period_end: z.string().nullable(),
};
const named = z.object({ name: z.string(), clip_count: z.number() }).nullable();

const overviewSchema = z
  .object({
    ...bounds,
    total_clips: z.number(),
    total_views: z.number(),
    unique_creators: z.number(),
    unique_games: z.number(),
    discord_shares: z.number(),
    discord_reactions: z.number(),
    date_range: z
      .object({ start: z.string().nullable(), end: z.string().nullable() })
      .describe('local dates, YYYY-MM-DD'),
    top_game: named,
    top_creator: named,
  })
  .meta({ id: 'ClipOverview' });

const creatorSchema = z.object({
  creator_name: z.string(),
  creator_id: z.string(),
  creator_platform: z.string(),
  clip_count: z.number(),
  total_views: z.number(),
  avg_views: z.number(),
  discord_shares: z.number(),
  discord_reactions: z.number(),
  unique_games: z.number(),
  top_game: z.string().describe("the game they clipped most in the period ('' for clips without one)"),
});

const gameSchema = z.object({
  game_name: z.string(),
  game_id: z.string().nullable(),
  clip_count: z.number(),
  total_views: z.number(),
  avg_views: z.number(),
  discord_shares: z.number(),
  discord_reactions: z.number(),
  unique_creators: z.number(),
  top_clip_id: z.string().nullable(),
  top_clip_views: z.number().nullable(),
  top_clip: z.object({ title: z.string(), url: z.string() }).nullable(),
});

const viralClipSchema = z.object({
  seq: z.number(),
  platform: z.string(),
  clip_id: z.string(),
  url: z.string(),
  title: z.string(),
  creator_name: z.string(),
  creator_id: z.string(),
  game_name: z.string(),
  view_count: z.number(),
  discord_shares: z.number(),
  discord_reactions: z.number(),
  reaction_types: z.array(z.object({ emoji: z.string(), count: z.number() })),
  created_at: z.string(),
  thumbnail_url: z.string().nullable(),
});

const sums = { clip_count: z.number(), total_views: z.number() };

const timelineSchema = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    days: z.number(),
    timezone: z.string(),
    timeline: z.array(
      z.object({
        date: z.string().describe('the local date the period starts on, YYYY-MM-DD'),
        period_start: z.string(),
        ...sums,
        discord_shares: z.number(),
        discord_reactions: z.number(),
      }),
    ),
  })
  .meta({ id: 'ClipTimeline' });

const peakSchema = z
  .object({
    timezone: z.string(),
    hourly: z.array(z.object({ hour: z.number(), ...sums })),
    daily: z.array(z.object({ weekday: z.number().describe('0 = Monday'), day: z.string(), ...sums })),
    grid: z.array(z.object({ weekday: z.number(), hour: z.number(), ...sums })).describe('cells with clips'),
  })
  .meta({ id: 'ClipPeakTimes' });

const ENDPOINTS = {
  overview: {
    summary: 'Clip totals of a period: clips, views, creators, games, the top game and creator',
    query: { period: periodQuery },
    response: overviewSchema,
  },
  'top-creators': {
    summary: 'The clippers with the most clips in a period (the Twitch leaderboard shows three)',
    query: { period: periodQuery, limit: limitQuery },
    response: z.object({ ...bounds, creators: z.array(creatorSchema) }).meta({ id: 'TopClipCreators' }),
  },
  'top-games': {
    summary: 'The games with the most clips in a period, with their most viewed clip',
    query: { period: periodQuery, limit: limitQuery },
    response: z.object({ ...bounds, games: z.array(gameSchema) }).meta({ id: 'TopClipGames' }),
  },
  'viral-clips': {
    summary: 'The most viewed clips made in a period',
    query: {
      period: periodQuery,
      limit: limitQuery,
      min_views: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    },
    response: z
      .object({ ...bounds, min_views: z.number(), clips: z.array(viralClipSchema) })
      .meta({ id: 'ViralClips' }),
  },
  'engagement-timeline': {
    summary: 'Clips, views, Discord shares and reactions per day, week or month of the last days',
    query: {
      period: z.enum(['day', 'week', 'month']).default('day'),
      days: z.coerce.number().int().min(1).max(3660).default(30),
    },
    response: timelineSchema,
  },
  'peak-times': {
    summary: "When clips are made: by hour of day and day of week, in the profile's time zone",
    query: {},
    response: peakSchema,
  },
} as const;

type Endpoint = keyof typeof ENDPOINTS;
type ClipAnalyticsAnswer =
  ClipOverview | TopClipCreators | TopClipGames | ViralClips | ClipTimeline | ClipPeakTimes;
type Query = { period?: string; limit?: number; min_views?: number; days?: number };

/** Answers one endpoint for a profile (the query as its schema parsed it). */
function answer(deps: AppDeps, endpoint: Endpoint, profile: string, q: Query): Promise<ClipAnalyticsAnswer> {
  const s = deps.clipAnalytics;
  const period = q.period as (typeof CLIP_PERIODS)[number];
  switch (endpoint) {
    case 'overview':
      return s.overview(profile, period);
    case 'top-creators':
      return s.topCreators(profile, period, q.limit!);
    case 'top-games':
      return s.topGames(profile, period, q.limit!);
    case 'viral-clips':
      return s.viralClips(profile, period, q.limit!, q.min_views!);
    case 'engagement-timeline':
      return s.timeline(profile, period as 'day' | 'week' | 'month', q.days!);
    case 'peak-times':
      return s.peakTimes(profile);
  }
}

/**
 * The clip seed's analytics endpoints, twice: as the seed serves them (`/analytics/api/...`, the
 * profile named by `?profile=`, the default one when absent) and under the profile's clips.
 */
export const clipAnalyticsRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    for (const [endpoint, spec] of Object.entries(ENDPOINTS) as [Endpoint, (typeof ENDPOINTS)[Endpoint]][]) {
      app.get(
        `/analytics/api/${endpoint}`,
        {
          config: { access: READ_BY_QUERY },
          schema: {
            tags,
            summary: `${spec.summary} (the clip seed's path; ?profile= names the profile)`,
            querystring: z.object({
              ...spec.query,
              profile: slugSchema.optional().describe('default: the default profile'),
            }),
            response: { 200: spec.response, ...errorResponses(404, 503) },
          },
        },
        (req) => answer(deps, endpoint, req.query.profile ?? deps.defaultProfile, req.query as Query),
      );
      app.get(
        `/api/profiles/:profile/clips/analytics/${endpoint}`,
        {
          config: { access: READ },
          schema: {
            tags,
            summary: spec.summary,
            params: profileParams,
            querystring: z.object(spec.query),
            response: { 200: spec.response, ...errorResponses(404, 503) },
          },
        },
        (req) => answer(deps, endpoint, req.params.profile, req.query as Query),
      );
    }
    return Promise.resolve();
  };
