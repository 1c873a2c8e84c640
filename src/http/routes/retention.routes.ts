import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { OWN, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { MAX_RETENTION_DAYS } from '../../core/retention-days.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['retention'];

const runSchema = z.object({
  id: z.number().int(),
  started_at: z.number().int(),
  finished_at: z.number().int().nullable(),
  cutoff: z.number().int().describe('events whose time was before this were due (epoch ms)'),
  from_seq: z.number().int(),
  to_seq: z.number().int(),
  events: z.number().int().describe('events archived, and removed by the run'),
  deleted: z.number().int().describe('events deleted so far'),
  archive: z.string().describe('file name: GET .../retention/archives/{archive}'),
  archive_bytes: z.number().int(),
  archive_sha256: z.string(),
  status: z.enum(['archived', 'snapshotted', 'deleted']),
});

const statusSchema = z.object({
  retention_days: z.number().int().nullable().describe('days of raw events kept; null: kept for good'),
  snapshot_seq: z.number().int().describe('the log holds no event up to this seq: they are archived'),
  running: z.boolean(),
  runs: z.array(runSchema).describe('newest first'),
});

const daysSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_RETENTION_DAYS)
  .nullable()
  .describe('days of raw events to keep (1-3650), or null to keep them for good');

export const retentionRoutes =
  ({ profiles, retention, logger }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/retention',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The profile's retention of raw events and its runs",
          description:
            'Raw events older than `retention_days` (default 90) are archived to compressed NDJSON, the archive ' +
            'checked, then deleted; sessions, rollups, viewer totals, leaderboards and clips are kept.',
          params: profileParams,
          response: { 200: statusSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        await profiles.get(req.params.profile);
        return retention.status(req.params.profile);
      },
    );

    app.put(
      '/profiles/:profile/retention',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Set how many days of raw events the profile keeps',
          params: profileParams,
          body: z.strictObject({ retention_days: daysSchema }),
          response: { 200: z.object({ retention_days: daysSchema }), ...errorResponses(404, 503) },
        },
      },
      async (req) => {
        await profiles.get(req.params.profile);
        return { retention_days: await retention.setDays(req.params.profile, req.body.retention_days) };
      },
    );

    app.post(
      '/profiles/:profile/retention/run',
      {
        config: { access: OWN },
        schema: {
          tags,
          summary: 'Run retention of the profile now',
          description:
            'Starts a run in the background (202): GET .../retention shows it. A run cut short earlier is finished ' +
            'first. 409 `RETENTION_RUNNING` while one runs.',
          params: profileParams,
          response: { 202: z.object({ started: z.literal(true) }), ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => {
        const { profile } = req.params;
        await profiles.get(profile);
        retention
          .run(profile)
          .catch((err: unknown) => logger.error({ err, profile }, 'retention run failed'));
        return reply.code(202).send({ started: true as const });
      },
    );

    app.get(
      '/profiles/:profile/retention/archives/:archive',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Download an archive of raw events retention removed (gzip-compressed NDJSON)',
          params: profileParams.extend({ archive: z.string().max(100) }),
          response: {
            200: {
              description: 'the archive',
              content: { 'application/gzip': { schema: z.string().describe('gzip-compressed NDJSON') } },
            },
            ...errorResponses(404, 503),
          },
        },
      },
      async (req, reply) => {
        const { profile, archive } = req.params;
        await profiles.get(profile);
        const file = retention.archiveFile(profile, archive);
        const size = file
          ? await stat(file).then(
              (s) => s.size,
              () => null,
            )
          : null;
        if (!file || size === null) throw new NotFoundError('ARCHIVE_NOT_FOUND', `no archive '${archive}'`);
        return (
          reply
            .header('content-type', 'application/gzip')
            .header('content-length', size)
            .header('content-disposition', `attachment; filename="${profile}-${archive}"`)
            // A stream: the schema documents the file; the serializer never sees it.
            .send(createReadStream(file) as never)
        );
      },
    );
    return Promise.resolve();
  };
