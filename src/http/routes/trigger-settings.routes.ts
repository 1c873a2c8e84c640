import { EDIT, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { triggerSettingsInputSchema, triggerSettingsViewSchema } from '../../core/trigger-settings.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['live'];
const settingsDoc = triggerSettingsViewSchema.meta({ id: 'TriggerSettings' });
const settingsInputDoc = triggerSettingsInputSchema.meta({ id: 'TriggerSettingsUpdate' });

export const triggerSettingsRoutes =
  ({ triggerSettings }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/settings/triggers',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            'Spike-trigger thresholds per signal and the trigger webhook (whether a secret is set, never the secret)',
          params: profileParams,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => triggerSettings.get(req.params.profile),
    );

    app.put(
      '/profiles/:profile/settings/triggers',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary:
            'Replace the trigger settings (every field optional: omitted ones take the defaults; a webhook without `secret` keeps its secret)',
          description:
            'A webhook URL may not hold credentials, nor name `localhost`, a cloud metadata host or an IP address that is loopback, private, link-local or otherwise not public (400 `WEBHOOK_URL_REFUSED` naming `webhook.url`) unless the server allows that host. A host name is checked by its addresses when each webhook is sent.',
          params: profileParams,
          body: settingsInputDoc,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => triggerSettings.put(req.params.profile, req.body),
    );
    return Promise.resolve();
  };
