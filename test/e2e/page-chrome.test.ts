import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 10_000 };

describe('titles, navigation, failures and accessible markup of the dashboard', () => {
  let env: E2eEnv;
  let url: string;

  beforeAll(async () => {
    env = await startE2e();
    url = env.server.url;
    for (const id of ['alpha', 'beta']) {
      await api(url, 'POST', '/api/profiles', { id, name: id.toUpperCase() });
      await api(url, 'POST', `/api/profiles/${id}/streams`, { id: 'main', platform: 'custom', channel: 'm' });
    }
    const res = await api(url, 'POST', '/api/profiles/alpha/goals', {
      name: 'Fifty likes',
      metric: 'likes',
      target: 50,
      scope: 'all_time',
    });
    expect(res.status).toBe(201);
    await api(url, 'POST', '/api/profiles/alpha/events', [
      { stream: 'main', kind: 'like', at: Date.now(), id: 'l1', count: 20 },
    ]);
  }, 120_000);
  afterAll(() => env?.close());

  test('each page names itself in the title and its link in the navigation as the current page', async () => {
    const { page, errors } = await env.open('/?profile=alpha');
    await expect.poll(() => page.title(), WAIT).toBe('Live · StreamPulse');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    for (const [label, title] of [
      ['Sessions', 'Sessions'],
      ['Leaderboards', 'Leaderboards'],
      ['Viewers', 'Viewers'],
      ['Peak times', 'Peak times'],
      ['Clips', 'Clips'],
      ['Goals', 'Goals'],
      ['API keys', 'API keys'],
      ['Usage', 'Usage'],
      ['Audit', 'Audit'],
      ['Settings', 'Settings'],
      ['Live', 'Live'],
    ]) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await expect.poll(() => page.title(), WAIT).toBe(`${title} · StreamPulse`);
      const current = await nav.locator('a[aria-current=page]').allTextContents();
      expect(current).toEqual([label]);
    }
    expect(await page.getByTestId('activity-feed').getAttribute('aria-live')).toBe('polite');
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a goal's bar is a progress bar with its value, and a delete that fails says why", async () => {
    const { page, errors } = await env.open('/goals?profile=alpha');
    const bar = page.getByRole('progressbar', { name: 'Fifty likes' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), WAIT).toBe('40');
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    expect(await bar.getAttribute('aria-valuemax')).toBe('100');
    expect(await bar.getAttribute('aria-valuetext')).toBe('20 of 50');

    await page.route('**/api/profiles/alpha/goals/*', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'STORE_UNAVAILABLE', message: 'storage is unavailable' } }),
          })
        : route.fallback(),
    );
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('goal').getByRole('button', { name: 'Delete' }).click();
    const alert = page.getByTestId('goals-error');
    await expect.poll(() => alert.textContent(), WAIT).toContain('storage is unavailable');
    expect(await alert.getAttribute('role')).toBe('alert');
    // The goal is still there, and nothing was left unhandled.
    expect(await page.getByTestId('goal').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a page whose code cannot be loaded shows why with a retry, and the rest of the app keeps working', async () => {
    const { page } = await env.open('/?profile=alpha');
    await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor(WAIT);
    await page.route('**/assets/sessions-page-*.js', (route) => route.abort());
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    const failure = page.getByTestId('page-error');
    await failure.waitFor(WAIT);
    expect(await failure.getAttribute('role')).toBe('alert');
    expect(await failure.textContent()).toContain('could not be loaded');
    // The navigation still works around the failed page.
    await page.getByRole('link', { name: 'Goals', exact: true }).click();
    await page.getByTestId('goal').waitFor(WAIT);
    await page.goBack();
    await failure.waitFor(WAIT);

    await page.unroute('**/assets/sessions-page-*.js');
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('sessions').waitFor(WAIT);
    expect(await page.title()).toBe('Sessions · StreamPulse');
    await page.close();
  });

  test('a read still under way when the profile changes is cancelled, and the other profile is shown', async () => {
    const { page, errors } = await env.open('/settings?profile=beta');
    await page.getByTestId('streams').waitFor(WAIT);
    const held: Route[] = [];
    await page.route('**/api/profiles/alpha/streams', (route) => void held.push(route));
    const cancelled = page.waitForEvent('requestfailed', {
      predicate: (request) => request.url().endsWith('/api/profiles/alpha/streams'),
      ...WAIT,
    });
    await page.getByTestId('profile-picker').selectOption('alpha');
    // The streams table and the OBS section each read the profile's streams.
    await expect.poll(() => held.length, WAIT).toBeGreaterThanOrEqual(1);
    await page.getByTestId('profile-picker').selectOption('beta');
    expect((await cancelled).failure()?.errorText).toMatch(/ABORTED/);
    expect(await page.locator('main').getAttribute('data-profile')).toBe('beta');
    await page.getByTestId('streams').locator('tbody tr', { hasText: 'main' }).waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('every table names its columns', async () => {
    for (const path of ['/settings?profile=alpha', '/?profile=alpha', '/viewers?profile=alpha']) {
      const { page } = await env.open(path);
      // The chart library's legend is a table of its own making.
      const tablesShown = page.locator('main table:not(.u-legend)');
      await tablesShown.first().waitFor(WAIT);
      const tables = await tablesShown.evaluateAll((all) =>
        all.map((t) => ({
          id: t.getAttribute('data-testid'),
          columns: [...t.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
        })),
      );
      for (const table of tables) {
        expect(table.columns.length, `${path} ${table.id}`).toBeGreaterThan(0);
        expect(new Set(table.columns), `${path} ${table.id}`).toEqual(new Set(['col']));
      }
      await page.close();
    }
  });
});
