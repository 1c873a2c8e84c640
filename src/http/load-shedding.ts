import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { getHeapStatistics } from 'node:v8';
import { UnavailableError } from '../core/errors.js';
import type { RefusalCause } from '../ops/system-resources.service.js';
import type { AppDeps } from './app-deps.js';
import { errorResponses } from './error-responses.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * false: answered even while the server sheds load (health and readiness, which must report
     * the overload rather than suffer it, and the System page's figures, which explain it).
     */
    shed?: boolean;
  }
}

/** What an overloaded server tells clients to wait before trying again (s). */
export const SHED_RETRY_AFTER_SECONDS = 5;
/** How often the event loop's delay and the heap are looked at (ms). */
const SAMPLE_MS = 1000;

const CAUSES: Record<string, { cause: RefusalCause; figure: (value: number) => string }> = {
  eventLoopDelay: { cause: 'event_loop_delay', figure: (v) => `event loop delay ${Math.round(v)} ms` },
  heapUsedBytes: { cause: 'heap', figure: (v) => `heap ${Math.round(v / 1024 ** 2)} MB` },
  rssBytes: { cause: 'rss', figure: (v) => `memory ${Math.round(v / 1024 ** 2)} MB` },
  eventLoopUtilization: {
    cause: 'event_loop_utilization',
    figure: (v) => `event loop busy ${Math.round(v * 100)}%`,
  },
};

/**
 * Refuses requests while the server is overloaded, before its event loop stalls: with
 * @fastify/under-pressure looking every second at the event loop's mean delay and the heap, a
 * request arriving while one is past its limit is answered 503 SERVER_OVERLOADED with
 * `Retry-After`, in the usual error body, before anything else is done for it (no login checked,
 * no body read). Routes configured `shed: false` are always answered. Every refusal is counted
 * for the System page. Call before the routes are registered (they are documented with their 503).
 */
export async function installLoadShedding(
  app: FastifyInstance,
  { shedding, resources }: Pick<AppDeps, 'shedding' | 'resources'>,
): Promise<void> {
  const heapLimit = getHeapStatistics().heap_size_limit;
  await app.register(underPressure, {
    sampleInterval: SAMPLE_MS,
    maxEventLoopDelay: shedding.eventLoopDelayMs,
    maxHeapUsedBytes: Math.floor((heapLimit * shedding.heapPercent) / 100),
    pressureHandler: (req, _reply, type, value) => {
      if (req.routeOptions.config.shed === false) return;
      const known = CAUSES[type];
      resources.recordRefusal(known?.cause ?? 'event_loop_delay');
      const figure = known && value !== undefined ? ` (${known.figure(value)})` : '';
      return Promise.reject(
        new UnavailableError(
          'SERVER_OVERLOADED',
          `the server is overloaded${figure}: retry after ${SHED_RETRY_AFTER_SECONDS} s`,
          SHED_RETRY_AFTER_SECONDS,
        ),
      );
    },
  });
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema;
    if (!schema?.response || schema.hide || route.config?.shed === false) return;
    schema.response = { ...errorResponses(503), ...schema.response };
  });
}
