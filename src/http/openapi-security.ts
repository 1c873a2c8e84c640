import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AccessRule } from '../accounts/access-rule.js';
import { CSRF_HEADER } from './auth/access-control.js';
import { LOGIN_COOKIE } from './auth/login-cookie.js';
import { errorResponses, type ErrorStatus } from './error-responses.js';

/** How a request proves who it is, as the OpenAPI document names the ways. */
export const SECURITY_SCHEMES = {
  login: {
    type: 'apiKey',
    in: 'cookie',
    name: LOGIN_COOKIE,
    description:
      `The login cookie set by POST /api/auth/login (HttpOnly). Every POST, PUT, PATCH and DELETE made with it ` +
      `also needs the login's CSRF token in the \`${CSRF_HEADER}\` header (from GET /api/auth/me, \`csrf_token\`).`,
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`spk_…`) as `Authorization: Bearer <key>`: `read` reads its profile, `manage` changes its settings, ' +
      '`ingest` pushes its events; `metrics`, which only a server admin grants, reads GET /metrics and nothing else.',
  },
  overlayToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      "A profile's overlay token (`spo_…`) as `Authorization: Bearer <token>`: reads what overlays show.",
  },
} as const;

type Requirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>;

/** The ways a rule accepts (an empty list: open to anyone). */
function requirementsOf(rule: AccessRule): Requirement[] {
  if (rule.kind === 'public') return [];
  if (rule.kind === 'metrics') return [{ login: [] }, { apiKey: ['metrics'] }];
  if (rule.kind !== 'profile') return [{ login: [] }];
  return [
    { login: [] },
    ...(rule.key ? [{ apiKey: [rule.key] }] : []),
    ...(rule.overlay ? [{ overlayToken: [] }] : []),
  ];
}

/**
 * Documents on every route who may use it (`security`, from its access rule) and the answers
 * that follow: 401 and 403 where credentials are needed, 404 for a profile one has no role in,
 * 421 for a Host that is not one of the server's. A route's own entries win. Call before the
 * routes are registered.
 */
export function documentAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema;
    const rule = route.config?.access;
    if (!schema?.response || schema.hide || !rule) return;
    const statuses: ErrorStatus[] = [
      421,
      ...(rule.kind === 'public' ? [] : ([401, 403] as const)),
      ...(rule.kind === 'profile' ? ([404] as const) : []),
    ];
    route.schema = {
      ...schema,
      security: requirementsOf(rule),
      response: { ...errorResponses(...statuses), ...schema.response },
    };
  });
}
