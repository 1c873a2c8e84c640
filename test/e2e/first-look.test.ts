import type { WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 10_000 };

describe('what a newcomer sees first', () => {
  let env: E2eEnv;
  let url: string;

  beforeAll(async () => {
    env = await startE2e({ STREAMPULSE_DEFAULT_PROFILE: 'main' });
    url = env.server.url;
    for (const id of ['main', 'second']) {
      expect((await api(url, 'POST', '/api/profiles', { id, name: id })).status).toBe(201);
    }
  }, 120_000);
  afterAll(() => env?.close());

  test('trigger settings show the defaults in force where none is set, and saving them unchanged keeps them defaults', async () => {
    expect((await api(url, 'POST', '/api/profiles', { id: 'tuned', name: 'Tuned' })).status).toBe(201);
    const { page, errors } = await env.open('/settings?profile=tuned');
    await page.getByRole('heading', { name: 'Spike triggers' }).waitFor(WAIT);
    // One row per signal, in the order viewers, chat velocity, gift value.
    const field = (label: string, row: number) => page.getByLabel(label, { exact: true }).nth(row);
    const shown = async (label: string, row: number) => ({
      value: await field(label, row).inputValue(),
      default: await field(label, row).getAttribute('placeholder'),
    });
    expect(await shown('Threshold (MADs)', 0)).toEqual({ value: '', default: '4' });
    expect(await shown('Min change', 0)).toEqual({ value: '', default: '25' });
    expect(await shown('Min change', 1)).toEqual({ value: '', default: '20' });
    expect(await shown('Min relative change', 0)).toEqual({ value: '', default: '0.15' });
    expect(await shown('Cooldown (ms)', 2)).toEqual({ value: '', default: '120000' });

    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor(WAIT);
    const saved = (await (await api(url, 'GET', '/api/profiles/tuned/settings/triggers')).json()) as Record<
      string,
      unknown
    >;
    expect([saved.viewers, saved.chat_velocity, saved.gift_value]).toEqual([undefined, undefined, undefined]);

    // A value set is shown as such; emptied again, the field goes back to the default.
    await field('Threshold (MADs)', 0).fill('6');
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await expect
      .poll(async () => await (await api(url, 'GET', '/api/profiles/tuned/settings/triggers')).json(), WAIT)
      .toMatchObject({ viewers: { threshold: 6 } });
    expect(await shown('Threshold (MADs)', 0)).toEqual({ value: '6', default: '4' });
    await field('Threshold (MADs)', 0).fill('');
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await expect
      .poll(async () => await (await api(url, 'GET', '/api/profiles/tuned/settings/triggers')).json(), WAIT)
      .toMatchObject({ viewers: {} });
    expect(await shown('Threshold (MADs)', 0)).toEqual({ value: '', default: '4' });
    expect(errors).toEqual([]);
    await page.close();
    expect((await api(url, 'DELETE', '/api/profiles/tuned')).status).toBe(204);
  });

  test('recent triggers are listed newest first, those seeded at load and those pushed after', async () => {
    expect((await api(url, 'POST', '/api/profiles', { id: 'trig', name: 'Trig' })).status).toBe(201);
    expect(
      (
        await api(url, 'POST', '/api/profiles/trig/streams', {
          id: 'trig-live',
          platform: 'custom',
          channel: 't',
        })
      ).status,
    ).toBe(201);
    const fire = async (types: string[]) => {
      const at = Date.now();
      const body = types.map((type, i) => ({
        stream: 'trig-live',
        kind: 'trigger',
        at: at + i,
        data: { type },
      }));
      expect((await api(url, 'POST', '/api/profiles/trig/events', body)).status).toBe(200);
    };
    await fire(['first_spike', 'second_spike', 'third_spike']);
    const { page, errors } = await env.open('/?profile=trig');
    const listed = () =>
      page
        .getByTestId('triggers')
        .locator('li')
        .allTextContents()
        .then((items) => items.map((text) => /(\w+) spike$/.exec(text)?.[1]));
    await expect.poll(listed, WAIT).toEqual(['third', 'second', 'first']);
    await fire(['fourth_spike']);
    await expect.poll(listed, WAIT).toEqual(['fourth', 'third', 'second', 'first']);
    expect(errors).toEqual([]);
    await page.close();
    expect((await api(url, 'DELETE', '/api/profiles/trig')).status).toBe(204);
  });

  test('an overlay of a profile that does not exist says so and stops asking', async () => {
    const page = await env.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${url}/overlay/counters?profile=nope&metrics=likes`);
    const notice = page.getByTestId('overlay-refused');
    await notice.waitFor(WAIT);
    expect(await notice.textContent()).toContain("Profile 'nope' not found");
    expect(await page.locator('.ov-counter').count()).toBe(0);
    await expect.poll(() => sockets.length > 0 && sockets.every((ws) => ws.isClosed()), WAIT).toBe(true);
    const asked = sockets.length + requests.length;
    // A client let go by a server restart tries again after a second; a refused one must not.
    await page.waitForTimeout(2_500);
    expect(sockets.length + requests.length).toBe(asked);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a session report never gives the peak before the session started, and its chart labels fit', async () => {
    expect((await api(url, 'POST', '/api/profiles', { id: 'rep', name: 'Rep' })).status).toBe(201);
    expect(
      (
        await api(url, 'POST', '/api/profiles/rep/streams', {
          id: 'rep-live',
          platform: 'custom',
          channel: 'r',
        })
      ).status,
    ).toBe(201);
    // 14 seconds into a minute two hours ago; the peak is read within that first minute.
    const start = Math.floor((Date.now() - 2 * 3600_000) / 60_000) * 60_000 + 14_000;
    const at = (s: number, e: Record<string, unknown>) => ({
      stream: 'rep-live',
      at: start + s * 1000,
      ...e,
    });
    const gift = (s: number, value: number) =>
      at(s, {
        kind: 'gift',
        id: `g${s}`,
        user: { id: 'u1', name: 'fan' },
        count: 1,
        value,
        gift: { id: 'lion', name: 'Lion' },
      });
    const events = [
      at(0, { kind: 'viewers', count: 100 }),
      at(20, { kind: 'viewers', count: 5000 }),
      at(40, { kind: 'viewers', count: 3000 }),
      gift(30, 250_000),
      at(90, { kind: 'viewers', count: 2000 }),
      gift(150, 1_000_000),
      at(200, { kind: 'viewers', count: 1500 }),
      at(300, { kind: 'stream_end' }),
    ];
    expect((await api(url, 'POST', '/api/profiles/rep/events', events)).status).toBe(200);
    const { sessions } = (await (await api(url, 'GET', '/api/profiles/rep/sessions')).json()) as {
      sessions: { id: number; started_at: number }[];
    };
    expect(sessions.map((s) => s.started_at)).toEqual([start]);
    const { page, errors } = await env.open(`/sessions/${sessions[0]!.id}?profile=rep`);
    const summary = page.getByTestId('report-summary');
    await summary.waitFor(WAIT);
    await page.getByTestId('report-activity').locator('canvas').waitFor(WAIT);
    // The peak was read in the minute the session started in, after its start: that minute's
    // start is not when it was.
    const time = (t: number) => page.evaluate((t) => new Date(t).toLocaleTimeString(), t);
    const [started, minuteOver, minuteStart] = [
      await time(start),
      await time(start - 14_000 + 60_000),
      await time(start - 14_000),
    ];
    const peaks = await summary.locator('tr', { hasText: 'Peak viewers' }).locator('td').allTextContents();
    expect(peaks).toHaveLength(2);
    for (const peak of peaks) {
      expect(peak).toMatch(new RegExp(` between ${started} and ${minuteOver}$`));
      expect(peak).not.toContain(minuteStart);
    }
    // Right of the activity chart's plot: room for the longest coins value and the axis label.
    const room = await page.getByTestId('report-activity').evaluate((chart) => {
      const over = chart.querySelector('.u-over')!.getBoundingClientRect();
      const ctx = chart.ownerDocument.createElement('canvas').getContext('2d')!;
      ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      const whole = chart.querySelector('.uplot')!.getBoundingClientRect();
      return { right: whole.right - over.right, text: ctx.measureText('1,000,000').width };
    });
    expect(room.right).toBeGreaterThanOrEqual(room.text + 30 + 10);
    // Left of both plots: the same room (their time axes in line), enough for the first date label.
    const plotLeft = (id: string) =>
      page.getByTestId(id).evaluate((chart) => {
        const over = chart.querySelector('.u-over')!.getBoundingClientRect();
        return over.left - chart.querySelector('.uplot')!.getBoundingClientRect().left;
      });
    const left = await plotLeft('report-viewers');
    expect(left).toBeGreaterThanOrEqual(50);
    expect(await plotLeft('report-activity')).toBe(left);
    expect(errors).toEqual([]);
    await page.close();
    expect((await api(url, 'DELETE', '/api/profiles/rep')).status).toBe(204);
  });

  // Runs last: it deletes every profile.
  test('deleting the default profile lands the dashboard on another, and with none left on a form to create one', async () => {
    const { page, errors } = await env.open('/');
    const shown = () => page.locator('main').getAttribute('data-profile');
    const connection = page.getByTestId('connection');
    await expect.poll(shown, WAIT).toBe('main');
    await expect.poll(() => connection.textContent(), WAIT).toBe('connected');

    // Deleted from the settings of the same page, which then shows the default again.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    const row = page.getByTestId('profiles').locator('tr', { hasText: 'main' });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await api(url, 'GET', '/api/profiles/main')).status, WAIT).toBe(404);
    await expect.poll(shown, WAIT).toBe('second');
    await page.getByRole('link', { name: 'Live' }).click();
    await expect.poll(() => connection.textContent(), WAIT).toBe('connected');
    expect(await shown()).toBe('second');
    expect(
      ((await (await fetch(`${url}/api/config`)).json()) as { default_profile: unknown }).default_profile,
    ).toBe(null);

    // A page opened afresh lands there too.
    const fresh = await env.open('/');
    await expect.poll(() => fresh.page.locator('main').getAttribute('data-profile'), WAIT).toBe('second');
    await expect.poll(() => fresh.page.getByTestId('connection').textContent(), WAIT).toBe('connected');
    await fresh.page.close();

    // A URL naming the deleted profile says so, instead of trying to reach it.
    await page.goto(`${url}/?profile=main`);
    await page.getByTestId('profile-missing').waitFor(WAIT);
    expect(await page.getByTestId('profile-missing').textContent()).toContain('There is no profile ‘main’');
    expect(await page.getByTestId('connection').count()).toBe(0);

    // With no profile left: a form to create one, which then shows it.
    expect((await api(url, 'DELETE', '/api/profiles/second')).status).toBe(204);
    await page.goto(`${url}/`);
    const none = page.getByTestId('no-profile');
    await none.waitFor(WAIT);
    expect(await page.getByTestId('connection').count()).toBe(0);
    // An overlay whose link names no profile says what to add, instead of staying blank.
    const overlay = await env.open('/overlay/counters');
    await overlay.page.getByTestId('overlay-refused').waitFor(WAIT);
    expect(await overlay.page.getByTestId('overlay-refused').textContent()).toContain('names no profile');
    await overlay.page.close();
    await none.getByLabel('Id').fill('newcomer');
    await none.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(shown, WAIT).toBe('newcomer');
    await expect.poll(() => connection.textContent(), WAIT).toBe('connected');
    expect(errors).toEqual([]);
    await page.close();
  });
});
