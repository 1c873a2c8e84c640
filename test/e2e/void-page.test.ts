import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createProfile } from '../support/live-server.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';

describe('taking back stray events from the session page', () => {
  let env: E2eEnv;
  let sessionId: number;
  // Whole seconds, ten minutes ago: the stray gift sits alone in one second of the session.
  const t0 = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
  beforeAll(async () => {
    env = await startE2e();
    await createProfile(env.server.url, 'ana', ['tiktok-a']);
    const user = { id: 'u1', name: 'ana' };
    const events = [
      ...Array.from({ length: 6 }, (_, i) => ({
        stream: 'tiktok-a',
        kind: 'viewers',
        at: t0 + i * 60_000,
        count: 40,
      })),
      {
        stream: 'tiktok-a',
        kind: 'gift',
        at: t0 + 90_000,
        user,
        gift: { id: 'g', name: 'Rose' },
        count: 1,
        value: 3,
      },
      {
        stream: 'tiktok-a',
        kind: 'gift',
        at: t0 + 150_000,
        user,
        gift: { id: 'u', name: 'Universe' },
        count: 1,
        value: 44_999,
      },
    ];
    expect((await api(env.server.url, 'POST', '/api/profiles/ana/events', events)).status).toBe(200);
    const { sessions } = (await (await api(env.server.url, 'GET', '/api/profiles/ana/sessions')).json()) as {
      sessions: { id: number }[];
    };
    sessionId = sessions[0]!.id;
  }, 120_000);
  afterAll(() => env?.close());

  test('counts the events of a time range, voids them with a reason, and shows the session without them', async () => {
    const { page, errors } = await env.open(`/sessions/${sessionId}?profile=ana`);
    const panel = page.getByTestId('void-panel');
    await panel.waitFor();
    const coins = page.locator('[data-testid=report-summary] tr', { hasText: 'Coins' }).locator('td').first();
    expect(readCount(await coins.textContent())).toBe(45_002);

    const local = (ms: number) =>
      page.evaluate((at) => {
        const d = new Date(at);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      }, ms);
    await page.getByTestId('void-from').fill(await local(t0 + 150_000));
    await page.getByTestId('void-to').fill(await local(t0 + 151_000));
    await page.getByTestId('void-count').click();
    await expect
      .poll(() => page.getByTestId('void-count-result').textContent())
      .toContain('1 event(s) of tiktok-a');
    expect(await page.getByTestId('void-confirm').isDisabled()).toBe(true);
    await page.getByTestId('void-reason').fill('a test gift');
    await page.getByTestId('void-confirm').click();
    await expect.poll(() => page.getByTestId('void-message').textContent()).toMatch(/Voided 1 event/);
    await expect.poll(async () => readCount(await coins.textContent())).toBe(3);

    const { events } = (await (await api(env.server.url, 'GET', '/api/profiles/ana/events')).json()) as {
      events: { kind: string; voided_by?: number; data?: { reason?: string; by?: string } }[];
    };
    const voidEvent = events.at(-1)!;
    expect(voidEvent).toMatchObject({ kind: 'void', data: { reason: 'a test gift', by: 'dashboard' } });
    expect(events.filter((e) => e.voided_by !== undefined)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
