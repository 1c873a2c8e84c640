import type { ApiOperations } from './openapi.gen.js';

/** An operation key such as `GET /api/profiles/{profile}/stats`. */
export type Operation = keyof ApiOperations;
type Op<K extends Operation> = ApiOperations[K];

/** What a call takes: path parameters, query and body, each only when the operation has them. */
export type CallArgs<K extends Operation> = ([Op<K>['path']] extends [never]
  ? object
  : { path: Op<K>['path'] }) &
  ([Op<K>['query']] extends [never] ? object : { query?: Op<K>['query'] }) &
  ([Op<K>['body']] extends [never] ? object : { body: Op<K>['body'] });

/** An error answer of the API: `{ error: { code, message, details? } }`, or a network failure. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let authToken: string | null = null;

/** Sends the given token with every request (the `token` URL parameter of overlays, once accounts exist). */
export function setAuthToken(token: string | null): void {
  authToken = token;
}

/** Builds the URL of an operation from its template and arguments. */
export function operationUrl(
  template: string,
  path: Record<string, string> = {},
  query: object = {},
): string {
  const url = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(path[name] ?? ''));
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, string | number | undefined>)) {
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Calls one API operation, typed from openapi.json; rejects with an `ApiError` on any error answer. */
export async function call<K extends Operation>(
  operation: K,
  args: CallArgs<K>,
  signal?: AbortSignal,
): Promise<Op<K>['response']> {
  const [method, template] = operation.split(' ') as [string, string];
  const a = args as { path?: Record<string, string>; query?: object; body?: unknown };
  const headers: Record<string, string> = {};
  if (a.body !== undefined) headers['content-type'] = 'application/json';
  if (authToken) headers.authorization = `Bearer ${authToken}`;
  let res: Response;
  try {
    res = await fetch(operationUrl(template, a.path, a.query), {
      method,
      headers,
      body: a.body === undefined ? null : JSON.stringify(a.body),
      signal: signal ?? null,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK', 'the server cannot be reached');
  }
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${res.status}`);
  }
  return json as Op<K>['response'];
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
