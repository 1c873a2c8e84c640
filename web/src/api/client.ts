import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi.gen.js';

/** An error answer of the API: `{ error: { code, message, details? } }`, or a network failure. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From `Retry-After`: how long to wait before asking again (429 and 503 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

let authToken: string | null = null;

/** Sends the given token with every request (the `token` URL parameter of overlays, once accounts exist). */
export function setAuthToken(token: string | null): void {
  authToken = token;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (authToken) request.headers.set('authorization', `Bearer ${authToken}`);
  },
};

const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: Promise<string | null> | null = null;

/** Keeps the CSRF token a login or setup answered with (null after a logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token === null ? null : Promise.resolve(token);
}

/** The login's CSRF token, asked of GET /api/auth/me once (none without a login). */
function loginCsrfToken(): Promise<string | null> {
  csrfToken ??= fetch('/api/auth/me', { credentials: 'same-origin' })
    .then(async (res) => (res.ok ? ((await res.json()) as { csrf_token?: string }).csrf_token ?? null : null))
    .catch(() => null)
    .then((token) => {
      // Not kept when there is none: a login may come next.
      if (token === null) csrfToken = null;
      return token;
    });
  return csrfToken;
}

/**
 * Sends the login's CSRF token with every change made with the login cookie (the server refuses
 * those without it); a token that no longer matches (another login) is asked for again.
 */
const csrf: Middleware = {
  async onRequest({ request }) {
    if (authToken || !UNSAFE_METHODS.has(request.method)) return;
    const token = await loginCsrfToken();
    if (token) request.headers.set('x-csrf-token', token);
  },
  onResponse({ response }) {
    if (response.status === 403 || response.status === 401) csrfToken = null;
  },
};

/**
 * The API client, typed from openapi.json: `api.GET('/api/profiles/{profile}/sessions', { params })`.
 * Pass its answer to `unwrap` to get the data or an `ApiError`.
 */
export const api = createClient<paths>();
api.use(auth, csrf);

/** True for the rejection of a call cancelled through its `signal`. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * The data of an answer; rejects with an `ApiError` carrying the server's code and message on an
 * error answer, or `NETWORK` when the server cannot be reached. A cancelled call rejects as it
 * was cancelled (see `isAbort`).
 */
export async function unwrap<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await pending;
  } catch (err) {
    // fetch rejects with a TypeError when the request cannot be sent at all.
    if (err instanceof TypeError) throw new ApiError(0, 'NETWORK', 'the server cannot be reached');
    throw err;
  }
  const { response } = answer;
  if (response.ok) return answer.data as T;
  const body = answer.error as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  const error = typeof body === 'object' && body !== null ? body.error : undefined;
  // The server sends Retry-After in seconds, never as a date.
  const retryAfter = response.headers.get('retry-after');
  throw new ApiError(
    response.status,
    error?.code ?? 'HTTP_ERROR',
    error?.message ?? `HTTP ${response.status}`,
    error?.details,
    retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
  );
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The problems an error answer lists in `details`, one line each: "password: must be 12-256 characters long". */
export function errorProblems(err: unknown): string[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.map((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return String(issue);
    const { field, message } = issue as { field?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : JSON.stringify(issue);
    return typeof field === 'string' && field ? `${field}: ${text}` : text;
  });
}

/** True for the answer of a call made without a login, where one is needed. */
export function isLoginRequired(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.code === 'LOGIN_REQUIRED';
}
