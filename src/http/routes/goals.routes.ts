import { EDIT, OVERLAY_READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GOAL_METRICS, GOAL_SCOPES, goalInputSchema } from '../../core/goal.js';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import { deleted, profileParams } from '../schemas.js';

const tags = ['goals'];
const goalParams = profileParams.extend({ id: z.string().min(1).max(50) });

const goalSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    metric: z.enum(GOAL_METRICS),
    target: z.number(),
    scope: z.enum(GOAL_SCOPES),
    step: z.number().nullable().describe('stepped goal: the next target is this much further'),
    stream: z.string().nullable().describe('only this stream; null: all streams'),
    created_at: z.number(),
  })
  .meta({ id: 'Goal' });

const goalProgressSchema = goalSchema
  .extend({
    progress: z.number(),
    completed: z.number().describe('targets reached in the current period'),
    current_target: z.number(),
    percent: z.number(),
    period: z.string().describe('live session ids (s<id>+...), the local date, or all'),
  })
  .meta({ id: 'GoalProgress' });

export const goalsRoutes =
  ({ goals, goalProgress }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/goals',
      {
        config: { access: OVERLAY_READ },
        schema: {
          tags,
          summary: "A profile's goals with their progress now",
          params: profileParams,
          response: { 200: z.object({ goals: z.array(goalProgressSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ goals: await goalProgress.list(req.params.profile) }),
    );

    app.post(
      '/profiles/:profile/goals',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Create a goal',
          params: profileParams,
          body: goalInputSchema,
          response: { 201: goalSchema, ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => reply.code(201).send(await goals.create(req.params.profile, req.body)),
    );

    app.put(
      '/profiles/:profile/goals/:id',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Replace a goal (its progress follows the new settings at once)',
          params: goalParams,
          body: goalInputSchema,
          response: { 200: goalSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => goals.update(req.params.profile, req.params.id, req.body),
    );

    app.delete(
      '/profiles/:profile/goals/:id',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Delete a goal',
          params: goalParams,
          response: { 204: deleted, ...errorResponses(404, 503) },
        },
      },
      async (req, reply) => {
        await goals.delete(req.params.profile, req.params.id);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
