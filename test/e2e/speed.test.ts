import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startE2e, type E2eEnv } from './support/e2e-env.js';
import { startLoad } from './support/load-generator.js';
import { ensureWebBuilt, WEB_ROOT } from './support/web-build.js';

const LOAD_SECONDS = 20;
const KB = 1024;
const MB = 1024 * 1024;

/** The JS a page loads first: its module scripts and module preloads, gzipped. */
function firstLoadJs(html: string): { files: string[]; gzipBytes: number } {
  const page = readFileSync(join(WEB_ROOT, html), 'utf8');
  const files = [
    ...page.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const gzipBytes = files.reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(WEB_ROOT, f)), { level: 9 }).length,
    0,
  );
  return { files, gzipBytes };
}

async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

describe('speed', () => {
  test('the dashboard first loads at most 300 KB of gzipped JavaScript', async () => {
    await ensureWebBuilt();
    const dashboard = firstLoadJs('index.html');
    const overlay = firstLoadJs('overlay.html');
    console.log(
      `[speed] first-load JS (gzip): dashboard ${(dashboard.gzipBytes / KB).toFixed(1)} KB (${dashboard.files.join(', ')}); ` +
        `overlay ${(overlay.gzipBytes / KB).toFixed(1)} KB`,
    );
    expect(dashboard.files.length).toBeGreaterThan(0);
    expect(dashboard.gzipBytes).toBeLessThanOrEqual(300 * KB);
  }, 120_000);

  describe('live page under 1,000 events/s', () => {
    let env: E2eEnv;
    beforeAll(async () => {
      env = await startE2e({ STREAMPULSE_DEMO: 'on' });
    }, 120_000);
    afterAll(() => env?.close());

    test('keeps drawing at 5 or more chart updates per second without growing memory', async () => {
      const { page, errors } = await env.open('/?profile=demo');
      await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      // Page frames: how often the main thread gets to paint at all.
      await page.evaluate(`(() => {
        window.__spPaints = 0;
        const tick = () => {
          window.__spPaints += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      })()`);
      const load = startLoad(env.server.url, 'demo', 'tiktok-demo', 1000, 100);
      try {
        await page.waitForTimeout(3000); // warm-up: the feed and the chart's window fill
        const heapStart = await usedHeap(cdp);
        const read = () =>
          page.evaluate<{ frames: number; paints: number; at: number }>(`({
            frames: window.__spStats?.chartFrames['viewers-chart'] ?? 0,
            paints: window.__spPaints,
            at: performance.now(),
          })`);
        const loadStart = load.figures();
        const before = await read();
        await page.waitForTimeout(LOAD_SECONDS * 1000);
        const after = await read();
        const loadEnd = load.figures();
        const heapEnd = await usedHeap(cdp);
        const seconds = (after.at - before.at) / 1000;
        const chartFps = (after.frames - before.frames) / seconds;
        const pageFps = (after.paints - before.paints) / seconds;
        const eventsPerSecond = (loadEnd.stored - loadStart.stored) / seconds;
        console.log(
          `[speed] live page over ${seconds.toFixed(1)} s at ${eventsPerSecond.toFixed(0)} events/s stored ` +
            `(rejected ${loadEnd.rejected}): chart updates ${chartFps.toFixed(1)}/s, page frames ${pageFps.toFixed(1)}/s, ` +
            `JS heap after GC ${(heapStart / MB).toFixed(1)} MB -> ${(heapEnd / MB).toFixed(1)} MB ` +
            `(${((heapEnd - heapStart) / MB).toFixed(1)} MB)`,
        );
        expect(eventsPerSecond).toBeGreaterThan(800);
        expect(chartFps).toBeGreaterThanOrEqual(5);
        expect(heapEnd).toBeLessThan(heapStart + 30 * MB);
        expect(errors).toEqual([]);
      } finally {
        load.stop();
        await page.close();
      }
    }, 60_000);
  });
});
