import { EDIT } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { voidTargetSchema } from '../../core/void-target.js';
import { displayTextSchema } from '../../core/display-text.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams, storedEventSchema } from '../schemas.js';

const voidBodySchema = z.strictObject({
  target: voidTargetSchema.describe(
    'exactly one of: {"seq": {"from", "to"}}, {"source_id", "stream"?}, {"stream", "from", "to"}',
  ),
  reason: displayTextSchema(500).describe('why: kept in the log with the void'),
  by: displayTextSchema(200).optional().describe('who asks (default "api")'),
  dry_run: z.boolean().optional().describe('only count what would be voided; record nothing'),
});

const voidResultSchema = z
  .object({
    dry_run: z.boolean(),
    voided: z.number().describe('events taken back (or that would be, for a dry run)'),
    // The void as recorded in the log; null for a dry run.
    event: storedEventSchema.nullable(),
  })
  .meta({ id: 'VoidResult' });

export const voidRoutes =
  ({ voids }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/events/void',
      {
        config: { access: EDIT },
        schema: {
          tags: ['events'],
          summary: 'Take back stored events (a recorded void)',
          description:
            'Voids the events the target names that are stored before it (by sequence range, by source id, or by stream and time range). ' +
            'The void is itself an event in the log (who, why, what); the voided events stay in the log, marked with `voided_by`, ' +
            'and stats, sessions, rollups, viewer totals, leaderboards and goals become what they would be without them. ' +
            "The profile's writes wait while the aggregates are folded again. 400 VOID_MATCHES_NOTHING when nothing matches, " +
            'VOID_TOO_LARGE above a million events (split it by sequence range).',
          params: profileParams,
          body: voidBodySchema,
          response: { 200: voidResultSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        const { target, reason, by = 'api', dry_run: dryRun = false } = req.body;
        const outcome = await voids.voidEvents(req.params.profile, { target, reason, by, dryRun });
        return { dry_run: dryRun, voided: outcome.voided, event: outcome.event };
      },
    );
    return Promise.resolve();
  };
