import { UnavailableError, ValidationError, type ValidationIssue } from '../core/errors.js';
import type { ReplaySubmit } from '../ingest/replay/replay.js';

/**
 * Submits batches to a running server's push API (POST /api/profiles/:profile/events, as NDJSON)
 * with an API key of the profile that has the ingest scope. A 503 answer becomes UnavailableError
 * with its code and Retry-After (`replayFile` waits out INGEST_QUEUE_FULL); any other error answer
 * throws with the server's code, message and issues.
 */
export function serverSubmit(server: string, key: string | undefined): ReplaySubmit {
  return async (profile, events) => {
    const url = new URL(`/api/profiles/${encodeURIComponent(profile)}/events`, server);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    });
    if (res.status === 401) {
      throw new ValidationError('the server needs an API key of the profile with the ingest scope', [
        {
          field: '--key',
          message: key ? 'is not a valid API key' : 'is required with --server (or STREAMPULSE_API_KEY)',
        },
      ]);
    }
    const answer = (await res.json()) as {
      stored?: number;
      duplicates?: number;
      error?: { code: string; message: string; details?: ValidationIssue[] };
    };
    if (res.status === 503) {
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      const code = answer.error?.code ?? 'INGEST_QUEUE_FULL';
      throw new UnavailableError(code, answer.error?.message ?? res.statusText, seconds > 0 ? seconds : 1);
    }
    if (answer.error) {
      throw new ValidationError(answer.error.message, answer.error.details ?? [], answer.error.code);
    }
    return { stored: answer.stored ?? 0, duplicates: answer.duplicates ?? 0 };
  };
}
