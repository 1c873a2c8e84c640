import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createProfile } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

/** What a chart drew last, as the page records it in `window.__spCharts`. */
interface DrawnChart {
  x: { min: number | null; max: number | null };
  points: number;
  plotLeft: number;
  data: (number | null)[][];
  axes: {
    scale: string;
    side: number;
    size: number;
    labels: string[];
    positions: number[];
    widths: number[];
  }[];
}

const MINUTE = 60_000;
const WINDOW_S = 600;

const drawn = (page: Page, chart: string) =>
  page.evaluate<DrawnChart | undefined>(`window.__spCharts?.[${JSON.stringify(chart)}]`);

async function push(env: E2eEnv, profile: string, events: unknown[]): Promise<void> {
  const res = await api(env.server.url, 'POST', `/api/profiles/${profile}/events`, events);
  expect(res.status).toBe(200);
}

const chat = (stream: string, at: number, text: string) => ({
  stream,
  kind: 'chat',
  at,
  user: { id: text, name: text },
  text,
});

/** Waits until the page has read the profile's last minutes (the on-air badge says what it found). */
async function openLive(env: E2eEnv, profile: string): Promise<Page> {
  const { page } = await env.open(`/?profile=${profile}`);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor();
  await expect.poll(() => page.getByTestId('on-air').textContent()).toMatch(/LIVE|offline/);
  return page;
}

