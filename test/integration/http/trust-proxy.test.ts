import { afterEach, expect, test } from 'vitest';
import type { SettingName } from '../../../src/config.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const PASSWORD = 'correct horse battery';
let t: TestApp | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function appWithUser(overrides: Partial<Record<SettingName, string>> = {}): Promise<TestApp> {
  t = await createTestApp(overrides);
  await t.services.accounts.createUser({ name: 'alice', password: PASSWORD });
  return t;
}

/** Logs in through what looks like a TLS proxy at `proxy`, for a browser at 203.0.113.9. */
async function loginThroughProxy(app: TestApp, proxy: string) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { name: 'alice', password: PASSWORD },
    remoteAddress: proxy,
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'sp_session');
  return { secure: cookie?.secure === true, address: res.json().session.address as string };
}

test('with STREAMPULSE_TRUST_PROXY on, a login through an https proxy sets a Secure cookie and records the browser', async () => {
  const app = await appWithUser({ STREAMPULSE_TRUST_PROXY: 'on' });
  expect(await loginThroughProxy(app, '10.0.0.2')).toEqual({ secure: true, address: '203.0.113.9' });
});

test('without it, X-Forwarded-* are ignored: no Secure cookie over plain HTTP, the peer is the address', async () => {
  const app = await appWithUser();
  expect(await loginThroughProxy(app, '10.0.0.3')).toEqual({ secure: false, address: '10.0.0.3' });
});

test('a list of proxy addresses is believed only for requests coming from them', async () => {
  const app = await appWithUser({ STREAMPULSE_TRUST_PROXY: '127.0.0.1, 10.1.0.0/16' });
  expect(await loginThroughProxy(app, '10.1.2.3')).toEqual({ secure: true, address: '203.0.113.9' });
  expect(await loginThroughProxy(app, '10.2.0.1')).toEqual({ secure: false, address: '10.2.0.1' });
});

test('a hop count believes that many proxies', async () => {
  const app = await appWithUser({ STREAMPULSE_TRUST_PROXY: '1' });
  expect(await loginThroughProxy(app, '10.0.0.4')).toEqual({ secure: true, address: '203.0.113.9' });
});
