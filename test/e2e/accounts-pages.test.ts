import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startE2e, type E2eEnv } from './support/e2e-env.js';
import { unlabelledFields } from './support/unlabelled-fields.js';

const WAIT = { timeout: 10_000 };
const OWNER = { name: 'owner', password: 'correct horse battery' };
const ADA = { name: 'ada', password: 'analytical engine 1843' };
const GRACE = { name: 'grace', password: 'compiler of 1952' };
/** Where logins made through the service say they come from. */
const CLIENT = { device: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36', address: '127.0.0.1' };


/** The path and query the page shows. */
const location = (page: Page): string => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

describe('setup, login, account and API keys pages', () => {
  let env: E2eEnv;
  let url: string;

  /** A page logged in as `user` (through the service: the login page has tests of its own). */
  async function openLoggedIn(path: string, user: { name: string; password: string }) {
    const login = await env.server.services.accounts.login(user.name, user.password, CLIENT);
    const page = await env.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.context().addCookies([{ name: 'sp_session', value: login.token, url }]);
    await page.goto(url + path);
    return { page, errors };
  }

  /** Logs in from another device, over HTTP; answers its login cookie. */
  async function logInElsewhere(user: { name: string; password: string }): Promise<string> {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify(user),
    });
    expect(res.status).toBe(200);
    return /sp_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  }

  const whoIs = async (cookie: string): Promise<number> =>
    (await fetch(`${url}/api/auth/me`, { headers: { cookie: `sp_session=${cookie}` } })).status;

  beforeAll(async () => {
    env = await startE2e({}, { login: false });
    url = env.server.url;
    const { profiles } = env.server.services;
    await profiles.create({ id: 'alpha', name: 'alpha' });
    for (const id of ['main', 'backup'])
      await profiles.createStream('alpha', { id, platform: 'custom', channel: id });
  }, 120_000);
  afterAll(() => env?.close());

  test('the setup link creates the owner, who lands on the dashboard logged in with their name shown', async () => {
    const link = await env.server.services.firstRun.begin();
    const { page, errors } = await env.open(`/setup#token=${link!.token}`);
    await expect.poll(() => page.title(), WAIT).toBe('Set up · StreamPulse');
    const form = page.getByTestId('setup-form');
    await form.getByLabel('Name').fill(OWNER.name);

    // Typed twice, differently: nothing is sent.
    await form.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await form.getByLabel('Password again').fill('something else entirely');
    await form.getByRole('button', { name: 'Create the owner account' }).click();
    const error = page.getByTestId('setup-error');
    await expect.poll(() => error.textContent(), WAIT).toBe('the two passwords differ');

    // The server's refusal is shown with each of its problems, and does not spend the link.
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByLabel('Password again').fill('short');
    await form.getByRole('button', { name: 'Create the owner account' }).click();
    await expect.poll(() => error.textContent(), WAIT).toContain('password: must be 12-256 characters long');
    expect(await error.getAttribute('aria-live')).toBe('assertive');
    expect(await unlabelledFields(page)).toEqual([]);

    await form.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await form.getByLabel('Password again').fill(OWNER.password);
    await form.getByRole('button', { name: 'Create the owner account' }).click();
    const menu = page.getByRole('navigation', { name: 'Account' });
    await expect.poll(() => menu.getByTestId('user-name').textContent(), WAIT).toBe(OWNER.name);
    // The spent link left the address bar.
    expect(page.url()).toBe(`${url}/`);
    // The page sets its title once it rendered, which may come after the name in the menu.
    await expect.poll(() => page.title(), WAIT).toBe('Live · StreamPulse');
    expect(await menu.getByRole('link', { name: 'Account' }).isVisible()).toBe(true);

    // The link again: the owner exists, and the page says where to go instead.
    await page.goto(`${url}/setup#token=${link!.token}`);
    const done = page.getByTestId('setup-done');
    await done.waitFor(WAIT);
    expect(await done.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('log out, a page needing a login sends to the login page, a wrong password says so, and logging in returns to that page', async () => {
    const { page, errors } = await openLoggedIn('/?profile=alpha', OWNER);
    const menu = page.getByRole('navigation', { name: 'Account' });
    await expect.poll(() => menu.getByTestId('user-name').textContent(), WAIT).toBe(OWNER.name);
    await menu.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => location(page), WAIT).toBe('/login');
    await expect.poll(() => page.title(), WAIT).toBe('Log in · StreamPulse');

    // Logged out, a page of the dashboard sends to the login page, to come back after.
    await page.goto(`${url}/goals?profile=alpha`);
    await expect.poll(() => location(page), WAIT).toBe('/login?next=%2Fgoals%3Fprofile%3Dalpha');

    // The account page needs a login: its 401 LOGIN_REQUIRED leads to the login page.
    await page.goto(`${url}/account`);
    await expect.poll(() => location(page), WAIT).toBe('/login?next=%2Faccount');
    const form = page.getByTestId('login-form');
    await form.getByLabel('Name').fill(OWNER.name);
    await form.getByLabel('Password').fill('not the password');
    await form.getByRole('button', { name: 'Log in' }).click();
    const error = page.getByTestId('login-error');
    await expect.poll(() => error.textContent(), WAIT).toBe('the name or the password is wrong');
    expect(await unlabelledFields(page)).toEqual([]);

    await form.getByLabel('Password').fill(OWNER.password);
    await form.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => location(page), WAIT).toBe('/account');
    await expect.poll(() => menu.getByTestId('user-name').textContent(), WAIT).toBe(OWNER.name);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a login refused for too many attempts says so, and waits the time the server asks', async () => {
    const { page, errors } = await env.open('/login');
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'retry-after': '2' },
        body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many attempts; retry in 2 s' } }),
      }),
    );
    const form = page.getByTestId('login-form');
    await form.getByLabel('Name').fill(OWNER.name);
    await form.getByLabel('Password').fill(OWNER.password);
    const submit = form.getByRole('button', { name: 'Log in' });
    await submit.click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent(), WAIT)
      .toBe('too many attempts; retry in 2 s');
    expect(await page.getByTestId('login-wait').textContent()).toMatch(/^You can try again in [12] s\.$/);
    expect(await submit.isDisabled()).toBe(true);
    // Once the wait is over, the form takes another attempt.
    await expect.poll(() => submit.isEnabled(), WAIT).toBe(true);
    expect(await page.getByTestId('login-wait').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the account page lists the logins, this device marked, and ending another one removes it', async () => {
    await env.server.services.accounts.createUser({ ...ADA, isAdmin: false });
    const { page, errors } = await env.open('/login?next=%2Faccount');
    const form = page.getByTestId('login-form');
    await form.getByLabel('Name').fill(ADA.name);
    await form.getByLabel('Password').fill(ADA.password);
    await form.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => location(page), WAIT).toBe('/account');
    await expect.poll(() => page.title(), WAIT).toBe('Account · StreamPulse');
    const menu = page.getByRole('navigation', { name: 'Account' });
    expect(await menu.locator('a[aria-current=page]').allTextContents()).toEqual(['Account']);
    const rows = page.getByTestId('login');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await rows.first().textContent()).toContain('this device');

    const other = await logInElsewhere(ADA);
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    const elsewhere = rows.filter({ hasText: 'curl' });
    expect(await elsewhere.textContent()).not.toContain('this device');
    expect(await elsewhere.locator('td').nth(1).textContent()).toBe('127.0.0.1');
    expect(await unlabelledFields(page)).toEqual([]);

    await elsewhere.getByRole('button', { name: 'End' }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await rows.first().textContent()).toContain('this device');
    expect(await whoIs(other)).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('changing the password says the other logins were ended, and only the new password logs in', async () => {
    await env.server.services.accounts.createUser({ ...GRACE, isAdmin: false });
    const other = await logInElsewhere(GRACE);
    const { page, errors } = await openLoggedIn('/account', GRACE);
    const rows = page.getByTestId('login');
    await expect.poll(() => rows.count(), WAIT).toBe(2);

    const form = page.getByTestId('password-form');
    const newPassword = 'difference engine 1822';
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('New password again').fill(newPassword);
    await form.getByRole('button', { name: 'Change the password' }).click();
    // A wrong current password is the form's error, not a reason to log in again.
    await expect
      .poll(() => page.getByTestId('password-error').textContent(), WAIT)
      .toBe('the current password is wrong');
    expect(location(page)).toBe('/account');

    await form.getByLabel('Current password').fill(GRACE.password);
    await form.getByRole('button', { name: 'Change the password' }).click();
    await expect
      .poll(() => page.getByTestId('password-status').textContent(), WAIT)
      .toBe('The password is changed, and your logins on other devices were ended.');
    expect(await page.getByTestId('password-error').textContent()).toBe('');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await whoIs(other)).toBe(401);
    expect(
      await page.getByRole('navigation', { name: 'Account' }).getByTestId('user-name').textContent(),
    ).toBe(GRACE.name);
    const { accounts } = env.server.services;
    await expect(accounts.login(GRACE.name, GRACE.password, CLIENT)).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    expect((await accounts.login(GRACE.name, newPassword, CLIENT)).user.name).toBe(GRACE.name);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('an API key is created for the profile, shown once with a copy button, listed by its hint, and revoked', async () => {
    const { page, errors } = await openLoggedIn('/keys?profile=alpha', OWNER);
    await expect.poll(() => page.title(), WAIT).toBe('API keys · StreamPulse');
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.locator('a[aria-current=page]').allTextContents()).toEqual(['API keys']);
    const form = page.getByTestId('key-form');
    await form.getByLabel('Stream').locator('option', { hasText: 'backup' }).waitFor({ state: 'attached' });
    expect(await unlabelledFields(page)).toEqual([]);

    // At least one scope.
    await form.getByLabel('Name').fill('OBS plugin');
    await form.getByRole('checkbox', { name: /^ingest/ }).uncheck();
    await form.getByRole('button', { name: 'Create key' }).click();
    await expect
      .poll(() => page.getByTestId('key-error').textContent(), WAIT)
      .toBe('choose at least one scope');

    await form.getByRole('checkbox', { name: /^ingest/ }).check();
    const read = form.getByRole('checkbox', { name: /^read/ });
    await read.check();
    // A key bound to a stream pushes events to it, nothing else.
    await form.getByLabel('Stream').selectOption('main');
    expect([await read.isChecked(), await read.isDisabled()]).toEqual([false, true]);
    const expiry = new Date(Date.now() + 30 * 24 * 3600_000);
    const day = [expiry.getFullYear(), expiry.getMonth() + 1, expiry.getDate()] as const;
    await form.getByLabel('Expires on (optional)').fill(day.map((n) => String(n).padStart(2, '0')).join('-'));
    await form.getByRole('button', { name: 'Create key' }).click();

    const notice = page.getByTestId('new-key');
    await notice.waitFor(WAIT);
    expect(await notice.textContent()).toContain('you will not see it again');
    const key = await notice.getByLabel('Key').inputValue();
    expect(key).toMatch(/^spk_\w{36}$/);
    // The key has the focus, ready to copy.
    await expect
      .poll(() => page.evaluate('document.activeElement?.dataset.testid'), WAIT)
      .toBe('new-key-value');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await notice.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => notice.getByRole('status').textContent(), WAIT).toBe('Copied.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);

    const rows = page.getByTestId('key');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['OBS plugin', 'ingest', 'main', `…${key.slice(-4)}`]);
    // It expires as the chosen day starts, told the way the page tells times.
    const dayStart = await page.evaluate(([y, m, d]) => new Date(y, m - 1, d).toLocaleString(), day);
    expect(cells[4]).toBe(dayStart);
    expect(cells[5]).toBe('never');

    // Done, or another visit: the key is not to be seen again.
    await notice.getByRole('button', { name: 'Done' }).click();
    await notice.waitFor({ state: 'detached', ...WAIT });
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await page.content()).not.toContain(key);

    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await rows.first().getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(0);
    expect(asked).toContain('OBS plugin');
    expect(await env.server.services.apiKeys.list('alpha')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a server admin may make a metrics key, holding that scope alone; an owner who is not one is not offered it', async () => {
    const { page, errors } = await openLoggedIn('/keys?profile=alpha', OWNER);
    const form = page.getByTestId('key-form');
    const metrics = form.getByRole('checkbox', { name: /^metrics/ });
    await metrics.waitFor(WAIT);
    await form.getByLabel('Name').fill('Prometheus');
    await form.getByRole('checkbox', { name: /^read/ }).check();
    await metrics.check();
    const checked = await form
      .locator('input[name=scopes]:checked')
      .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('value')));
    expect(checked).toEqual(['metrics']);
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-key').waitFor(WAIT);
    expect((await env.server.services.apiKeys.list('alpha')).map((k) => k.scopes)).toEqual([['metrics']]);
    expect(errors).toEqual([]);
    await page.close();

    const owner = { name: 'olga', password: 'an owner, not an admin' };
    await env.server.services.accounts.createUser({ ...owner, isAdmin: false });
    await env.server.services.members.set('alpha', owner.name, 'owner');
    const asOwner = await openLoggedIn('/keys?profile=alpha', owner);
    const ownForm = asOwner.page.getByTestId('key-form');
    await ownForm.getByRole('checkbox', { name: /^manage/ }).waitFor(WAIT);
    expect(await ownForm.getByRole('checkbox', { name: /^metrics/ }).count()).toBe(0);
    expect(asOwner.errors).toEqual([]);
    await asOwner.page.close();
  });
});
