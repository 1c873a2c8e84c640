import { EDIT, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLIP_SOURCE_KINDS, CLIP_SOURCE_STATES } from '../../core/clip-source-status.js';
import {
  discordClipSettingsInputSchema,
  discordClipSettingsViewSchema,
} from '../../core/discord-clip-settings.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['clips'];

const clipSourceStatusSchema = z
  .object({
    kind: z.enum(CLIP_SOURCE_KINDS),
    stream: z.string().nullable().describe('the stream polled (Twitch), or null (Discord)'),
    state: z
      .enum(CLIP_SOURCE_STATES)
      .describe(
        'idle: waiting for its next poll, or logging in; running: polling, or connected and watching; error: the last attempt failed, retried with backoff; stopped: not configured',
      ),
    since: z.string().describe('when the state last changed (ISO-8601)'),
    failures: z.number().describe('failed attempts in a row'),
    last_error: z.object({ message: z.string(), at: z.string() }).nullable(),
    next_attempt_at: z.string().nullable().describe('when the next attempt or poll is due (ISO-8601)'),
    detail: z.string().nullable().describe('what the source did last, in plain words'),
  })
  .meta({ id: 'ClipSourceStatus' });

const settingsDoc = discordClipSettingsViewSchema.meta({ id: 'DiscordClipSettings' });
const settingsInputDoc = discordClipSettingsInputSchema.meta({ id: 'DiscordClipSettingsUpdate' });

export const clipSourcesRoutes =
  ({ profiles, clipSourceStatuses, discordClips }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/clip-sources',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "How each of the profile's clip sources is doing: its Discord bot, its Twitch clip polls",
          params: profileParams,
          response: {
            200: z.object({ sources: z.array(clipSourceStatusSchema) }),
            ...errorResponses(404, 503),
          },
        },
      },
      async (req) => {
        await profiles.get(req.params.profile);
        return { sources: clipSourceStatuses.flatMap((s) => s.statuses(req.params.profile)) };
      },
    );

    app.get(
      '/profiles/:profile/clip-sources/discord',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            "The profile's Discord clip bot: the channels it watches and whether a token is set (never the token)",
          params: profileParams,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => discordClips.getSettings(req.params.profile),
    );

    app.put(
      '/profiles/:profile/clip-sources/discord',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: "Set the profile's Discord clip bot: its token (write-only) and the channels it watches",
          description:
            'The bot reads clip links (Twitch, YouTube, TikTok) in the messages of the channels listed (none: every channel of the servers it is in) and counts their reactions. ' +
            'Its application needs the Message Content intent enabled in the developer portal, and the permissions View Channel and Read Message History in those channels. ' +
            'A token left out keeps the stored one; `null` removes it and stops the bot. Saving restarts the bot with the new settings; its status is under `GET .../clip-sources`.',
          params: profileParams,
          body: settingsInputDoc,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => discordClips.putSettings(req.params.profile, req.body),
    );
    return Promise.resolve();
  };
