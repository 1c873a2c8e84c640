import { READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RESOLUTIONS, type Resolution } from '../../analytics/session-report/session-report.js';
import type { SessionReportService } from '../../analytics/session-report/session-report.service.js';
import {
  clipTriggerParams,
  clipTriggerQueryOf,
  sessionClipSchema,
  sessionClipTriggersSchema,
} from '../clip-trigger-schemas.js';
import { errorResponses } from '../error-responses.js';
import { counterShape, instantParam, profileParams, sessionSchema } from '../schemas.js';

const viewerStatsSchema = z
  .object({
    last: z.number().nullable().describe('the latest reading'),
    min: z.number().nullable(),
    max: z.number().nullable(),
    avg: z.number().nullable().describe('mean of the readings'),
  })
  .describe('null fields: no reading in the bucket')
  .meta({ id: 'ViewerStats' });

const timelineBucketSchema = z
  .object({
    at: z.number().describe('bucket start, epoch ms, aligned to the resolution'),
    viewers: viewerStatsSchema,
    events: z.number(),
    ...counterShape,
  })
  .meta({ id: 'TimelineBucket' });

const reportSummarySchema = z
  .object({
    duration_ms: z.number(),
    peak_viewers: z.number(),
    peak_at: z.number().nullable().describe('when the peak was read, epoch ms; null without readings'),
    avg_viewers: z.number().nullable(),
    unique_viewers: z.number().nullable().describe("exact for the session's stream, else null"),
    unique_chatters: z.number().nullable().describe("exact for the session's stream, else null"),
    events: z.number(),
    ...counterShape,
  })
  .meta({ id: 'ReportSummary' });

const sessionReportSchema = z
  .object({
    session: sessionSchema,
    window: z
      .object({
        from: z.number(),
        to: z.number(),
        partial: z.boolean().describe('true when the report covers part of the session only'),
      })
      .describe(
        'epoch ms: the part of the session covered; the whole session (to its end, or latest event while live), or its last 7 days when longer, or the part asked for',
      ),
    resolution: z.number().describe('timeline bucket size, minutes'),
    streams: z
      .array(
        z.object({
          stream: z.string(),
          summary: reportSummarySchema,
          timeline: z.array(timelineBucketSchema),
        }),
      )
      .describe("the session's stream first, then every other stream active in the window"),
    combined: z
      .object({ summary: reportSummarySchema, timeline: z.array(timelineBucketSchema) })
      .describe(
        "all streams together; viewers per minute are the sum of each stream's last reading, carried forward across minutes without one",
      ),
    clips: z
      .array(sessionClipSchema)
      .describe(
        "the clips of the session's stream placed in the window, in moment order (the 500 most viewed when there are more)",
      ),
    clip_triggers: sessionClipTriggersSchema.describe(
      "the spike triggers replayed over the session's stream in the window, matched against its clips",
    ),
  })
  .meta({ id: 'SessionReport' });

const resolutionSchema = z
  .enum(
    RESOLUTIONS.map(String) as [string, ...string[]],
    `must be one of ${RESOLUTIONS.join(', ')} (minutes)`,
  )
  .transform((v) => Number(v) as Resolution)
  .optional()
  .describe(
    'timeline bucket size in minutes; by default 1 under 2 h, 5 under 12 h, else 15; a timeline holds at most 1,500 buckets (400 RESOLUTION_TOO_FINE beyond)',
  );

/** `GET /profiles/:profile/sessions/:id/report`: a session's summary and timeline, per stream and combined. */
export const sessionReportRoutes =
  ({ sessionReports }: { sessionReports: SessionReportService }): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/sessions/:id/report',
      {
        config: { access: READ },
        schema: {
          tags: ['sessions'],
          summary: 'Report of one session: summary and timeline, per stream and combined',
          description:
            'Reads aggregates only, and at most 7 days of the session at once: a longer session is reported over its last 7 days unless `from` and `to` name another part (at most 7 days long). ' +
            "Clips of the session's stream are placed on its timeline (the start plus their offset into the recording, else when they were made less their length); " +
            "the spike detectors are replayed minute by minute over the session's stream with the profile's trigger settings, or those named as `<signal>.<setting>`, and their triggers matched against the clips. " +
            '400 RESOLUTION_TOO_FINE when the timeline would hold more than 1,500 buckets, REPORT_TOO_LARGE when the window holds more than 60,000 stream-minutes.',
          params: profileParams.extend({ id: z.coerce.number().int().positive() }),
          querystring: z.object({
            resolution: resolutionSchema,
            from: instantParam
              .optional()
              .describe('start of the part of the session to report (epoch ms or ISO-8601)'),
            to: instantParam.optional().describe('end of the part of the session to report'),
            ...clipTriggerParams,
          }),
          response: { 200: sessionReportSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => {
        const { resolution, from, to } = req.query;
        return sessionReports.getReport(req.params.profile, req.params.id, {
          resolution,
          from,
          to,
          clipTriggers: clipTriggerQueryOf(req.query),
        });
      },
    );
    return Promise.resolve();
  };
