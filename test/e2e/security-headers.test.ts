import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backfillDemo } from '../../src/ingest/simulator/demo-backfill.js';
import { ensureDemoProfile } from '../../src/ingest/simulator/demo-profile.js';
import { api } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 15_000 };

/** Collects, in every frame, what the content security policy blocks (event and console line). */
const WATCH_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

describe('the content security policy lets every page work, and blocks nothing they do', () => {
  let env: E2eEnv;
  let sessionId: number;

  beforeAll(async () => {
    env = await startE2e({ STREAMPULSE_DEMO: 'on' });
    const { services } = env.server;
    // A finished session in the past, for the session pages and their charts.
    const streams = await ensureDemoProfile(services.profiles, 'history');
    await backfillDemo({
      submit: (p, events) => services.ingest.submit(p, events),
      profile: 'history',
      streams: streams.slice(0, 1),
      seed: 3,
      startAt: Date.now() - 3 * 3600_000,
      minutes: 60,
    });
    // A clip with a thumbnail from Twitch's image host, for the clips page.
    const clip = await api(env.server.url, 'POST', '/api/profiles/demo/clips', [
      {
        url: 'https://clips.twitch.tv/PolicyClip',
        title: 'Policy clip',
        creator_name: 'c',
        creator_id: '1',
        created_at: new Date().toISOString(),
        view_count: 10,
        thumbnail_url:
          'https://static-cdn.jtvnw.net/twitch-clips-thumbnails-prod/PolicyClip/preview-480x272.jpg',
      },
    ]);
    expect(clip.status).toBe(200);
    const res = await api(env.server.url, 'GET', '/api/profiles/history/sessions');
    const body = (await res.json()) as { sessions: { id: number }[] };
    sessionId = body.sessions[0]!.id;
  }, 120_000);
  afterAll(() => env?.close());

  /** Opens `path` watching for violations; answers the page and what it reported. */
  async function visit(path: string): Promise<{ page: Page; reported: () => Promise<string[]> }> {
    const page = await env.newPage();
    const console: string[] = [];
    await page.addInitScript(WATCH_VIOLATIONS);
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) console.push(m.text());
    });
    page.on('pageerror', (err) => console.push(err.message));
    const res = await page.goto(env.server.url + path);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    const reported = async () => {
      const frames = await Promise.all(
        page.frames().map((f) => f.evaluate<string[]>('window.__cspViolations ?? []')),
      );
      return [...console, ...frames.flat()];
    };
    return { page, reported };
  }

  test('the live page draws its charts and follows the live push', async () => {
    const { page, reported } = await visit('/?profile=demo');
    await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor(WAIT);
    await expect
      .poll(() => page.evaluate<number>("window.__spStats?.chartFrames['viewers-chart'] ?? 0"), WAIT)
      .toBeGreaterThan(2);
    expect(await reported()).toEqual([]);
    await page.close();
  });

  test('every other dashboard page renders with no violation', async () => {
    for (const [path, ready] of [
      ['/sessions?profile=history', '[data-testid=sessions] tbody tr'],
      [`/sessions/${sessionId}?profile=history`, 'canvas'],
      ['/leaderboards?profile=history', 'table'],
      ['/viewers?profile=history', '[data-testid=viewers] tbody tr'],
      ['/heatmap?profile=history', '[data-testid=heatmap]'],
      ['/clips?profile=demo', '[data-testid=viral-clip] img'],
      ['/clips?profile=history', '[data-testid=clips-empty]'],
      ['/goals?profile=history', '[data-testid=goal-form]'],
    ] as const) {
      const { page, reported } = await visit(path);
      // The past session may lie before this week began (early on a Monday): the last 7 days hold it.
      if (path.startsWith('/leaderboards')) await page.getByTestId('period').selectOption('last7d');
      await page.locator(ready).first().waitFor(WAIT);
      expect(await reported(), path).toEqual([]);
      await page.close();
    }
  });

  test("the settings page frames its overlay preview: the server's own pages may frame them", async () => {
    const { page, reported } = await visit('/settings?profile=demo');
    const preview = page.frameLocator('iframe[title="Overlay preview"]');
    await preview.locator('.ov-root').waitFor(WAIT);
    expect(await reported()).toEqual([]);
    await page.close();
  });

  test('each overlay renders and updates with no violation', async () => {
    for (const kind of ['counters', 'leaderboard', 'events', 'goal']) {
      const { page, reported } = await visit(`/overlay/${kind}?profile=demo&color=ff0066&theme=light`);
      await page.locator('.ov-root').waitFor(WAIT);
      expect(await reported(), kind).toEqual([]);
      await page.close();
    }
    const { page, reported } = await visit('/overlay/counters?profile=demo&metrics=likes');
    const likes = page.locator('[data-metric=likes] .ov-value');
    await expect
      .poll(async () => Number((await likes.textContent())?.replace(/\D/g, '')), WAIT)
      .toBeGreaterThan(0);
    expect(await reported()).toEqual([]);
    await page.close();
  });

  test('the API docs at /docs render the operations under their own policy', async () => {
    const { page, reported } = await visit('/docs');
    await page.locator('.opblock').first().waitFor(WAIT);
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(await reported()).toEqual([]);
    await page.close();
  });

  test('a policy that forbids what a page does is reported: the watch itself works', async () => {
    const { page, reported } = await visit('/?profile=demo');
    await page.evaluate(
      "document.body.appendChild(Object.assign(document.createElement('script'), { text: '1' }))",
    );
    await expect
      .poll(reported, WAIT)
      .toEqual(expect.arrayContaining([expect.stringContaining('script-src')]));
    await page.close();
  });
});
