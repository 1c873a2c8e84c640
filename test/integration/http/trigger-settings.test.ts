import { afterAll, beforeAll, expect, test } from 'vitest';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ STREAMPULSE_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:8080,hooks.lan' });
  await createProfileWithStream(t.app, 'p', { id: 's', platform: 'custom', channel: 's' });
});
afterAll(() => t.close());

const path = '/api/profiles/p/settings/triggers';
const url = 'https://hooks.example.com/clip';
const put = (payload: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: path, payload });
const get = () => t.app.inject({ method: 'GET', url: path });
const stored = () => t.services.triggerSettings.read('p');

test('the webhook secret is never answered: PUT and GET say only whether one is set', async () => {
  const saved = await put({ viewers: { threshold: 5 }, webhook: { url, secret: 'a-long-secret' } });
  expect(saved.statusCode).toBe(200);
  expect(saved.json()).toEqual({ viewers: { threshold: 5 }, webhook: { url, secret_set: true } });
  const read = await get();
  expect(read.json()).toEqual({ viewers: { threshold: 5 }, webhook: { url, secret_set: true } });
  expect(saved.body + read.body).not.toContain('a-long-secret');
  expect((await stored()).webhook).toEqual({ url, secret: 'a-long-secret' });
});

test('a PUT without secret keeps the stored one, secret null clears it, a new one replaces it', async () => {
  await put({ webhook: { url, secret: 'first-secret' } });
  const moved = await put({ webhook: { url: 'https://hooks.example.com/other' } });
  expect(moved.json()).toEqual({ webhook: { url: 'https://hooks.example.com/other', secret_set: true } });
  expect((await stored()).webhook?.secret).toBe('first-secret');

  await put({ webhook: { url, secret: 'second-secret' } });
  expect((await stored()).webhook?.secret).toBe('second-secret');

  const cleared = await put({ webhook: { url, secret: null } });
  expect(cleared.json()).toEqual({ webhook: { url, secret_set: false } });
  expect((await stored()).webhook).toEqual({ url });
  expect((await get()).json()).toEqual({ webhook: { url, secret_set: false } });

  // Settings without a webhook drop it, secret and all.
  await put({ webhook: { url, secret: 'third-secret' } });
  await put({ viewers: { enabled: false } });
  expect(await stored()).toEqual({ viewers: { enabled: false } });
  expect((await put({ webhook: { url } })).json()).toEqual({ webhook: { url, secret_set: false } });
});

test.each([
  ['http://127.0.0.1:9000/hook', '127.0.0.1 is a loopback address'],
  ['http://127.1/hook', '127.0.0.1 is a loopback address'],
  ['http://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1 is a loopback address'],
  ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
  ['http://192.168.1.10/hook', '192.168.1.10 is a private address'],
  ['http://127.0.0.1:6379/', '127.0.0.1 is a loopback address'],
  ['http://localhost:8080/hook', 'localhost is a local or cloud metadata host name'],
  ['https://user:pass@hooks.example.com/clip', 'may not hold credentials'],
])(
  'a webhook to %s is refused with 400 naming webhook.url, and nothing is stored',
  async (target, message) => {
    await put({ webhook: { url, secret: 'kept-secret' } });
    const res = await put({ webhook: { url: target, secret: 'another-secret' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: {
        code: 'WEBHOOK_URL_REFUSED',
        details: [{ field: 'webhook.url', message: expect.stringContaining(message) as unknown }],
      },
    });
    expect(res.body).not.toContain('pass@');
    expect((await stored()).webhook).toEqual({ url, secret: 'kept-secret' });
  },
);

test('a host the admin allows may be saved, on the port allowed', async () => {
  expect((await put({ webhook: { url: 'http://127.0.0.1:8080/hook' } })).statusCode).toBe(200);
  expect((await put({ webhook: { url: 'http://hooks.lan/hook' } })).statusCode).toBe(200);
  expect((await put({ webhook: { url: 'http://127.0.0.1:8081/hook' } })).statusCode).toBe(400);
});

test('host names are judged when a webhook is sent, not when it is saved', async () => {
  const res = await put({ webhook: { url: 'https://resolves-anywhere.example.com/hook' } });
  expect(res.statusCode).toBe(200);
});
