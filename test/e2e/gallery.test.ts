import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

/** Where the README's gallery takes its pictures from. */
const GALLERY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/gallery');
const VIEWPORT = { width: 1280, height: 800 };
const SETTLE_MS = 1500;
/** How long the live page follows the channels before its picture: a chart with some minutes in it. */
const LIVE_MS = 20_000;

/** An axis as the page records it (`window.__spCharts`): its width and its labels' widths, px. */
/** What an axis gives before its labels: its ticks (10 px) and their gap (5 px), uPlot's defaults. */
const TICKS_AND_GAP_PX = 15;

interface DrawnAxis {
  scale: string;
  size: number;
  widths: number[];
}

interface Session {
  id: number;
  ended_at: number | null;
}

const CLIPPERS = ['mira', 'tobi_clips', 'NightOwl', 'jay', 'quinn', 'sam'];
const GAMES = ['Elden Ring', 'Just Chatting', 'Minecraft', 'Valorant'];

/** Two dozen clips of the last four weeks, in the push API's shape, the same on every run but for their dates. */
function demoClips(now: number): Record<string, unknown>[] {
  return Array.from({ length: 24 }, (_, i) => ({
    url: `https://clips.twitch.tv/DemoClip${i}`,
    title: `Demo clip ${i + 1}`,
    creator_name: CLIPPERS[(i * 7) % CLIPPERS.length],
    creator_id: String(100 + ((i * 7) % CLIPPERS.length)),
    game_name: GAMES[i % GAMES.length],
    broadcaster_id: '1001',
    broadcaster_name: 'demo',
    created_at: new Date(now - ((i * 29) % 27) * 86_400_000 - ((i * 5) % 9) * 3_600_000).toISOString(),
    view_count: Math.round(40 + ((i * 37) % 23) ** 2.4),
    discord_shares: i % 3,
    discord_reactions: (i * 5) % 11,
  }));
}

/**
 * Every page of the dashboard, on the demo profile with its four weeks of history, photographed at
 * 1280x800 for the README's gallery: what a newcomer sees in the first minute.
 */
describe('the gallery: every page on the demo profile', () => {
  let env: E2eEnv;
  let pages: [name: string, path: string][] = [];

  beforeAll(async () => {
    env = await startE2e({ STREAMPULSE_DEMO: 'on' });
    const url = env.server.url;
    // The history is stored in the first seconds; the live channels go on air after it.
    let sessions: Session[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await api(url, 'GET', '/api/profiles/demo/sessions?limit=100');
      sessions = res.status === 200 ? ((await res.json()) as { sessions: Session[] }).sessions : [];
      if (sessions.length >= 50 && sessions.some((s) => s.ended_at === null)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const report = sessions.find((s) => s.ended_at !== null);
    const board = (await (
      await api(url, 'GET', '/api/profiles/demo/leaderboards?metric=coins&period=all&limit=1')
    ).json()) as { entries: { viewer: { id: string } }[] };
    const top = board.entries[0];
    // The demo makes no clips: a tool pushes some, as a clipper bot would.
    expect((await api(url, 'POST', '/api/profiles/demo/clips', demoClips(Date.now()))).status).toBe(200);
    expect(report, 'a past session of the demo history').toBeDefined();
    expect(top, 'a viewer of the demo history').toBeDefined();
    pages = [
      ['sessions', '/sessions?profile=demo'],
      ['session-report', `/sessions/${report!.id}?profile=demo`],
      ['leaderboards', '/leaderboards?profile=demo'],
      ['viewers', '/viewers?profile=demo'],
      ['viewer', `/viewers/${encodeURIComponent(top!.viewer.id)}?profile=demo`],
      ['heatmap', '/heatmap?profile=demo'],
      ['clips', '/clips?profile=demo'],
      ['goals', '/goals?profile=demo'],
      ['keys', '/keys?profile=demo'],
      ['usage', '/usage?profile=demo'],
      ['audit', '/audit?profile=demo'],
      ['settings', '/settings?profile=demo'],
      ['users', '/users?profile=demo'],
      // Last: its chart holds what the live channels sent since they went on air.
      ['live', '/?profile=demo'],
    ];
    mkdirSync(GALLERY, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await env?.close();
  });

  test('each page renders without an error and is photographed at 1280x800', async () => {
    for (const [name, pagePath] of pages) {
      const { page, errors } = await env.open(pagePath);
      await page.setViewportSize(VIEWPORT);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(SETTLE_MS);
      if (name === 'live') {
        await expect
          .poll(() => page.getByTestId('on-air').textContent(), { timeout: 30_000 })
          .toMatch(/^LIVE/);
        await page.waitForTimeout(LIVE_MS);
        // Counts of tens of millions (the demo's coins) stay inside their tiles.
        const overflowing = await page.locator('.tile').evaluateAll((tiles) =>
          tiles
            .filter((tile) => {
              const value = tile.querySelector('.tile-value');
              return value !== null && value.scrollWidth > tile.clientWidth;
            })
            .map((tile) => tile.textContent),
        );
        expect(overflowing).toEqual([]);
      }
      if (name === 'leaderboards') {
        const rows = page.locator('[data-testid=leaderboard] tbody tr');
        await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(10);
      }
      if (name === 'session-report') {
        // Every value axis of the report's charts is wide enough for its longest label.
        await page.getByTestId('driver-chart').waitFor();
        const charts = await page.evaluate<Record<string, { axes: DrawnAxis[] }>>('window.__spCharts ?? {}');
        const clipped = Object.entries(charts).flatMap(([chart, drawn]) =>
          drawn.axes
            .filter(
              (axis) => axis.scale !== 'x' && Math.max(0, ...axis.widths) + TICKS_AND_GAP_PX > axis.size,
            )
            .map((axis) => `${chart}/${axis.scale}`),
        );
        expect(clipped).toEqual([]);
      }
      const file = path.join(GALLERY, `${name}.png`);
      await page.screenshot({ path: file });
      // A page that shows an error or nothing much is no picture of the product.
      expect(errors, `${name}: page errors`).toEqual([]);
      // Error regions are always there, empty while nothing failed (for screen readers).
      const notices = await page.locator('.error, [role=alert]').allTextContents();
      expect(
        notices.filter((text) => text.trim() !== ''),
        `${name}: an error notice`,
      ).toEqual([]);
      expect(statSync(file).size, `${name}: a picture with content`).toBeGreaterThan(20_000);
      await page.close();
    }
  }, 180_000);
});
