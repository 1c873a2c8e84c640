import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { LIVE_WINDOW_MS } from './live-axes.js';
import { mergeReports, sessionsCovering, type RecentMinutes } from './recent-minutes.js';

/** The last minutes of a profile, and which of its streams are live (have an open session). */
export interface RecentView extends RecentMinutes {
  liveStreams: string[];
}

export interface RecentState {
  /** Null until the first read answers. */
  recent: RecentView | null;
  /** Why the last read failed (null when it did not); what was read before stays. */
  error: string | null;
}

/** Rollups are read again at most this often while events arrive. */
const REREAD_MS = 5000;

/**
 * The profile's per-minute rollups of the last `LIVE_WINDOW_MS` (by event time), combined and
 * per stream: read when the page opens, then again after `changes` moves (a stats reading), at
 * most once per `REREAD_MS` and never two reads at once (a slow server is not asked faster than
 * it answers).
 */
export function useRecentMinutes(profile: string, changes: number): RecentState {
  const [state, setState] = useState<RecentState>({ recent: null, error: null });
  const [generation, setGeneration] = useState(0);
  const [isReading, setReading] = useState(true);
  const readAt = useRef(0);
  const readAfter = useRef(changes);

  useEffect(() => {
    const abort = new AbortController();
    readAt.current = Date.now();
    readRecentMinutes(profile, abort.signal)
      .then(
        (recent) => setState({ recent, error: null }),
        // Keep what was read before; the next stats reading asks again.
        (err: unknown) => setState((s) => ({ ...s, error: String(err) })),
      )
      .finally(() => setReading(false));
    return () => abort.abort();
  }, [profile, generation]);

  useEffect(() => {
    if (isReading || changes === readAfter.current) return;
    const timer = setTimeout(
      () => {
        readAfter.current = changes;
        setReading(true);
        setGeneration((g) => g + 1);
      },
      Math.max(0, readAt.current + REREAD_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [changes, isReading]);

  return state;
}

/** The reports of the sessions that cover the last minutes, as one set of minutes. */
async function readRecentMinutes(profile: string, signal: AbortSignal): Promise<RecentView> {
  const to = Date.now();
  const from = to - LIVE_WINDOW_MS;
  const { sessions } = await unwrap(
    api.GET('/api/profiles/{profile}/sessions', {
      params: { path: { profile }, query: { limit: 20 } },
      signal,
    }),
  );
  const reports = await Promise.all(
    sessionsCovering(sessions, from, to).map((s) =>
      unwrap(
        api.GET('/api/profiles/{profile}/sessions/{id}/report', {
          params: {
            path: { profile, id: s.id },
            query: { from: String(from), to: String(to), resolution: '1' },
          },
          signal,
        }),
      ),
    ),
  );
  const liveStreams = [...new Set(sessions.filter((s) => s.is_live).map((s) => s.stream))].sort();
  return { ...mergeReports(reports), liveStreams };
}
