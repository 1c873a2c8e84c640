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

  // Runs last: it deletes every profile.
  test('deleting the default profile lands the dashboard on another, and with none left on a form to create one', async () => {
    const { page, errors } = await env.open('/');
    const shown = () => page.locator('main').getAttribute('data-profile');
    const connection = page.getByTestId('connection');
    await expect.poll(shown, WAIT).toBe('main');
    await expect.poll(() => connection.textContent(), WAIT).toBe('live');

    // Deleted from the settings of the same page, which then shows the default again.
    await page.getByRole('link', { name: 'Settings' }).click();
    const row = page.getByTestId('profiles').locator('tr', { hasText: 'main' });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await api(url, 'GET', '/api/profiles/main')).status, WAIT).toBe(404);
    await expect.poll(shown, WAIT).toBe('second');
    await page.getByRole('link', { name: 'Live' }).click();
    await expect.poll(() => connection.textContent(), WAIT).toBe('live');
    expect(await shown()).toBe('second');
    expect(
      ((await (await fetch(`${url}/api/config`)).json()) as { default_profile: unknown }).default_profile,
    ).toBe(null);

    // A page opened afresh lands there too.
    const fresh = await env.open('/');
    await expect.poll(() => fresh.page.locator('main').getAttribute('data-profile'), WAIT).toBe('second');
    await expect.poll(() => fresh.page.getByTestId('connection').textContent(), WAIT).toBe('live');
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
    await none.getByLabel('Id').fill('newcomer');
    await none.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(shown, WAIT).toBe('newcomer');
    await expect.poll(() => connection.textContent(), WAIT).toBe('live');
    expect(errors).toEqual([]);
    await page.close();
  });
});
