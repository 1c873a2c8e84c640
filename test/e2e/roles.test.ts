import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createProfile } from '../support/live-server.js';
import { createLogin, TEST_PASSWORD } from '../support/test-login.js';
import { startE2e, type E2eEnv } from './support/e2e-env.js';

const WAIT = { timeout: 10_000 };

describe('roles in the dashboard', () => {
  let env: E2eEnv;
  let url: string;
  let attacker: Server;
  let attackerUrl: string;

  const likes = async (): Promise<number> => {
    const stats = (await (await api(url, 'GET', '/api/profiles/shared/stats')).json()) as {
      combined: { likes: number };
    };
    return stats.combined.likes;
  };

  beforeAll(async () => {
    env = await startE2e();
    url = env.server.url;
    await createProfile(url, 'shared', ['s1']);
    await api(url, 'POST', '/api/profiles/shared/events', [
      { stream: 's1', kind: 'like', at: Date.now(), count: 7 },
    ]);
    await api(url, 'POST', '/api/profiles/shared/goals', {
      name: 'Hundred likes',
      metric: 'likes',
      target: 100,
      scope: 'all_time',
    });
    const { accounts, engine } = env.server.services;
    await createLogin(accounts, 'vera');
    await engine.accounts.setRole((await engine.accounts.findUserByName('vera'))!.id, 'shared', 'viewer');
    // A page of another site: a form that posts to StreamPulse as soon as it loads.
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<form id="f" method="POST" action="${url}/api/profiles/shared/stats/reset"></form>` +
          `<script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  }, 120_000);
  afterAll(async () => {
    attacker?.close();
    await env?.close();
  });

  /** A new browser with nobody logged in. */
  async function freshPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    return { page, errors };
  }

  test('a viewer logs in, sees the data but no control to change it, the API refuses their changes, and logs out', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${url}/goals`);
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/login');
    const form = page.getByTestId('login-form');
    await form.getByLabel('Name').fill('vera');
    await form.getByLabel('Password').fill(TEST_PASSWORD);
    await form.getByRole('button', { name: 'Log in' }).click();

    // Back on the goals page, of the one profile she has a role in.
    await expect.poll(() => page.getByTestId('goal-progress').first().textContent(), WAIT).toBe('7 / 100');
    expect(new URL(page.url()).pathname).toBe('/goals');
    expect(await page.getByTestId('goal-form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);

    // The live page shows the streams, without Connect or Disconnect.
    await nav.getByRole('link', { name: 'Live' }).click();
    await expect
      .poll(() => page.getByTestId('connectors').locator('tr[data-stream=s1]').count(), WAIT)
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Connect' }).count()).toBe(0);

    // Typed into the address bar, the settings page says why it shows nothing.
    await page.goto(`${url}/settings?profile=shared`);
    await expect.poll(() => page.getByTestId('role-notice').count(), WAIT).toBe(1);

    // Her own requests, CSRF token and all, are refused by the server.
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrf_token: string };
      const res = await fetch('/api/profiles/shared/stats/reset', {
        method: 'POST',
        headers: { 'x-csrf-token': me.csrf_token },
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(refused).toEqual({
      status: 403,
      body: { error: expect.objectContaining({ code: 'ROLE_TOO_LOW' }) },
    });
    expect(await likes()).toBe(7);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/login');
    expect(await page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("a form on another site's page, posted with the admin's login cookie, is refused", async () => {
    const { page } = await env.open('/');
    const answer = page.waitForResponse(
      (res) => res.url().endsWith('/api/profiles/shared/stats/reset'),
      WAIT,
    );
    await page.goto(attackerUrl);
    expect((await answer).status()).toBe(403);
    expect(await likes()).toBe(7);
    await page.context().close();
  });
});
