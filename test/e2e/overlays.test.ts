import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventRoom } from '../../src/live/live-events.js';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

describe('OBS overlays', () => {
  let env: E2eEnv;
  let n = 0;
  const push = async (profile: string, events: Record<string, unknown>[]) => {
    const at = Date.now();
    const body = events.map((e) => ({ stream: `${profile}-live`, at, id: `e${(n += 1)}`, ...e }));
    const res = await api(env.server.url, 'POST', `/api/profiles/${profile}/events`, body);
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    env = await startE2e();
    for (const p of ['alpha', 'beta']) {
      await api(env.server.url, 'POST', '/api/profiles', { id: p, name: p });
      await api(env.server.url, 'POST', `/api/profiles/${p}/streams`, {
        id: `${p}-live`,
        platform: 'custom',
        channel: p,
      });
    }
    await push('alpha', [
      { kind: 'viewers', count: 120 },
      { kind: 'like', count: 30 },
    ]);
    await push('beta', [
      { kind: 'viewers', count: 999 },
      { kind: 'like', count: 5000 },
    ]);
  }, 120_000);
  afterAll(() => env?.close());

  test('counters are transparent, follow the URL options and show only their profile', async () => {
    const { page, errors } = await env.open(
      '/overlay/counters?profile=alpha&metrics=viewers,likes&font=40&color=ff0066&text=00ff00&theme=light',
    );
    const likes = page.locator('[data-metric=likes] .ov-value');
    await expect.poll(async () => readCount(await likes.textContent())).toBe(30);
    expect(readCount(await page.locator('[data-metric=viewers] .ov-value').textContent())).toBe(120);
    expect(await page.locator('.ov-counter').count()).toBe(2);
    const styles = await page.evaluate<Record<string, string>>(`(() => {
      const css = (sel) => getComputedStyle(document.querySelector(sel));
      return {
        body: css('body').backgroundColor,
        html: css('html').backgroundColor,
        font: css('.ov-root').fontSize,
        text: css('.ov-value').color,
        label: css('.ov-label').color,
      };
    })()`);
    expect(styles).toEqual({
      body: 'rgba(0, 0, 0, 0)',
      html: 'rgba(0, 0, 0, 0)',
      font: '40px',
      text: 'rgb(0, 255, 0)',
      label: 'rgb(255, 0, 102)',
    });
    await push('beta', [{ kind: 'like', count: 1 }]);
    await push('alpha', [{ kind: 'like', count: 12 }]);
    await expect.poll(async () => readCount(await likes.textContent())).toBe(42);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a URL colour cannot inject CSS', async () => {
    const { page } = await env.open(
      '/overlay/counters?profile=alpha&color=red;background:url(x)&metrics=likes',
    );
    await page.locator('.ov-label').waitFor();
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.ov-label')).color")).toBe(
      'rgb(79, 140, 255)',
    );
    await page.close();
  });

  test('the goal bar shows progress and moves with it', async () => {
    const created = await api(env.server.url, 'POST', '/api/profiles/alpha/goals', {
      name: 'Like goal',
      metric: 'likes',
      target: 100,
      scope: 'all_time',
    });
    expect(created.status).toBe(201);
    const goal = (await created.json()) as { id: string };
    const { page } = await env.open(`/overlay/goal?profile=alpha&goal=${goal.id}&color=00ff00`);
    const numbers = page.getByTestId('goal-numbers');
    await expect.poll(() => numbers.textContent()).toBe('42 / 100');
    await push('alpha', [{ kind: 'like', count: 8 }]);
    await expect.poll(() => numbers.textContent()).toBe('50 / 100');
    const width = await page.evaluate<string>("document.querySelector('.ov-bar-fill').style.width");
    expect(width).toBe('50%');
    await page.close();
  });

  test('the leaderboard shows the top N by the metric asked for', async () => {
    const gift = (id: string, name: string, value: number) => ({
      kind: 'gift',
      user: { id, name },
      count: 1,
      value,
      gift: { id: 'g', name: 'Rose' },
    });
    await push('alpha', [gift('u1', 'ana', 50), gift('u2', 'bo', 500), gift('u3', 'cy', 5)]);
    const { page } = await env.open('/overlay/leaderboard?profile=alpha&metric=coins&period=all&limit=2');
    const rows = page.locator('[data-testid=overlay-leaderboard] li');
    await expect.poll(() => rows.allTextContents()).toEqual(['1bo500', '2ana50']);
    await page.close();
  });

  test('recent events slide in follows and gifts, and nothing else', async () => {
    const { page } = await env.open('/overlay/events?profile=alpha&kinds=follow,gift');
    await page.getByTestId('overlay-events').waitFor({ state: 'attached' });
    // The overlay's socket is in the profile's activity room before anything is pushed.
    await expect
      .poll(async () => (await env.server.io.in(eventRoom('alpha', 'activity')).fetchSockets()).length)
      .toBe(1);
    await push('alpha', [
      { kind: 'chat', user: { id: 'u9', name: 'chatty' }, text: 'hi' },
      { kind: 'follow', user: { id: 'u7', name: 'newfan' } },
    ]);
    await push('beta', [{ kind: 'follow', user: { id: 'b1', name: 'betafan' } }]);
    const items = page.locator('.ov-event');
    await expect.poll(() => items.allTextContents()).toEqual(['newfan followed']);
    expect(
      await page.evaluate<string>("getComputedStyle(document.querySelector('.ov-event')).animationName"),
    ).toContain('ov-in');
    await page.close();
  });

  test('overlays recover by themselves after the server restarts', async () => {
    const { page, errors } = await env.open('/overlay/counters?profile=alpha&metrics=likes');
    const likes = page.locator('[data-metric=likes] .ov-value');
    await expect.poll(async () => readCount(await likes.textContent())).toBe(50);
    await env.restart();
    await push('alpha', [{ kind: 'like', count: 50 }]);
    await expect.poll(async () => readCount(await likes.textContent()), { timeout: 15_000 }).toBe(100);
    expect(errors).toEqual([]);
    await page.close();
  });
});
