import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createProfile } from '../support/live-server.js';
import { TEST_PASSWORD } from '../support/test-login.js';
import { readCount, startE2e, type E2eEnv } from './support/e2e-env.js';
import { unlabelledFields } from './support/unlabelled-fields.js';

const WAIT = { timeout: 10_000 };
const CLIENT = { device: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36', address: '127.0.0.1' };
const VERA = { name: 'vera', password: 'a viewer of the alpha show' };
/** Events pushed to `alpha` before the pages open. */
const PUSHED = 3;


describe('users, members, audit and usage pages', () => {
  let env: E2eEnv;
  let url: string;

  /** A page logged in as `name` (through the service, as the account pages' tests do). */
  async function openLoggedIn(path: string, name = 'admin', password = TEST_PASSWORD) {
    const login = await env.server.services.accounts.login(name, password, CLIENT);
    const page = await env.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.context().addCookies([{ name: 'sp_session', value: login.token, url }]);
    await page.goto(url + path);
    return { page, errors };
  }

  beforeAll(async () => {
    env = await startE2e();
    url = env.server.url;
    await createProfile(url, 'alpha', ['main']);
    const at = Date.now();
    const events = Array.from({ length: PUSHED }, (_, i) => ({
      stream: 'main',
      kind: 'like',
      at: at + i,
      id: `like-${i}`,
      count: 1,
    }));
    expect((await api(url, 'POST', '/api/profiles/alpha/events', events)).status).toBe(200);
  }, 120_000);
  afterAll(() => env?.close());

  test('an admin creates a user, gives them the viewer role on the settings page, and the users list shows it', async () => {
    const { page, errors } = await openLoggedIn('/?profile=alpha');
    const menu = page.getByRole('navigation', { name: 'Account' });
    await menu.getByRole('link', { name: 'Users' }).click();
    await expect.poll(() => page.title(), WAIT).toBe('Users · StreamPulse');

    const form = page.getByTestId('user-form');
    await form.getByLabel('Name').fill(VERA.name);
    await form.getByLabel('Password', { exact: true }).fill(VERA.password);
    await form.getByLabel('Password again').fill(VERA.password);
    await form.getByRole('button', { name: 'Create user' }).click();
    const vera = page.locator('[data-testid=user][data-user=vera]');
    await vera.waitFor(WAIT);
    expect(await vera.getByTestId('user-roles').textContent()).toBe('none');
    expect(await page.getByTestId('users-status').textContent()).toBe('vera can log in now.');
    // The admin may not disable or demote themselves: their own buttons are off.
    const self = page.locator('[data-testid=user][data-user=admin]');
    expect(await self.getByRole('button', { name: 'Disable' }).isDisabled()).toBe(true);
    expect(await self.getByRole('button', { name: 'Remove admin' }).isDisabled()).toBe(true);
    expect(await unlabelledFields(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    const members = page.getByTestId('members');
    await members.waitFor(WAIT);
    const add = page.getByTestId('member-form');
    await add.getByLabel('User name').fill('VERA');
    await add.getByLabel('Role').selectOption('viewer');
    await add.getByRole('button', { name: 'Add member' }).click();
    const member = members.locator('[data-member=vera]');
    await member.waitFor(WAIT);
    expect(await member.getByLabel('Role of vera').inputValue()).toBe('viewer');
    // The admin created the profile, so owns it.
    expect(await members.locator('[data-member=admin]').getByLabel('Role of admin').inputValue()).toBe(
      'owner',
    );
    expect(await unlabelledFields(page)).toEqual([]);

    // An unknown name says so.
    await add.getByLabel('User name').fill('nobody-here');
    await add.getByRole('button', { name: 'Add member' }).click();
    await expect
      .poll(() => page.getByTestId('members-error').textContent(), WAIT)
      .toBe("user 'nobody-here' does not exist");

    await menu.getByRole('link', { name: 'Users' }).click();
    await expect.poll(() => vera.getByTestId('user-roles').textContent(), WAIT).toBe('alpha: viewer');

    // Disabled, vera cannot log in; enabled, she can again.
    await vera.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => vera.locator('.badge', { hasText: 'disabled' }).count(), WAIT).toBe(1);
    await expect(env.server.services.accounts.login(VERA.name, VERA.password, CLIENT)).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    await vera.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => vera.locator('.badge', { hasText: 'disabled' }).count(), WAIT).toBe(0);
    await vera.getByRole('button', { name: 'Make admin' }).click();
    await expect.poll(() => vera.locator('.badge', { hasText: 'admin' }).count(), WAIT).toBe(1);
    await vera.getByRole('button', { name: 'Remove admin' }).click();
    await expect.poll(() => vera.locator('.badge', { hasText: 'admin' }).count(), WAIT).toBe(0);

    // A new password, set by the admin, replaces hers.
    await vera.getByRole('button', { name: 'Set password' }).click();
    const reset = page.getByTestId('password-reset-form');
    await reset.getByLabel('New password', { exact: true }).fill(`${VERA.password} again`);
    await reset.getByLabel('New password again').fill(`${VERA.password} again`);
    await reset.getByRole('button', { name: 'Set the password' }).click();
    await expect
      .poll(() => page.getByTestId('users-status').textContent(), WAIT)
      .toBe('The password of vera is set; their logins were ended.');
    VERA.password = `${VERA.password} again`;
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the new viewer reads the profile but sees neither the users link nor its members', async () => {
    const { page, errors } = await openLoggedIn('/settings?profile=alpha', VERA.name, VERA.password);
    const menu = page.getByRole('navigation', { name: 'Account' });
    await expect.poll(() => menu.getByTestId('user-name').textContent(), WAIT).toBe('vera');
    // Settings are for editors and owners: the page says so instead.
    await page.getByTestId('role-notice').waitFor(WAIT);
    expect(await menu.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByTestId('members').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the audit page lists the role given, newest first, with who, from where and what, a page at a time; an admin sees the server's", async () => {
    const { page, errors } = await openLoggedIn('/?profile=alpha');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => page.title(), WAIT).toBe('Audit · StreamPulse');
    const rows = page.getByTestId('audit-entry');
    const given = rows.filter({ hasText: 'PUT /api/profiles/:profile/members/:user' });
    await given.waitFor(WAIT);
    // The role given is the newest change of the profile; the refused one (an unknown user) is not there.
    expect(await rows.first().locator('td').nth(3).textContent()).toBe(
      'PUT /api/profiles/:profile/members/:user',
    );
    expect(await given.count()).toBe(1);
    const cells = await given.locator('td').allTextContents();
    expect(cells.slice(1, 5)).toEqual([
      'admin (user)',
      '127.0.0.1',
      'PUT /api/profiles/:profile/members/:user',
      '200',
    ]);
    expect(cells[5]).toBe('{"params":{"profile":"alpha","user":"VERA"},"body":{"role":"viewer"}}');
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);

    await page.getByLabel('Trail').selectOption('server');
    const created = rows.filter({ hasText: 'POST /api/users' });
    await created.waitFor(WAIT);
    const serverCells = await created.locator('td').allTextContents();
    // Server-wide changes name no profile; the password never reaches the trail.
    expect(serverCells[3]).toBe('server');
    expect(serverCells[6]).toBe(
      '{"params":{},"body":{"name":"vera","password":"[redacted]","is_admin":false}}',
    );
    expect(await rows.filter({ hasText: 'PATCH /api/users/:id' }).count()).toBe(5);

    // Fifty changes later, the role given is on the second page.
    for (let i = 0; i < 50; i++) {
      const timezone = i % 2 === 0 ? 'Europe/Berlin' : 'UTC';
      expect((await api(url, 'PUT', '/api/profiles/alpha/settings/timezone', { timezone })).status).toBe(200);
    }
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(50);
    expect(await given.count()).toBe(0);
    expect(await rows.first().locator('td').nth(3).textContent()).toBe(
      'PUT /api/profiles/:profile/settings/timezone',
    );
    await page.getByRole('button', { name: 'Older' }).click();
    await given.waitFor(WAIT);
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(50);
    expect(await given.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the usage page shows the events, their size and the API requests of today, and an admin sets the quota', async () => {
    const { page, errors } = await openLoggedIn('/usage?profile=alpha');
    await expect.poll(() => page.title(), WAIT).toBe('Usage · StreamPulse');
    const today = page.locator(
      `[data-testid=usage-day][data-day="${new Date().toISOString().slice(0, 10)}"]`,
    );
    await today.waitFor(WAIT);
    expect(readCount(await today.getByTestId('usage-events').textContent())).toBe(PUSHED);
    expect(readCount(await today.getByTestId('usage-requests').textContent())).toBeGreaterThan(50);
    expect(await today.locator('td').nth(2).textContent()).toMatch(/^\d+(\.\d)? (B|KB)$/);

    const quota = page.getByTestId('quota');
    await expect.poll(() => quota.textContent(), WAIT).toBe('No limit on the events pushed per day.');
    await page.getByLabel('Events per day (empty: no limit)').fill('5000');
    await page.getByRole('button', { name: 'Save quota' }).click();
    await expect
      .poll(() => quota.textContent(), WAIT)
      .toBe('At most 5,000 events pushed per UTC day; past it pushes get 429 until midnight UTC.');
    expect(await (await api(url, 'GET', '/api/profiles/alpha/settings/quota')).json()).toEqual({
      events_per_day: 5000,
    });
    expect(await unlabelledFields(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
