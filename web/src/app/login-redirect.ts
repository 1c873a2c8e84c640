import type { Middleware } from 'openapi-fetch';
import { navigate } from './router.js';

/** Pages used without a login: a 401 on them is the page's own business. */
export const ENTRY_PAGES: ReadonlySet<string> = new Set(['/login', '/setup']);

/** Calls whose 401 is an answer, not a failure: the header asks who is logged in. */
const LOGIN_PROBES: ReadonlySet<string> = new Set(['/api/auth/me']);

/** The login page, coming back to `next` (a path of this app) once logged in. */
export function loginPath(next: string): string {
  return next === '/' ? '/login' : `/login?${new URLSearchParams({ next }).toString()}`;
}

/**
 * Where to go after logging in: `next` when it is a path of this app (never another origin, such
 * as `//example.com` or `/\example.com`, and never a login or setup page), else the dashboard.
 */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const url = new URL(next, window.location.origin);
  if (url.origin !== window.location.origin || ENTRY_PAGES.has(url.pathname)) return '/';
  return url.pathname + url.search + url.hash;
}

interface ErrorAnswer {
  error?: { code?: unknown };
}

/**
 * Sends the user to the login page, and back here afterwards, when any call answers 401
 * LOGIN_REQUIRED (the login is missing or has ended). Installed once, by the dashboard: overlays
 * run in streaming software, where a login page helps nobody.
 */
export const redirectOnLoginRequired: Middleware = {
  async onResponse({ schemaPath, response }) {
    if (response.status !== 401 || LOGIN_PROBES.has(schemaPath)) return;
    const { pathname, search } = window.location;
    if (ENTRY_PAGES.has(pathname)) return;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as ErrorAnswer | null;
    // Other 401s (a wrong current password) belong to the form that made the call.
    if (body?.error?.code !== 'LOGIN_REQUIRED') return;
    // Replaced, so that Back does not return to a page that sends here again.
    navigate(loginPath(pathname + search), true);
  },
};
