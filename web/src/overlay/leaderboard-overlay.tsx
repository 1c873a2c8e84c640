import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import type { Leaderboard } from '../api/openapi.gen.js';
import { formatCount } from '../components/format.js';
import { isLinkRefused, useReportLinkRefusal } from './link-refusal.js';
import { parseInteger, parseList, type OverlayOptions } from './overlay-options.js';
import { useOverlayLive } from './use-overlay-live.js';

const METRICS = ['coins', 'gifts', 'messages', 'likes', 'shares'] as const;
const PERIODS = ['current', 'today', 'week', 'month', 'last7d', 'last30d', 'all'] as const;
const REFRESH_MS = 15_000;
const DEBOUNCE_MS = 1500;

/** The period to ask for: `current` is the latest session. */
async function resolvePeriod(profile: string, period: string, signal: AbortSignal): Promise<string> {
  if (period !== 'current') return period;
  const { sessions } = await unwrap(
    api.GET('/api/profiles/{profile}/sessions', {
      params: { path: { profile }, query: { limit: 1 } },
      signal,
    }),
  );
  return sessions[0] ? `session:${sessions[0].id}` : 'today';
}

/** Top viewers: `metric=coins`, `period=current|today|week|…`, `limit=5`. */
export function LeaderboardOverlay({ options, profile }: { options: OverlayOptions; profile: string }) {
  const [metric] = parseList(options.params.get('metric'), METRICS, ['coins']);
  const [period] = parseList(options.params.get('period'), PERIODS, ['current']);
  const limit = parseInteger(options.params.get('limit'), 5, 1, 50);
  const [board, setBoard] = useState<Leaderboard | null>(null);
  const [tick, setTick] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refuse = useReportLinkRefusal();
  // Activity can change the ranking: read again shortly after it, at most once per DEBOUNCE_MS.
  const generation = useOverlayLive(profile, options.token, 'activity', (payload) => {
    if (payload.profile !== profile || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      setTick((t) => t + 1);
    }, DEBOUNCE_MS);
  });
  useEffect(() => () => clearTimeout(pending.current), []);

  useEffect(() => {
    if (generation === 0) return;
    const abort = new AbortController();
    resolvePeriod(profile, period!, abort.signal)
      .then((p) =>
        unwrap(
          api.GET('/api/profiles/{profile}/leaderboards', {
            params: { path: { profile }, query: { metric: metric!, period: p, limit } },
            signal: abort.signal,
          }),
        ),
      )
      .then(setBoard)
      // Else read again on the next tick or reconnect.
      .catch((err: unknown) => {
        if (isLinkRefused(err)) refuse(err.code);
      });
    return () => abort.abort();
  }, [profile, metric, period, limit, generation, tick, options.token, refuse]);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <ol className="ov-box ov-leaderboard" data-testid="overlay-leaderboard">
      {(board?.entries ?? []).map((e) => (
        <li key={e.viewer.id}>
          <span className="ov-rank">{e.rank}</span>
          <span className="ov-name">{e.viewer.display ?? e.viewer.name}</span>
          <span className="ov-total">{formatCount(e.total)}</span>
        </li>
      ))}
    </ol>
  );
}
