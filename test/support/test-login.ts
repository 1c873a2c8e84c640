import type { InjectOptions } from 'fastify';
import type { AccountService } from '../../src/accounts/account.service.js';
import { csrfTokenOf } from '../../src/accounts/secret-token.js';
import { LOGIN_COOKIE } from '../../src/http/auth/login-cookie.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The headers a logged-in browser sends: the login cookie and the CSRF token. */
// A type, not an interface: it passes as a headers record.
export type LoginHeaders = {
  cookie: string;
  'x-csrf-token': string;
};

/** Logs `name` in (through the service, as the login route does) and returns its headers. */
export async function loginHeaders(
  accounts: AccountService,
  name: string,
  password = TEST_PASSWORD,
): Promise<LoginHeaders> {
  const login = await accounts.login(name, password, { device: 'test', address: '127.0.0.1' });
  return { cookie: `${LOGIN_COOKIE}=${login.token}`, 'x-csrf-token': csrfTokenOf(login.token) };
}

/** A user (a server admin unless told otherwise), logged in. */
export async function createLogin(
  accounts: AccountService,
  name: string,
  { isAdmin = false }: { isAdmin?: boolean } = {},
): Promise<LoginHeaders> {
  await accounts.createUser({ name, password: TEST_PASSWORD, isAdmin });
  return loginHeaders(accounts, name);
}

/** The server admin most tests act as (created unless it exists: a restart on the same data). */
export async function createAdminLogin(accounts: AccountService): Promise<LoginHeaders> {
  try {
    return await createLogin(accounts, 'admin', { isAdmin: true });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'USER_EXISTS') throw err;
    return loginHeaders(accounts, 'admin');
  }
}

type Injected = string | InjectOptions;

/**
 * The request with `login`'s headers, unless it chose its own credentials (a cookie, an
 * Authorization header, or `cookies`).
 */
export function withLogin(request: Injected, login: LoginHeaders): InjectOptions {
  const options: InjectOptions = typeof request === 'string' ? { url: request } : request;
  const headers = (options.headers ?? {}) as Record<string, unknown>;
  const chosen = 'cookie' in headers || 'authorization' in headers || options.cookies !== undefined;
  return chosen ? options : { ...options, headers: { ...login, ...headers } };
}
