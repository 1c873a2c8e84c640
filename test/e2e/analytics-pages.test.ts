import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backfillDemo } from '../../src/ingest/simulator/demo-backfill.js';
import { ensureDemoProfile } from '../../src/ingest/simulator/demo-profile.js';
import { api } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

describe('sessions, report and goals pages', () => {
  let env: E2eEnv;
  let sessionId: number;
  beforeAll(async () => {
    env = await startE2e();
    const { services } = env.server;
    const streams = await ensureDemoProfile(services.profiles, 'history');
    // Two simulated hours in the past: enough minutes for the drivers analysis.
    await backfillDemo({
      submit: (p, events) => services.ingest.submit(p, events),
      profile: 'history',
      streams: streams.slice(0, 1),
      seed: 7,
      startAt: Date.now() - 3 * 3600_000,
      minutes: 120,
    });
    const { sessions } = (await (
      await api(env.server.url, 'GET', '/api/profiles/history/sessions')
    ).json()) as {
      sessions: { id: number }[];
    };
    expect(sessions.length).toBeGreaterThan(0);
    sessionId = sessions[0]!.id;
  }, 120_000);
  afterAll(() => env?.close());

  test('the sessions list links to a report with verdict sentences, numbers behind a click and charts', async () => {
    const { page, errors } = await env.open('/sessions?profile=history');
    await page.locator(`[data-testid=sessions] tr[data-session="${sessionId}"] a`).click();
    expect(new URL(page.url()).pathname).toBe(`/sessions/${sessionId}`);
    expect(new URL(page.url()).searchParams.get('profile')).toBe('history');
    const verdict = page.getByTestId('drivers-verdict');
    await verdict.waitFor();
    const drivers = (await (
      await api(env.server.url, 'GET', `/api/profiles/history/sessions/${sessionId}/drivers`)
    ).json()) as {
      verdict: string;
      drivers: { significant: boolean }[];
    };
    expect((await verdict.textContent())?.trim()).toBe(drivers.verdict);
    expect(drivers.verdict.length).toBeGreaterThan(10);
    // The numbers are there, folded away until asked for.
    const numbers = page.getByTestId('driver-numbers');
    expect(await numbers.isVisible()).toBe(false);
    await page.getByText('The numbers behind it').click();
    expect(await numbers.isVisible()).toBe(true);
    expect(await numbers.locator('tbody tr').count()).toBe(drivers.drivers.length);
    if (drivers.drivers.some((d) => d.significant)) {
      await page.getByTestId('driver-chart').locator('canvas').waitFor();
    }
    await page.getByTestId('report-viewers').locator('canvas').waitFor();
    expect(await page.getByTestId('report-summary').textContent()).toContain('Peak viewers');
    await page.getByTestId('resolution').selectOption('15');
    await expect.poll(() => page.getByTestId('resolution').inputValue()).toBe('15');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the goals page creates a goal and its progress appears and moves', async () => {
    await api(env.server.url, 'POST', '/api/profiles', { id: 'goals', name: 'Goals' });
    await api(env.server.url, 'POST', '/api/profiles/goals/streams', {
      id: 'main',
      platform: 'custom',
      channel: 'm',
    });
    const like = (count: number, id: string) =>
      api(env.server.url, 'POST', '/api/profiles/goals/events', [
        { stream: 'main', kind: 'like', at: Date.now(), id, count },
      ]);
    await like(20, 'l1');
    const { page, errors } = await env.open('/goals?profile=goals');
    const form = page.getByTestId('goal-form').first();
    await form.locator('input[name=name]').fill('Hundred likes');
    await form.locator('select[name=metric]').selectOption('likes');
    await form.locator('input[name=target]').fill('100');
    await form.locator('select[name=scope]').selectOption('all_time');
    await form.getByRole('button', { name: 'Create goal' }).click();
    const progress = page.getByTestId('goal-progress');
    await expect.poll(() => progress.textContent()).toBe('20 / 100');
    await like(15, 'l2');
    await expect.poll(() => progress.textContent()).toBe('35 / 100');
    expect(readCount((await progress.textContent())?.split('/')[0] ?? '')).toBe(35);
    expect(errors).toEqual([]);
    await page.close();
  });
});
