import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { OBS_CHART_WINDOW_MS, ObsLiveFeed } from './obs-live-feed.js';

/** The live page's OBS feed and when to read the API again into it (its socket calls these). */
export interface ObsFeedReads {
  feed: ObsLiveFeed;
  /** Reads the link and the last minutes of health again (the socket (re)connected: pushes were missed). */
  readAll: () => void;
  /** Reads the link again (a status was pushed: a save may have changed its settings). */
  readLink: () => void;
}

/**
 * One profile's OBS feed: the link (settings and status) and the last `OBS_CHART_WINDOW_MS` of
 * stream health, read from the API when the page opens and when told to. A failed read keeps
 * what was read before; the next (re)connect reads again.
 */
export function useObsFeed(profile: string): ObsFeedReads {
  const [feed] = useState(() => new ObsLiveFeed());
  const [linkReads, setLinkReads] = useState(0);
  const [healthReads, setHealthReads] = useState(0);
  const [reads] = useState<ObsFeedReads>(() => ({
    feed,
    readAll: () => {
      setLinkReads((n) => n + 1);
      setHealthReads((n) => n + 1);
    },
    readLink: () => setLinkReads((n) => n + 1),
  }));

  useEffect(() => {
    const abort = new AbortController();
    const mark = feed.mark();
    unwrap(api.GET('/api/profiles/{profile}/obs', { params: { path: { profile } }, signal: abort.signal }))
      .then((link) => feed.setLink(link, mark))
      .catch(() => undefined);
    return () => abort.abort();
  }, [profile, feed, linkReads]);

  useEffect(() => {
    const abort = new AbortController();
    const to = Date.now() + 60_000;
    const query = { from: String(to - OBS_CHART_WINDOW_MS), to: String(to) };
    unwrap(
      api.GET('/api/profiles/{profile}/obs/health', {
        params: { path: { profile }, query },
        signal: abort.signal,
      }),
    )
      .then((answer) => feed.seed(answer.minutes))
      .catch(() => undefined);
    return () => abort.abort();
  }, [profile, feed, healthReads]);

  return reads;
}
