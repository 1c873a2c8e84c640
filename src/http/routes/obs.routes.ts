import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EDIT, READ } from '../../accounts/access-rule.js';
import { MAX_OBS_HEALTH_DAYS, MAX_OBS_RECORDINGS } from '../../analytics/obs/obs-history.service.js';
import { OBS_FILE_KINDS } from '../../core/obs-readings.js';
import { obsSettingsInputSchema, obsSettingsViewSchema } from '../../core/obs-settings.js';
import { OBS_LINK_STATES } from '../../core/obs-status.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { instantParam, profileParams } from '../schemas.js';

const tags = ['obs'];
const DAY_MS = 86_400_000;

const statusSchema = z
  .object({
    state: z
      .enum(OBS_LINK_STATES)
      .describe(
        'connecting; connected: readings are taken; waiting: OBS cannot be reached, tried again with backoff; error: OBS refused the link (password); stopped: no OBS link set up',
      ),
    since: z.string().describe('when the state last changed (ISO-8601)'),
    failures: z.number().describe('failed attempts in a row'),
    last_error: z.object({ message: z.string(), at: z.string() }).nullable(),
    next_attempt_at: z.string().nullable().describe('when the next attempt is due (ISO-8601)'),
    obs_version: z.string().nullable(),
    streaming: z.boolean(),
    recording: z.boolean(),
    replay_buffer: z
      .boolean()
      .describe("whether OBS's replay buffer is running (it must be, to save a replay)"),
  })
  .meta({ id: 'ObsStatus' });

const linkSchema = z
  .object({ settings: obsSettingsViewSchema, status: statusSchema })
  .meta({ id: 'ObsLink' });

const healthMinuteSchema = z.object({
  minute: z.number().describe("the minute's start (epoch ms)"),
  samples: z.number(),
  bitrate_avg_kbps: z.number().nullable().describe('null when no sample of the minute had a bitrate'),
  bitrate_min_kbps: z.number().nullable(),
  fps_avg: z.number(),
  fps_min: z.number(),
  dropped_frames: z.number().describe('frames the stream output dropped (network) in the minute'),
  output_frames: z.number().describe('frames the stream output handled in the minute'),
  encode_skipped_frames: z.number(),
  render_skipped_frames: z.number(),
  cpu_max_percent: z.number(),
  memory_max_mb: z.number(),
  congestion_max: z.number().nullable(),
});

const recordingSchema = z
  .object({
    id: z.number(),
    kind: z.enum(OBS_FILE_KINDS),
    path: z.string().describe('the file on the machine OBS runs on'),
    at: z.number().describe('when OBS reported it written (epoch ms)'),
    size_bytes: z.number().nullable(),
    duration_ms: z.number().nullable(),
    codec: z.string().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
  })
  .meta({ id: 'ObsRecording' });

const rangeQuery = z.object({ from: instantParam, to: instantParam }).superRefine((q, ctx) => {
  if (q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  if (q.to - q.from > MAX_OBS_HEALTH_DAYS * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must be at most ${MAX_OBS_HEALTH_DAYS} days after from`,
    });
  }
});

const kindsQuery = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const kinds = v ? v.split(',') : [];
    const unknown = kinds.filter((k) => !(OBS_FILE_KINDS as readonly string[]).includes(k));
    if (unknown.length > 0)
      ctx.addIssue({ code: 'custom', message: `must be among ${OBS_FILE_KINDS.join(', ')}` });
    return kinds as (typeof OBS_FILE_KINDS)[number][];
  })
  .describe(`comma-separated kinds (${OBS_FILE_KINDS.join(', ')}); all when left out`);

/** The profile's link to OBS Studio: settings and status, a replay saved on demand, health and files. */
export const obsRoutes =
  ({ obsLinks, obsHistory }: Pick<AppDeps, 'obsLinks' | 'obsHistory'>): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/obs',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The profile's OBS link: its settings (never the password) and how it is doing",
          params: profileParams,
          response: { 200: linkSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => ({
        settings: await obsLinks.getSettings(req.params.profile),
        status: obsLinks.status(req.params.profile),
      }),
    );

    app.put(
      '/profiles/:profile/obs',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary:
            "Set the profile's OBS link: obs-websocket's address, its password (write-only) and what the link does",
          description:
            'OBS 28 or newer: enable Tools > WebSocket Server Settings > Enable WebSocket server, and give its address (ws://127.0.0.1:4455 when OBS runs on this machine) and password. ' +
            "While connected, StreamPulse reads OBS's stream health every `interval_seconds`, records the files OBS writes (recordings, replay saves, screenshots), and lets the recording status of the streams listed follow OBS's. " +
            'A password left out keeps the stored one; `null` removes it. An address of `null` removes the link. Saving restarts the link.',
          params: profileParams,
          body: obsSettingsInputSchema.meta({ id: 'ObsSettingsUpdate' }),
          response: { 200: linkSchema, ...errorResponses(404, 503) },
        },
      },
      async (req) => ({
        settings: await obsLinks.putSettings(req.params.profile, req.body),
        status: obsLinks.status(req.params.profile),
      }),
    );

    app.post(
      '/profiles/:profile/obs/replay',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: "Ask OBS to save its replay buffer now (the file appears among the profile's recordings)",
          params: profileParams,
          response: { 202: z.object({ requested: z.literal(true) }), ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => {
        await obsLinks.saveReplay(req.params.profile);
        return reply.code(202).send({ requested: true });
      },
    );

    app.get(
      '/profiles/:profile/obs/health',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            "OBS's stream health by minute over a time range: bitrate, frame rate, dropped and skipped frames, CPU, memory",
          params: profileParams,
          querystring: rangeQuery,
          response: { 200: z.object({ minutes: z.array(healthMinuteSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({
        minutes: await obsHistory.health(req.params.profile, req.query.from, req.query.to),
      }),
    );

    app.get(
      '/profiles/:profile/obs/recordings',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'The files OBS wrote in a time range: recordings, replay saves, screenshots, oldest first',
          params: profileParams,
          querystring: z.object({
            from: instantParam,
            to: instantParam,
            kind: kindsQuery,
            limit: z.coerce.number().int().min(1).max(MAX_OBS_RECORDINGS).default(100),
          }),
          response: { 200: z.object({ recordings: z.array(recordingSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({
        recordings: await obsHistory.recordings(
          req.params.profile,
          req.query.from,
          req.query.to,
          req.query.limit,
          req.query.kind,
        ),
      }),
    );
    return Promise.resolve();
  };
