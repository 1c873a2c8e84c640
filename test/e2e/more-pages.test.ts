import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

const DAY = 24 * 3600_000;
const WAIT = { timeout: 10_000 };

interface Session {
  id: number;
  started_at: number;
  duration_ms: number;
  avg_viewers: number | null;
}

/** The leaderboard table as [viewer name, total] rows, in the order shown. */
const boardRows = (page: Page): Promise<[string, number][]> =>
  page
    .locator('[data-testid=leaderboard] tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('td:nth-child(2) .muted')?.textContent ?? '',
        total: tr.querySelector('td:nth-child(3)')?.textContent ?? '',
      })),
    )
    .then((rows) => rows.map(({ name, total }) => [name.replace(/^@/, ''), readCount(total)]));

describe('leaderboards, viewers, peak times and settings pages', () => {
  let env: E2eEnv;
  let url: string;
  const get = async <T>(path: string): Promise<T> => (await (await api(url, 'GET', path)).json()) as T;

  beforeAll(async () => {
    env = await startE2e({
      // Adding a Twitch stream must not leave the machine.
      STREAMPULSE_TWITCH_IRC_URL: 'ws://127.0.0.1:9',
    });
    url = env.server.url;
    await api(url, 'POST', '/api/profiles', { id: 'board', name: 'Board' });
    await api(url, 'POST', '/api/profiles/board/streams', { id: 'main', platform: 'custom', channel: 'm' });
    const user = (id: string) => ({ id, name: `${id}_viewer`, display: id.toUpperCase() });
    // Forty days ago: a big gift that only the longer periods see.
    const old = Date.now() - 40 * DAY;
    let res = await api(url, 'POST', '/api/profiles/board/events', [
      {
        stream: 'main',
        kind: 'gift',
        at: old + 1000,
        id: 'o1',
        user: user('dave'),
        count: 1,
        value: 9000,
        gift: { id: 'u', name: 'Universe' },
      },
    ]);
    expect(res.status).toBe(200);
    const now = Date.now() - 60_000;
    const gift = (who: string, n: number, count: number, value: number, name: string) => ({
      stream: 'main',
      kind: 'gift',
      at: now + n * 100,
      id: `g${n}`,
      user: user(who),
      count,
      value,
      gift: { id: name.toLowerCase(), name },
    });
    const chat = (who: string, n: number) => ({
      stream: 'main',
      kind: 'chat',
      at: now + n * 100,
      id: `c${n}`,
      user: user(who),
      text: `hello ${n}`,
    });
    res = await api(url, 'POST', '/api/profiles/board/events', [
      { stream: 'main', kind: 'viewers', at: now, id: 'v0', count: 100 },
      { stream: 'main', kind: 'viewers', at: now + 30_000, id: 'v1', count: 140 },
      // coins: alice 500, carol 100, bob 50; gifts: bob 5, alice 2, carol 1; messages: bob 4, carol 2, alice 1.
      gift('alice', 1, 2, 500, 'Lion'),
      gift('bob', 2, 5, 50, 'Rose'),
      gift('carol', 3, 1, 100, 'Heart'),
      chat('alice', 4),
      chat('bob', 5),
      chat('bob', 6),
      chat('bob', 7),
      chat('bob', 8),
      chat('carol', 9),
      chat('carol', 10),
    ]);
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(() => env?.close());

  test('leaderboards rank the viewers by the metric and period picked', async () => {
    const { page, errors } = await env.open('/leaderboards?profile=board');
    const metric = page.getByTestId('metric');
    const period = page.getByTestId('period');
    expect(await metric.inputValue()).toBe('coins');
    // The rolling week first: a calendar week is nearly empty on its first morning.
    expect(await period.inputValue()).toBe('last7d');
    await expect
      .poll(() => boardRows(page), WAIT)
      .toEqual([
        ['alice_viewer', 500],
        ['carol_viewer', 100],
        ['bob_viewer', 50],
      ]);
    // The display name shows, and the gifts and the biggest one.
    const first = page.locator('[data-testid=leaderboard] tbody tr').first();
    expect(await first.locator('td').nth(1).textContent()).toContain('ALICE');
    expect(await first.locator('td').nth(3).textContent()).toBe('2× Lion');
    expect(await first.locator('td').nth(4).textContent()).toBe('Lion (500)');
    // A name opens that viewer's page, in the same profile.
    expect(await first.locator('td').nth(1).locator('a').getAttribute('href')).toBe(
      '/viewers/alice?profile=board',
    );

    await metric.selectOption('gifts');
    await expect
      .poll(() => boardRows(page), WAIT)
      .toEqual([
        ['bob_viewer', 5],
        ['alice_viewer', 2],
        ['carol_viewer', 1],
      ]);
    expect(await page.locator('[data-testid=leaderboard] thead').textContent()).toContain('gifts');
    await metric.selectOption('messages');
    await expect
      .poll(() => boardRows(page), WAIT)
      .toEqual([
        ['bob_viewer', 4],
        ['carol_viewer', 2],
        ['alice_viewer', 1],
      ]);

    // Back to coins: the forty-day-old gift counts in "all" but not in the last 30 days.
    await metric.selectOption('coins');
    await period.selectOption('all');
    await expect
      .poll(() => boardRows(page), WAIT)
      .toEqual([
        ['dave_viewer', 9000],
        ['alice_viewer', 500],
        ['carol_viewer', 100],
        ['bob_viewer', 50],
      ]);
    await period.selectOption('last30d');
    await expect
      .poll(async () => (await boardRows(page)).map((r) => r[0]), WAIT)
      .not.toContain('dave_viewer');
    expect(await boardRows(page)).toHaveLength(3);
    expect(await page.locator('main').textContent()).toContain('time zone UTC');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('viewers are found by part of their name and open on their totals, level and sessions', async () => {
    const { page, errors } = await env.open('/viewers?profile=board');
    const names = () =>
      page
        .locator('[data-testid=viewers] tbody tr td:first-child .muted')
        .allTextContents()
        .then((all) => all.sort());
    await expect.poll(names, WAIT).toEqual(['@alice_viewer', '@bob_viewer', '@carol_viewer', '@dave_viewer']);
    await page.getByTestId('viewer-search').fill('lic');
    await expect.poll(names, WAIT).toEqual(['@alice_viewer']);
    await page.getByTestId('viewer-search').fill('AR');
    await expect.poll(names, WAIT).toEqual(['@carol_viewer']);
    await page.locator('[data-testid=viewers] tbody tr a').click();
    expect(new URL(page.url()).pathname).toBe('/viewers/carol');
    expect(new URL(page.url()).searchParams.get('profile')).toBe('board');

    await page.getByTestId('viewer-search').waitFor({ state: 'detached' });
    await page.goto(`${url}/viewers/alice?profile=board`);
    const detail = page.getByTestId('viewer-detail');
    await detail.locator('h1').waitFor(WAIT);
    expect(await detail.locator('h1').textContent()).toBe('ALICE @alice_viewer');
    const tile = async (label: string) =>
      readCount(
        await detail
          .locator('.tile')
          .filter({ has: page.locator('.tile-label', { hasText: new RegExp(`^${label}$`) }) })
          .locator('.tile-value')
          .textContent(),
      );
    expect(await tile('coins')).toBe(500);
    expect(await tile('gifts')).toBe(2);
    expect(await tile('comments')).toBe(1);
    expect(await tile('likes')).toBe(0);
    // 500 coins x 1 + 1 message x 2 = 502 XP: level 5 (400..625).
    const alice = await get<{ xp: number; level: number; sessions: number }>(
      '/api/profiles/board/viewers/alice',
    );
    expect(alice).toMatchObject({ xp: 502, level: 5, sessions: 1 });
    const text = await detail.textContent();
    expect(text).toContain('Level 5 (502 XP; next level at 625)');
    expect(text).toContain('Seen in 1 session,');
    const sessions = detail.locator('table tbody tr');
    expect(await sessions.count()).toBe(1);
    const cells = await sessions.first().locator('td').allTextContents();
    expect(cells.slice(1)).toEqual(['main', '1 message', '500 coins', '0 likes']);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("peak times show the server's grid in the profile's time zone, naming it", async () => {
    const grid = await get<{
      timezone: string;
      cells: { weekday: number; hour: number; viewers: number | null }[];
    }>('/api/profiles/board/peak-times');
    const withViewers = grid.cells.filter((c) => c.viewers != null);
    expect(withViewers.length).toBeGreaterThan(0);
    const { page, errors } = await env.open('/heatmap?profile=board');
    await expect
      .poll(() => page.getByTestId('peak-caption').textContent(), WAIT)
      .toContain("Average viewers by weekday and hour in UTC (the profile's time zone), over all time.");
    const rows = page.locator('[data-testid=heatmap] tbody tr');
    const filled = () =>
      page
        .locator('[data-testid=heatmap] tbody td')
        .evaluateAll((tds) => tds.filter((td) => td.textContent !== '').map((td) => td.textContent));
    expect(await rows.count()).toBe(7);
    const first = rows.nth(withViewers[0]!.weekday).locator('td').nth(withViewers[0]!.hour);
    const expected = String(Math.round(withViewers[0]!.viewers!));
    await expect.poll(() => first.textContent(), WAIT).toBe(expected);
    expect(await first.getAttribute('title')).toBe(`${expected} viewers on average`);
    expect(await first.getAttribute('style')).toMatch(/background: rgba?\(79, 140, 255[,)]/);
    expect(await filled()).toEqual(withViewers.map((c) => String(Math.round(c.viewers!))));
    await page.close();

    // A session from hh:50 to hh+1:10 three days ago fills both hours.
    await api(url, 'POST', '/api/profiles', { id: 'peaks', name: 'Peaks' });
    await api(url, 'POST', '/api/profiles/peaks/streams', { id: 'main', platform: 'custom', channel: 'm' });
    const start = Math.floor((Date.now() - 3 * DAY) / 3600_000) * 3600_000 + 50 * 60_000;
    const readings = Array.from({ length: 6 }, (_, i) => ({
      stream: 'main',
      kind: 'viewers',
      at: start + i * 4 * 60_000,
      id: `p${i}`,
      count: 200,
    }));
    expect((await api(url, 'POST', '/api/profiles/peaks/events', readings)).status).toBe(200);
    const peaks = await env.open('/heatmap?profile=peaks');
    const peaksSession = (await get<{ sessions: Session[] }>('/api/profiles/peaks/sessions')).sessions[0]!;
    expect(peaksSession).toMatchObject({ started_at: start, duration_ms: 20 * 60_000, avg_viewers: 200 });
    // Weekday (Monday first) and hour in the profile's time zone (UTC unless set).
    const at = (t: number) => {
      const d = new Date(t);
      return [(d.getUTCDay() + 6) % 7, d.getUTCHours()] as const;
    };
    const peakRows = peaks.page.locator('[data-testid=heatmap] tbody tr');
    const [d0, h0] = at(start);
    const [d1, h1] = at(start + 20 * 60_000);
    await expect.poll(() => peakRows.nth(d0).locator('td').nth(h0).textContent(), WAIT).toBe('200');
    expect(await peakRows.nth(d1).locator('td').nth(h1).textContent()).toBe('200');
    expect(
      await peaks.page
        .locator('[data-testid=heatmap] tbody td')
        .evaluateAll((tds) => tds.filter((td) => td.textContent !== '').length),
    ).toBe(2);
    expect([...errors, ...peaks.errors]).toEqual([]);
    await peaks.page.close();
  });

  test('settings create a profile, which the picker then offers and switches to', async () => {
    const { page, errors } = await env.open('/settings?profile=board');
    const profiles = page.getByTestId('profiles');
    await profiles.getByText('Board').waitFor(WAIT);
    await page.getByLabel('Id', { exact: true }).fill('fresh');
    await page.getByLabel('Name', { exact: true }).fill('Fresh one');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('profile'), WAIT).toBe('fresh');
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await get<{ name: string }>('/api/profiles/fresh')).toMatchObject({ name: 'Fresh one' });
    expect(await page.getByTestId('profile-picker').inputValue()).toBe('fresh');
    // The list shows the new profile, as the one shown.
    await expect
      .poll(() => profiles.locator('tr', { hasText: 'shown' }).textContent(), WAIT)
      .toContain('Fresh one fresh');
    expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe('');
    await page.close();

    // Another page offers it in the picker; choosing it puts it in the URL and the page follows.
    const other = await env.open('/settings?profile=board');
    const picker = other.page.getByTestId('profile-picker');
    await expect
      .poll(() => picker.locator('option').allTextContents(), WAIT)
      .toEqual(expect.arrayContaining(['Board (board)', 'Fresh one (fresh)']));
    expect(await picker.inputValue()).toBe('board');
    await picker.selectOption('fresh');
    expect(new URL(other.page.url()).pathname).toBe('/settings');
    expect(new URL(other.page.url()).searchParams.get('profile')).toBe('fresh');
    await expect
      .poll(() => other.page.getByTestId('profiles').locator('tr', { hasText: 'shown' }).textContent(), WAIT)
      .toContain('fresh');
    await picker.selectOption('board');
    expect(new URL(other.page.url()).searchParams.get('profile')).toBe('board');
    expect([...errors, ...other.errors]).toEqual([]);
    await other.page.close();
  });

  // A bug once: the header's picker loaded the profile list once, so a profile created on the
  // settings page only showed up in it after a page reload.
  test('the picker offers a profile created in the same page', async () => {
    const { page } = await env.open('/settings?profile=board');
    try {
      const picker = page.getByTestId('profile-picker');
      await expect.poll(() => picker.locator('option').count(), WAIT).toBeGreaterThan(0);
      await page.getByLabel('Id', { exact: true }).fill('later');
      await page.getByLabel('Name', { exact: true }).fill('Later');
      await page.getByRole('button', { name: 'Create profile' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('profile'), WAIT).toBe('later');
      await expect
        .poll(() => picker.locator('option').allTextContents(), { timeout: 3000 })
        .toContain('Later (later)');
    } finally {
      await page.close();
    }
  });

  test('deleting a profile asks first: cancel keeps it, confirm removes it', async () => {
    await api(url, 'POST', '/api/profiles', { id: 'doomed', name: 'Doomed' });
    const { page, errors } = await env.open('/settings?profile=board');
    const row = page.getByTestId('profiles').locator('tr', { hasText: 'doomed' });
    await row.waitFor(WAIT);
    const dialogs: string[] = [];
    const deletes: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'DELETE') deletes.push(r.url());
    });
    let dismissed!: Promise<void>;
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      dismissed = d.dismiss();
    });
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => dialogs.length, WAIT).toBe(1);
    expect(dialogs[0]).toBe('Delete the profile "doomed" and all its data? This cannot be undone.');
    // Once the dismissal is handled and the page has run a task after it, a DELETE it started
    // would have been seen: none was.
    await dismissed;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(deletes).toEqual([]);
    expect((await api(url, 'GET', '/api/profiles/doomed')).status).toBe(200);
    expect(await row.count()).toBe(1);

    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await api(url, 'GET', '/api/profiles/doomed')).status, WAIT).toBe(404);
    expect(dialogs).toHaveLength(2);
    await expect.poll(() => row.count(), WAIT).toBe(0);
    // The other profiles stay, and the page stays on the one shown.
    expect(await page.getByTestId('profiles').textContent()).toContain('Board');
    expect(new URL(page.url()).searchParams.get('profile')).toBe('board');
    await page.close();
    const other = await env.open('/settings?profile=board');
    await expect
      .poll(() => other.page.getByTestId('profile-picker').locator('option').allTextContents(), WAIT)
      .toContain('Board (board)');
    expect(await other.page.getByTestId('profile-picker').locator('option').allTextContents()).not.toContain(
      'Doomed (doomed)',
    );
    expect([...errors, ...other.errors]).toEqual([]);
    await other.page.close();
  });

  test('settings add a Twitch stream and save the time zone', async () => {
    await api(url, 'POST', '/api/profiles', { id: 'conf', name: 'Conf' });
    const { page, errors } = await env.open('/settings?profile=conf');
    await page.getByLabel('Platform').selectOption('twitch');
    expect(await page.getByLabel('Channel', { exact: true }).getAttribute('placeholder')).toBe('#channel');
    await page.getByLabel('Channel', { exact: true }).fill('#somechannel');
    await page.getByLabel('Stream id').fill('twitch-main');
    await page.getByRole('button', { name: 'Add stream' }).click();
    const row = page.getByTestId('streams').locator('tr', { hasText: 'twitch-main' });
    await row.waitFor(WAIT);
    expect(await row.locator('td').first().textContent()).toMatch(/twitch-main\s+twitch #?somechannel/);
    const { streams } = await get<{ streams: { id: string; platform: string; channel: string }[] }>(
      '/api/profiles/conf/streams',
    );
    expect(streams).toEqual([expect.objectContaining({ id: 'twitch-main', platform: 'twitch' })]);
    expect(streams[0]!.channel).toMatch(/somechannel/);
    // The form empties for the next one.
    expect(await page.getByLabel('Stream id').inputValue()).toBe('');

    const zone = page.getByPlaceholder('Europe/Berlin');
    await expect.poll(() => zone.inputValue(), WAIT).toBe('UTC');
    await zone.fill('America/Sao_Paulo');
    await zone.locator('xpath=..').getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: America/Sao_Paulo').waitFor(WAIT);
    expect(await get<{ timezone: string }>('/api/profiles/conf/settings/timezone')).toEqual({
      timezone: 'America/Sao_Paulo',
    });
    // A zone that does not exist is refused, and said so.
    await zone.fill('Mars/Olympus');
    await zone.locator('xpath=..').getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => zone.locator('xpath=..').locator('span').textContent(), WAIT)
      .not.toContain('Saved');
    expect((await get<{ timezone: string }>('/api/profiles/conf/settings/timezone')).timezone).toBe(
      'America/Sao_Paulo',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  test('settings save trigger thresholds and the webhook, whose secret is shown only as set', async () => {
    const { page, errors } = await env.open('/settings?profile=conf');
    await page.getByRole('heading', { name: 'Spike triggers' }).waitFor(WAIT);
    // One row per signal, in the order viewers, chat velocity, gift value.
    await page.getByLabel('Threshold (MADs)').nth(0).fill('4.5');
    await page.getByLabel('Cooldown (ms)').nth(0).fill('120000');
    await page.getByLabel('Min change').nth(2).fill('250');
    await page.getByLabel('Webhook URL').fill('https://hooks.example.test/sp');
    await page.getByLabel('Secret (signs each POST)').fill('s3cret-value');
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor(WAIT);
    const saved = await get<Record<string, Record<string, unknown> | null>>(
      '/api/profiles/conf/settings/triggers',
    );
    expect(saved.viewers).toMatchObject({ threshold: 4.5, cooldownMs: 120000 });
    expect(saved.gift_value).toMatchObject({ minAbsoluteChange: 250 });
    expect(saved.webhook).toEqual({ url: 'https://hooks.example.test/sp', secret_set: true });
    // Shown again on a fresh load; the secret only as set, never its value.
    await page.reload();
    await expect.poll(() => page.getByLabel('Threshold (MADs)').nth(0).inputValue(), WAIT).toBe('4.5');
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe('https://hooks.example.test/sp');
    await page.getByText('A secret is set.').waitFor(WAIT);
    expect(await page.getByLabel('Secret (signs each POST)').count()).toBe(0);
    expect(await page.content()).not.toContain('s3cret-value');
    // Cleared on request.
    await page.getByRole('button', { name: 'Clear secret' }).click();
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor(WAIT);
    expect((await get<{ webhook: unknown }>('/api/profiles/conf/settings/triggers')).webhook).toEqual({
      url: 'https://hooks.example.test/sp',
      secret_set: false,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the overlay builder shows the URL of the overlay and options picked', async () => {
    const { page, errors } = await env.open('/settings?profile=board');
    const shown = async () => new URL((await page.getByTestId('overlay-url').textContent()) ?? '');
    let overlay = await shown();
    expect(overlay.origin).toBe(url);
    expect(overlay.pathname).toBe('/overlay/counters');
    expect(overlay.searchParams.get('profile')).toBe('board');

    await page.getByTestId('overlay-kind').selectOption('leaderboard');
    const builder = page.locator('section', { has: page.getByTestId('overlay-kind') });
    await builder.getByLabel('Metric').selectOption('messages');
    await builder.getByLabel('Period').selectOption('today');
    await builder.getByLabel('Top N').fill('3');
    await builder.getByLabel('Theme').selectOption('light');
    await builder.getByLabel('Font size').fill('40');
    await expect.poll(async () => (await shown()).searchParams.get('limit'), WAIT).toBe('3');
    overlay = await shown();
    expect(overlay.pathname).toBe('/overlay/leaderboard');
    expect(Object.fromEntries(overlay.searchParams)).toEqual({
      profile: 'board',
      theme: 'light',
      color: '4f8cff',
      font: '40',
      metric: 'messages',
      period: 'today',
      limit: '3',
    });
    // The preview shows that same URL.
    expect(await builder.locator('iframe').getAttribute('src')).toBe(overlay.href);

    await page.getByTestId('overlay-kind').selectOption('events');
    await builder.getByLabel('Events', { exact: true }).fill('follow,gift,chat');
    await expect.poll(async () => (await shown()).pathname, WAIT).toBe('/overlay/events');
    await expect.poll(async () => (await shown()).searchParams.get('kinds'), WAIT).toBe('follow,gift,chat');
    expect((await shown()).searchParams.get('profile')).toBe('board');
    expect((await shown()).searchParams.has('metric')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
