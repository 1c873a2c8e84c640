import { PUSH, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clipCaptureSchema } from '../../core/clip-capture.js';
import { MAX_CLIPS_PER_PUSH } from '../../ingest/clips/clip-push.service.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { serviceValidatedBody } from '../service-validated-body.js';
import { profileParams, seqPageQuery } from '../schemas.js';

const tags = ['clips'];

const clipCaptureDoc = clipCaptureSchema.meta({ id: 'ClipCapture' });

const storedClipSchema = z
  .object({
    seq: z.number().describe("the clip's place in the profile's clips, in order of first sight"),
    platform: z.enum(['twitch', 'youtube', 'tiktok']),
    clip_id: z.string().describe("the clip's id on its platform (a Twitch clip slug, ...)"),
    url: z.string().describe('one canonical link, whichever way the clip was shared'),
    title: z.string(),
    creator_platform: z.string(),
    creator_id: z.string(),
    creator_name: z.string(),
    game_id: z.string().nullable(),
    game_name: z.string(),
    broadcaster_id: z.string().nullable(),
    broadcaster_name: z.string().nullable(),
    stream: z.string().nullable().describe("the profile's stream it was clipped from, when known"),
    created_at: z.number().describe('epoch ms'),
    duration: z.number().nullable().describe('seconds'),
    vod_offset: z.number().nullable().describe("seconds into the broadcast's recording"),
    thumbnail_url: z.string().nullable(),
    view_count: z.number(),
    discord_shares: z.number(),
    discord_reactions: z.number(),
    reaction_types: z.array(z.object({ emoji: z.string(), count: z.number() })).describe('most first'),
    first_seen: z.number().describe('epoch ms'),
    last_updated: z.number().describe('epoch ms'),
  })
  .meta({ id: 'Clip' });

export const clipsRoutes =
  ({ clips, reads }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.post(
      '/profiles/:profile/clips',
      {
        // Clips are data, like events; the audit trail is for changes.
        config: { access: PUSH, audit: false },
        schema: {
          tags,
          summary: 'Push clips a tool collected, with an ingest key or as an editor',
          description:
            `A JSON array of 1 to ${MAX_CLIPS_PER_PUSH} clips in the clip seed's capture shape (a Helix Get Clips item's fields may come along). ` +
            'Atomic: if any clip is invalid, the answer is 400 listing the problems (index and field; at most 100, with their `total`) and nothing is stored. ' +
            'Idempotent: a clip is one per platform id, whichever of its links is pushed; pushing it again updates its title, people and counts and never duplicates it ' +
            '(Discord counts only when given). A changed view count is kept as a reading of its history.',
          params: profileParams,
          body: z.array(clipCaptureDoc),
          response: {
            200: z.object({
              received: z.number(),
              clips: z.number().describe('distinct clips among those received'),
              created: z.number().describe('clips new to the profile'),
              updated: z.number().describe('clips it had already'),
            }),
            ...errorResponses(404, 413, 503),
          },
        },
        validatorCompiler: serviceValidatedBody,
      },
      (req) => clips.push(req.params.profile, req.body),
    );

    app.get(
      '/profiles/:profile/clips',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "Page through the profile's clips, in order of first sight",
          params: profileParams,
          querystring: seqPageQuery('clips', 1000, 100),
          response: {
            200: z.object({ clips: z.array(storedClipSchema), next: z.number().nullable() }),
            ...errorResponses(404, 503),
          },
        },
      },
      (req) => reads.listClips(req.params.profile, req.query.after, req.query.limit),
    );

    app.get(
      '/profiles/:profile/clips/:seq/views',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "A clip's view count as read over time, oldest first",
          params: profileParams.extend({ seq: z.coerce.number().int().min(1).describe("the clip's seq") }),
          response: {
            200: z.object({
              views: z.array(z.object({ at: z.number().describe('epoch ms'), view_count: z.number() })),
            }),
            ...errorResponses(404, 503),
          },
        },
      },
      async (req) => ({ views: await reads.listClipViews(req.params.profile, req.params.seq) }),
    );

    app.get(
      '/profiles/:profile/clips/:seq/shares',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "The Discord messages that shared a clip, as StreamPulse's bot saw them, oldest first",
          description: 'At most 1,000. A deleted message no longer shares the clip.',
          params: profileParams.extend({ seq: z.coerce.number().int().min(1).describe("the clip's seq") }),
          response: {
            200: z.object({
              shares: z.array(
                z.object({
                  platform: z.string(),
                  clip_id: z.string(),
                  url: z.string().describe('the clip as linked (canonical)'),
                  guild_id: z.string(),
                  channel_id: z.string(),
                  message_id: z.string(),
                  author_id: z.string(),
                  author_name: z.string(),
                  at: z.number().describe('when the message was posted, epoch ms'),
                }),
              ),
            }),
            ...errorResponses(404, 503),
          },
        },
      },
      async (req) => ({ shares: await reads.listClipShares(req.params.profile, req.params.seq) }),
    );
    return Promise.resolve();
  };
