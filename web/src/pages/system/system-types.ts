import type { paths } from '../../api/openapi.gen.js';

/** What GET /api/system/resources answers: readings, history, storage, pace, shedding, advice. */
export type ResourceReport =
  paths['/api/system/resources']['get']['responses'][200]['content']['application/json'];

export type ResourceAdvice = ResourceReport['advice'][number];
