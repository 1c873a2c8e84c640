import type { Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

const MESSAGE = "This overlay's link is no longer valid — make a new one in StreamPulse";
const WAIT = { timeout: 10_000 };

describe('overlay tokens in the browser', () => {
  let env: E2eEnv;
  let n = 0;
  const push = async (events: Record<string, unknown>[]) => {
    const at = Date.now();
    const body = events.map((e) => ({ stream: 'tok-live', at, id: `e${(n += 1)}`, ...e }));
    expect((await api(env.server.url, 'POST', '/api/profiles/tok/events', body)).status).toBe(200);
  };
  const issue = async (overlay: string) => {
    const res = await api(env.server.url, 'POST', '/api/profiles/tok/overlay-tokens', {
      name: overlay,
      overlay,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; token: string };
  };
  /** A page with no login, as OBS opens an overlay; `sockets` collects its WebSockets. */
  const openAsObs = async (path: string) => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(env.server.url + path);
    return { page, sockets, errors, close: () => context.close() };
  };
  const refusal = (page: Page) => page.getByTestId('overlay-refused');

  beforeAll(async () => {
    env = await startE2e();
    await api(env.server.url, 'POST', '/api/profiles', { id: 'tok', name: 'tok' });
    await api(env.server.url, 'POST', '/api/profiles/tok/streams', {
      id: 'tok-live',
      platform: 'custom',
      channel: 'tok',
    });
    await push([
      { kind: 'viewers', count: 70 },
      { kind: 'like', count: 25 },
    ]);
  }, 120_000);
  afterAll(() => env?.close());

  test('an overlay opened with a token and no login shows its numbers; revoked, it says its link is no longer valid and stops trying', async () => {
    const { id, token } = await issue('counters');
    const { page, sockets, errors, close } = await openAsObs(
      `/overlay/counters?profile=tok&metrics=likes&token=${token}`,
    );
    const likes = page.locator('[data-metric=likes] .ov-value');
    await expect.poll(async () => readCount(await likes.textContent()), WAIT).toBe(25);
    await push([{ kind: 'like', count: 5 }]);
    await expect.poll(async () => readCount(await likes.textContent()), WAIT).toBe(30);

    const revokedAt = Date.now();
    expect((await api(env.server.url, 'DELETE', `/api/profiles/tok/overlay-tokens/${id}`)).status).toBe(204);
    await refusal(page).waitFor({ timeout: 5_000 });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    expect(await refusal(page).textContent()).toBe(MESSAGE);
    expect(await refusal(page).isVisible()).toBe(true);
    // No stale numbers stay on screen.
    expect(await page.locator('.ov-counter').count()).toBe(0);
    await expect.poll(() => sockets.every((ws) => ws.isClosed()), WAIT).toBe(true);
    const opened = sockets.length;
    // A client let go by a server restart tries again after a second; a refused one must not.
    await page.waitForTimeout(2_500);
    expect(sockets.length).toBe(opened);
    expect(errors).toEqual([]);
    await close();
  });

  test('a goal overlay opened with a token that was rotated away says so at once', async () => {
    const goal = await api(env.server.url, 'POST', '/api/profiles/tok/goals', {
      name: 'Likes',
      metric: 'likes',
      target: 100,
      scope: 'all_time',
    });
    expect(goal.status).toBe(201);
    const stats = await api(env.server.url, 'GET', '/api/profiles/tok/stats');
    const likes = ((await stats.json()) as { combined: { likes: number } }).combined.likes;
    const { id, token } = await issue('goal');
    const rotated = await api(env.server.url, 'POST', `/api/profiles/tok/overlay-tokens/${id}/rotate`);
    const fresh = ((await rotated.json()) as { token: string }).token;
    const stale = await openAsObs(`/overlay/goal?profile=tok&token=${token}`);
    await refusal(stale.page).waitFor(WAIT);
    expect(await stale.page.getByTestId('overlay-goal').count()).toBe(0);
    const current = await openAsObs(`/overlay/goal?profile=tok&token=${fresh}`);
    await expect
      .poll(() => current.page.getByTestId('goal-numbers').textContent(), WAIT)
      .toBe(`${likes} / 100`);
    expect(await refusal(current.page).count()).toBe(0);
    await stale.close();
    await current.close();
  });

  test('the overlay builder makes a token for the chosen overlay and puts it in the link, which works without a login until revoked', async () => {
    const { page, errors } = await env.open('/settings?profile=tok');
    const builder = page.locator('section', { has: page.getByTestId('overlay-kind') });
    await page.getByTestId('overlay-kind').selectOption('counters');
    await builder.getByLabel('Counters', { exact: true }).fill('viewers');
    const shown = async () => new URL((await page.getByTestId('overlay-url').textContent()) ?? '');
    expect((await shown()).searchParams.has('token')).toBe(false);

    await page.getByTestId('overlay-make-token').click();
    await expect.poll(async () => (await shown()).searchParams.get('token') ?? '', WAIT).toMatch(/^spo_/);
    const link = await shown();
    const token = link.searchParams.get('token')!;
    const row = page.getByTestId('overlay-token').filter({ hasText: `…${token.slice(-4)}` });
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('counters');
    await page.getByTestId('overlay-link-token').waitFor();
    // The preview shows the same link, token included.
    expect(await builder.locator('iframe').getAttribute('src')).toBe(link.href);

    const obs = await openAsObs(link.pathname + link.search);
    const viewers = obs.page.locator('[data-metric=viewers] .ov-value');
    await expect.poll(async () => readCount(await viewers.textContent()), WAIT).toBe(70);

    page.on('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.count(), WAIT).toBe(0);
    // The link made with it goes back to asking for a token.
    await page.getByTestId('overlay-make-token').waitFor();
    await refusal(obs.page).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await obs.close();
    // Its context, awaited: closing the page alone closes it in the background, which may outlive the browser.
    await page.context().close();
  });
});
