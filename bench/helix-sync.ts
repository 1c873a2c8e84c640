import type { ServerResponse } from 'node:http';
import { loadConfig } from '../src/config.js';
import { TwitchClipPoller } from '../src/ingest/clips/twitch-clip-poller.js';
import { HelixClips } from '../src/ingest/twitch/helix-clips.js';
import { createLogger } from '../src/logger.js';
import { createServices } from '../src/main.js';
import { generatedClips, startHelixServer } from '../test/support/helix-server.js';
import { printFigure, progress } from './report.js';
import { makeTempDir } from './workers.js';

const CLIPS = 10_000;
const DAY_MS = 86_400_000;
/**
 * The stand-in's bucket: Helix gives an app 800 points a minute; this one is smaller and refills
 * faster, so a sync of 10,000 clips runs into it several times and has to wait as Helix asks.
 */
const BUCKET = 30;
const WINDOW_MS = 3_000;

/** A fixed-window bucket answering Helix's Ratelimit headers, and 429 when it is empty. */
function rateLimited() {
  let remaining = BUCKET;
  let resetAt = 0;
  const counts = { ok: 0, refused: 0 };
  return {
    counts,
    handler: (_req: unknown, _url: URL, res: ServerResponse, regular: () => string) => {
      const now = Date.now();
      if (now >= resetAt) {
        remaining = BUCKET;
        resetAt = now + WINDOW_MS;
      }
      const headers = {
        'ratelimit-limit': String(BUCKET),
        'ratelimit-reset': String(Math.ceil(resetAt / 1000)),
      };
      if (remaining === 0) {
        counts.refused += 1;
        res.writeHead(429, { ...headers, 'ratelimit-remaining': '0' }).end('{"error":"Too Many Requests"}');
        return true;
      }
      remaining -= 1;
      counts.ok += 1;
      res
        .writeHead(200, {
          ...headers,
          'ratelimit-remaining': String(remaining),
          'content-type': 'application/json',
        })
        .end(regular());
      return true;
    },
  };
}

/**
 * The Twitch clip poller's first sync of a channel with 10,000 clips over the backfill window,
 * from a loopback Helix stand-in that rate-limits it, into a profile of the embedded engine.
 */
export async function measureHelixSync(): Promise<void> {
  const now = Date.now();
  const clips = generatedClips(CLIPS, { from: now - 59 * DAY_MS, spanMs: 58 * DAY_MS });
  const bucket = rateLimited();
  const helixServer = await startHelixServer(clips, bucket.handler);
  const temp = makeTempDir('streampulse-bench-helix-');
  const services = createServices(
    loadConfig({ STREAMPULSE_DATA_DIR: temp.dir, STREAMPULSE_SQLITE_SYNC: 'normal' }, {}),
    createLogger('silent'),
  );
  try {
    await services.profiles.create({ id: 'helix', name: 'Helix bench' });
    await services.profiles.createStream('helix', { id: 'big', platform: 'twitch', channel: 'big' });
    const store = await services.engine.openProfile('helix');
    const helix = new HelixClips({ helixUrl: helixServer.url, clientId: 'cid', token: 'tok' });
    const poller = new TwitchClipPoller(helix, store, Date.now, { stream: { id: 'big', channel: 'big' } });
    progress(`clips: Helix sync of ${CLIPS} clips, bucket ${BUCKET} requests per ${WINDOW_MS / 1000} s`);
    const start = performance.now();
    const outcome = await poller.sync();
    const seconds = (performance.now() - start) / 1000;
    const stored = (await store.clipOverview('UTC', { period_type: 'all_time', period_start: 0 }, null))
      .clip_count;
    if (stored !== CLIPS) throw new Error(`the sync stored ${stored} clips, not ${CLIPS}`);
    const tags = {
      clips: CLIPS,
      bucket: BUCKET,
      window_s: WINDOW_MS / 1000,
      requests: helixServer.requests.length,
    };
    printFigure({
      name: 'helix_sync_10k_clips_s',
      value: seconds,
      unit: 's',
      tags: { ...tags, created: outcome.created },
    });
    printFigure({
      name: 'helix_sync_requests_per_s',
      value: helixServer.requests.length / seconds,
      unit: 'requests/s',
      // The bucket's allowance: a sync within the rate limit stays at or under it.
      ceiling: BUCKET / (WINDOW_MS / 1000),
      target: { op: '<=', bound: 1, of: 'ratio' },
      tags,
    });
    printFigure({
      name: 'helix_sync_rate_limited_answers',
      value: bucket.counts.refused,
      unit: 'answers',
      target: { op: '<=', bound: 0, of: 'value' },
      tags,
    });
  } finally {
    await services.close();
    await helixServer.close();
    temp.remove();
  }
}
