import { EDIT, READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { errorResponses } from '../error-responses.js';
import {
  deleted,
  profileParams,
  streamCreateSchema,
  streamParams,
  streamSchema,
  streamUpdateSchema,
} from '../schemas.js';

const tags = ['streams'];

export const streamsRoutes =
  ({ profiles }: AppDeps): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/streams',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "List a profile's streams",
          params: profileParams,
          response: { 200: z.object({ streams: z.array(streamSchema) }), ...errorResponses(404, 503) },
        },
      },
      async (req) => ({ streams: await profiles.listStreams(req.params.profile) }),
    );

    app.post(
      '/profiles/:profile/streams',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Add a stream (platform + channel) to a profile',
          params: profileParams,
          body: streamCreateSchema,
          response: { 201: streamSchema, ...errorResponses(404, 409, 503) },
        },
      },
      async (req, reply) => reply.code(201).send(await profiles.createStream(req.params.profile, req.body)),
    );

    app.get(
      '/profiles/:profile/streams/:stream',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Get a stream',
          params: streamParams,
          response: { 200: streamSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => profiles.getStream(req.params.profile, req.params.stream),
    );

    app.patch(
      '/profiles/:profile/streams/:stream',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Change a stream',
          params: streamParams,
          body: streamUpdateSchema,
          response: { 200: streamSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => profiles.updateStream(req.params.profile, req.params.stream, req.body),
    );

    app.delete(
      '/profiles/:profile/streams/:stream',
      {
        config: { access: EDIT },
        schema: {
          tags,
          summary: 'Remove a stream (its recorded events stay in the log)',
          params: streamParams,
          response: { 204: deleted, ...errorResponses(404, 503) },
        },
      },
      async (req, reply) => {
        await profiles.deleteStream(req.params.profile, req.params.stream);
        return reply.code(204).send();
      },
    );
    return Promise.resolve();
  };
