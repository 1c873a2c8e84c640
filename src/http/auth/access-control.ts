import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { OPEN, type AccessRule } from '../../accounts/access-rule.js';
import type { AccessService } from '../../accounts/access.service.js';
import { NOBODY, type Credentials, type Principal } from '../../accounts/principal.js';
import { csrfTokenOf } from '../../accounts/secret-token.js';
import { ForbiddenError } from '../../core/errors.js';
import { isUnsafeMethod } from '../security/browser-checks.js';
import { loginToken } from './login-cookie.js';
import { bearerToken } from './request-actor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use the route: required on every route (see accounts/access-rule.ts). */
    access?: AccessRule;
  }
  interface FastifyRequest {
    /** Who the request comes from, once the access check ran (nobody on open routes without credentials). */
    principal: Principal;
  }
}

/** The header a logged-in browser sends its CSRF token in, on POST, PUT, PATCH and DELETE. */
export const CSRF_HEADER = 'x-csrf-token';

export const csrfTokenSchema = z
  .string()
  .describe(
    `send it in the ${CSRF_HEADER} header of every POST, PUT, PATCH and DELETE made with the login cookie`,
  );

/**
 * Routes that plugins register (the API docs, the pages' hashed assets): open, and the only ones
 * allowed to state no rule.
 * Everything else that states none stops the server at start.
 */
const OPEN_PLUGIN_PREFIXES = ['/docs', '/assets/'];

const tables = new WeakMap<FastifyInstance, readonly RouteAccess[]>();

/** Keeps an app's route table, for `routeTable`. */
export function rememberRouteTable(app: FastifyInstance, table: readonly RouteAccess[]): void {
  tables.set(app, table);
}

/** Every route of an app and the rule it states, as Fastify registered them. */
export function routeTable(app: FastifyInstance): readonly RouteAccess[] {
  return tables.get(app) ?? [];
}

/** A route and the rule it states, as Fastify registered it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: AccessRule;
}

/**
 * Every route states who may use it (`config.access`), checked when it is registered; every
 * request is checked against it before its body is read: the principal comes from the bearer
 * token (API key, overlay token) or the login cookie, and a cookie-authenticated change also
 * needs the login's CSRF token in `X-CSRF-Token` (with the Origin check of the browser
 * protections, the same-origin proof). Returns the route table with the rules, which grows as
 * routes are registered. Call before the routes are registered.
 */
export function installAccessControl(
  app: FastifyInstance,
  deps: { access: AccessService; defaultProfile: string },
): RouteAccess[] {
  const table: RouteAccess[] = [];
  // Set on every routed request by the hook below (Fastify wants a non-object default).
  app.decorateRequest('principal', null as never);
  app.addHook('onRoute', (route) => {
    const access = ruleOf(route);
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (req) => {
    const rule = req.routeOptions.config.access;
    // Not found, or answered by the framework before routing.
    if (!rule) return;
    const credentials = credentialsOf(req);
    if (rule.kind === 'public') {
      // Only a change is recorded with who made it (a logout, a setup): pages and files need no lookup.
      req.principal = isUnsafeMethod(req.method)
        ? await deps.access.identify(credentials).catch(() => NOBODY)
        : NOBODY;
      return;
    }
    req.principal = await deps.access.identify(credentials);
    await deps.access.check(req.principal, rule, profileNamed(req, rule, deps.defaultProfile));
    if (req.principal.kind === 'user' && isUnsafeMethod(req.method)) checkCsrf(req, credentials);
  });
  return table;
}

function ruleOf(route: RouteOptions): AccessRule {
  const stated = route.config?.access;
  if (stated) return stated;
  if (OPEN_PLUGIN_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return OPEN;
  throw new Error(
    `route ${[route.method].flat().join(',')} ${route.url} states no access rule (config.access)`,
  );
}

function credentialsOf(req: FastifyRequest): Credentials {
  return { login: loginToken(req), bearer: bearerToken(req) };
}

/** The profile a request names, for a profile rule: its `:profile`, or `?profile=` (the default one when absent). */
function profileNamed(req: FastifyRequest, rule: AccessRule, defaultProfile: string): string | null {
  if (rule.kind !== 'profile') return null;
  const source = (rule.from === 'query' ? req.query : req.params) as Record<string, unknown> | undefined;
  const named = source?.profile;
  if (typeof named === 'string' && named.length > 0) return named;
  return rule.from === 'query' ? defaultProfile : '';
}

function checkCsrf(req: FastifyRequest, credentials: Credentials): void {
  const sent = req.headers[CSRF_HEADER];
  const expected = credentials.login ? csrfTokenOf(credentials.login) : null;
  if (typeof sent === 'string' && expected && sent.length === expected.length) {
    if (timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) return;
  }
  throw new ForbiddenError(
    'CSRF_TOKEN_INVALID',
    `a change made with the login cookie needs the login's CSRF token in the ${CSRF_HEADER} header (it is in the answer of GET /api/auth/me)`,
  );
}