describe('live charts', () => {
  let env: E2eEnv;
  // Minute starts of the history pushed before any page opens.
  let minutes: number[];

  beforeAll(async () => {
    env = await startE2e();
    const url = env.server.url;
    const now = Date.now();
    const thisMinute = Math.floor(now / MINUTE) * MINUTE;
    minutes = [8, 6, 4, 2].map((ago) => thisMinute - ago * MINUTE);
    await createProfile(url, 'history', ['cam']);
    await push(
      env,
      'history',
      minutes.flatMap((m, i) => [
        { stream: 'cam', kind: 'viewers', at: m + 10_000, count: 100 * (i + 1) },
        ...Array.from({ length: i + 1 }, (_, k) => chat('cam', m + 20_000 + k, `m${i}-${k}`)),
      ]),
    );
    await createProfile(url, 'quiet', ['cam']);
    await push(env, 'quiet', [{ stream: 'cam', kind: 'viewers', at: now - 30_000, count: 1620 }]);
    await createProfile(url, 'steady', ['cam']);
    await push(env, 'steady', [{ stream: 'cam', kind: 'viewers', at: now - 30_000, count: 1620 }]);
    await createProfile(url, 'empty', ['cam']);
    await createProfile(url, 'old-chat', ['cam']);
    await push(env, 'old-chat', [chat('cam', now - 330 * 24 * 60 * MINUTE, 'eleven months ago')]);
  }, 120_000);
  afterAll(() => env?.close());

  test('the chart opens with the last ten minutes read from the server, and keeps them across a reload', async () => {
    for (let load = 0; load < 2; load++) {
      const page = await openLive(env, 'history');
      // Every reading before the page opened, each as of the end of its minute, then the live one.
      await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.points ?? 0).toBeGreaterThan(4);
      const [times, values] = (await drawn(page, 'viewers-chart'))!.data;
      const at = (m: number) => values![times!.indexOf((m + MINUTE) / 1000 - 1)];
      expect(minutes.map(at)).toEqual([100, 200, 300, 400]);
      expect(values!.at(-1)).toBe(400);
      // Messages per minute of event time, from the rollups.
      await expect
        .poll(async () => {
          const activity = await drawn(page, 'activity-chart');
          if (!activity) return [];
          const [times, comments] = activity.data;
          return times!.flatMap((t, i) => (comments![i]! > 0 ? [[t! * 1000, comments![i]]] : []));
        })
        .toEqual(minutes.map((m, i) => [m, i + 1]));
      await page.close();
    }
    // And live after that: a reading pushed now follows the history.
    const page = await openLive(env, 'history');
    await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.points ?? 0).toBeGreaterThan(4);
    await push(env, 'history', [{ stream: 'cam', kind: 'viewers', at: Date.now(), count: 450 }]);
    await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.data[1]?.at(-1)).toBe(450);
    const [times, values] = (await drawn(page, 'viewers-chart'))!.data;
    expect(minutes.map((m) => values![times!.indexOf((m + MINUTE) / 1000 - 1)])).toEqual([
      100, 200, 300, 400,
    ]);
    await page.close();
  });

  test('time ticks fall on whole minutes or half-minutes, labelled as clock times', async () => {
    const page = await openLive(env, 'history');
    for (const name of ['viewers-chart', 'activity-chart']) {
      await expect
        .poll(async () => (await drawn(page, name))?.axes[0]?.labels.length ?? 0)
        .toBeGreaterThan(2);
      const axis = (await drawn(page, name))!.axes[0]!;
      for (const label of axis.labels) expect(label).toMatch(/^\d\d:\d\d(:[03]0)?$/);
      expect(new Set(axis.labels).size).toBe(axis.labels.length);
      // Labels side by side do not run into each other.
      for (let i = 1; i < axis.positions.length; i++) {
        expect(axis.positions[i]! - axis.positions[i - 1]!).toBeGreaterThan(Number(axis.widths[i - 1]));
      }
    }
    // One time axis for both: the same time sits at the same place in each.
    const [viewers, activity] = [
      (await drawn(page, 'viewers-chart'))!,
      (await drawn(page, 'activity-chart'))!,
    ];
    const placeOf = (chart: DrawnChart, label: string) =>
      chart.plotLeft + chart.axes[0]!.positions[chart.axes[0]!.labels.indexOf(label)]!;
    const shared = viewers.axes[0]!.labels.filter((l) => activity.axes[0]!.labels.includes(l));
    expect(shared.length).toBeGreaterThan(2);
    for (const label of shared)
      expect(Math.abs(placeOf(viewers, label) - placeOf(activity, label))).toBeLessThan(1);
    await page.close();
  });

  test('each count axis has one scale of whole, round, readable ticks starting at zero', async () => {
    for (const profile of ['history', 'steady']) {
      const page = await openLive(env, profile);
      if (profile === 'steady') {
        // Viewers that barely move (1,620 then 1,621) once drew ticks a quarter apart, labels cut off.
        // The page keeps one reading a second: the second reading comes a second after the first.
        await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.data[1]?.at(-1)).toBe(1620);
        const first = (await drawn(page, 'viewers-chart'))!.data[0]!.at(-1)!;
        await expect.poll(() => Date.now() / 1000, { interval: 100 }).toBeGreaterThan(first + 1);
        await push(env, 'steady', [{ stream: 'cam', kind: 'viewers', at: Date.now(), count: 1621 }]);
        await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.data[1]?.at(-1)).toBe(1621);
      }
      for (const name of ['viewers-chart', 'activity-chart']) {
        await expect
          .poll(async () => (await drawn(page, name))?.axes[1]?.labels.length ?? 0)
          .toBeGreaterThan(1);
        const chart = (await drawn(page, name))!;
        // Axes that label something (an empty spacer keeps the charts' plots the same width).
        const counts = chart.axes.slice(1).filter((a) => a.labels.length > 0);
        expect(new Set(counts.map((a) => a.scale)).size).toBe(counts.length);
        for (const axis of counts) {
          const values = axis.labels.map(readCount);
          for (const label of axis.labels) expect(label).toMatch(/^\d{1,3}(,\d{3})*$/);
          expect(values[0]).toBe(0);
          const step = values[1]! - values[0]!;
          expect(String(step)).toMatch(/^[125]0*$/);
          values.forEach((v, i) => expect(v).toBe(i * step));
          // Rows of labels a line apart at least, each within its axis.
          for (let i = 1; i < axis.positions.length; i++) {
            expect(Math.abs(axis.positions[i]! - axis.positions[i - 1]!)).toBeGreaterThanOrEqual(14);
          }
          for (const width of axis.widths) expect(width).toBeLessThanOrEqual(axis.size);
        }
      }
      if (profile === 'steady') {
        const top = (await drawn(page, 'viewers-chart'))!.axes[1]!.labels.map(readCount).at(-1)!;
        expect(top).toBeGreaterThanOrEqual(1621);
      }
      await page.close();
    }
  });

  test('with one reading or none, the time axis still shows the last ten minutes ending now', async () => {
    for (const profile of ['quiet', 'empty']) {
      const page = await openLive(env, profile);
      await expect.poll(async () => (await drawn(page, 'viewers-chart'))?.x.max ?? 0).toBeGreaterThan(0);
      for (const name of ['viewers-chart', 'activity-chart']) {
        const { x } = (await drawn(page, name))!;
        expect(x.max! - x.min!).toBeCloseTo(WINDOW_S, 0);
        expect(Math.abs(x.max! - Date.now() / 1000)).toBeLessThan(10);
      }
      await page.close();
    }
  });

  test('chat per minute counts messages sent in the last minute, not the last message ever', async () => {
    const page = await openLive(env, 'old-chat');
    const tile = page.locator('[data-testid=combined] [data-metric=chat_velocity] .tile-value');
    const row = page.locator('[data-testid=per-stream] tr[data-stream=cam] [data-metric=chat_velocity]');
    await expect.poll(() => tile.textContent()).toBe('0');
    expect(await row.textContent()).toBe('0');
    // The server's own figure is as of its latest message: the page must not show it.
    const stats = (await (await api(env.server.url, 'GET', '/api/stats?profile=old-chat')).json()) as {
      chat_velocities: Record<string, number>;
    };
    expect(stats.chat_velocities.cam).toBe(1);
    // A message sent now counts.
    await push(env, 'old-chat', [chat('cam', Date.now(), 'now')]);
    await expect.poll(() => tile.textContent(), { timeout: 15_000 }).toBe('1');
    expect(await row.textContent()).toBe('1');
    await page.close();
  });

  test('the page tells being connected apart from a stream being live, and says what each means', async () => {
    const page = await openLive(env, 'history');
    const connection = page.getByTestId('connection');
    const onAir = page.getByTestId('on-air');
    expect(await connection.textContent()).toBe('connected');
    expect(await connection.getAttribute('title')).toMatch(
      /link to the server.*nothing about whether a stream/,
    );
    await expect.poll(() => onAir.textContent()).toBe('LIVE (1)');
    expect(await onAir.getAttribute('title')).toMatch(/open session.*Live now: cam/);
    // The session ends: the page stays connected, the profile is offline.
    await push(env, 'history', [{ stream: 'cam', kind: 'stream_end', at: Date.now() }]);
    await expect.poll(() => onAir.textContent(), { timeout: 15_000 }).toBe('offline');
    expect(await connection.textContent()).toBe('connected');
    await page.close();

    const empty = await openLive(env, 'empty');
    expect(await empty.getByTestId('on-air').textContent()).toBe('offline');
    expect(await empty.getByTestId('connection').textContent()).toBe('connected');
    await empty.close();
  });
});
