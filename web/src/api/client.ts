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

/**
 * The API client, typed from openapi.json: `api.GET('/api/profiles/{profile}/sessions', { params })`.
 * Pass its answer to `unwrap` to get the data or an `ApiError`.
 */
export const api = createClient<paths>();
api.use(auth);

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
  throw new ApiError(
    response.status,
    error?.code ?? 'HTTP_ERROR',
    error?.message ?? `HTTP ${response.status}`,
    error?.details,
  );
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
