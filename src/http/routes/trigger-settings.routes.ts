import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { triggerSettingsSchema } from '../../core/trigger-settings.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { profileParams } from '../schemas.js';

const tags = ['live'];
const settingsDoc = triggerSettingsSchema.meta({ id: 'TriggerSettings' });

export const triggerSettingsRoutes =
  ({ triggerSettings }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/settings/triggers',
      {
        schema: {
          tags,
          summary: 'Spike-trigger thresholds per signal and the trigger webhook',
          params: profileParams,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => triggerSettings.get(req.params.profile),
    );

    app.put(
      '/profiles/:profile/settings/triggers',
      {
        schema: {
          tags,
          summary: 'Replace the trigger settings (every field optional: omitted ones take the defaults)',
          params: profileParams,
          body: settingsDoc,
          response: { 200: settingsDoc, ...errorResponses(404, 503) },
        },
      },
      (req) => triggerSettings.put(req.params.profile, req.body),
    );
    return Promise.resolve();
  };
