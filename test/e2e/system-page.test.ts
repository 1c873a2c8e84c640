import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { api, createProfile } from '../support/live-server.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 10_000 };

describe('the System page', () => {
  let env: E2eEnv;

  /** Pushes a batch of chat to `alpha`, so that its data grows between two storage readings. */
  let pushed = 0;
  async function pushChat(n: number): Promise<void> {
    const at = Date.now();
    const events = Array.from({ length: n }, (_, i) => ({
      stream: 'main',
      kind: 'chat',
      at: at + i,
      id: `chat-${pushed + i}`,
      user: { id: `u${i % 20}`, name: `viewer ${i % 20}` },
      text: 'hello there '.repeat(20),
    }));
    pushed += n;
    expect((await api(env.server.url, 'POST', '/api/profiles/alpha/events', events)).status).toBe(200);
  }

  beforeAll(async () => {
    // Readings 10 ms apart: the growth is told after 3.6 s of them; any growth then fills the disk
    // within the horizon of 100 years, so the disk recommendation is certain.
    env = await startE2e({ STREAMPULSE_MONITOR_INTERVAL_MS: '10', STREAMPULSE_DISK_WARN_DAYS: '36500' });
    await createProfile(env.server.url, 'alpha', ['main']);
    await env.server.services.engine.system.putSetting('alpha', 'retention_days', 30);
    await vi.waitFor(
      async () => {
        await pushChat(2000);
        const report = (await (await api(env.server.url, 'GET', '/api/system/resources')).json()) as {
          growth: { bytes_per_day: number } | null;
        };
        expect(report.growth?.bytes_per_day).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 300 },
    );
  }, 120_000);
  afterAll(() => env?.close());

  test('an admin opens it from the account menu and reads the machine, the data and what to do', async () => {
    const { page, errors } = await env.open('/?profile=alpha');
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'System' }).click();
    await expect.poll(() => page.title(), WAIT).toBe('System · StreamPulse');

    const disk = page.locator('[data-testid=advice][data-advice=disk_full_soon]');
    await disk.waitFor(WAIT);
    // Critical within a week, a warning beyond: it depends on this machine's free disk.
    expect(await disk.getAttribute('data-severity')).toMatch(/^(critical|warning)$/);
    expect(await disk.textContent()).toMatch(
      /^(Now|Soon): At today's growth \(.+ a day, measured over the last \d+ seconds\) the disk is full (within a day|in about \d+ days?): keep raw events (14|7) days instead of 30, /,
    );
    expect(await page.getByTestId('system-cpu').textContent()).toMatch(/^CPU\d+(\.\d)?% of \d+ cores busy/);
    expect(await page.getByTestId('system-memory').textContent()).toMatch(/this server [\d.,]+ [MG]B \(heap/);
    expect(await page.getByTestId('system-event-loop').textContent()).toMatch(/ms p99/);
    const alpha = page.locator('[data-testid=system-profile-size][data-profile=alpha]');
    expect(await alpha.locator('td').nth(4).textContent()).toBe('30 days');
    expect(await alpha.locator('td').nth(3).textContent()).not.toBe('—');
    expect(await page.getByTestId('system-disk').textContent()).toMatch(
      /free of .+ on the disk holding the data\. It grows /,
    );
    expect(await page.getByTestId('system-pace').textContent()).toMatch(
      /^Background work (\(session analysis, clip refreshes, retention\) )?(runs at full speed|waits)/,
    );
    await page.getByTestId('system-load-chart').waitFor(WAIT);
    await expect
      .poll(() => page.evaluate<number>(`window.__spCharts?.['system-size-chart']?.points ?? 0`), WAIT)
      .toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
});
