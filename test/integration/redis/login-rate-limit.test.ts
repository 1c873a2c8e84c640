import { afterAll, beforeAll, expect, test } from 'vitest';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.js';
import { createTestApp, type TestApp } from '../../support/test-server.js';

const prefix = uniquePrefix();
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  const shared = {
    STREAMPULSE_REDIS_URL: TEST_REDIS_URL,
    STREAMPULSE_REDIS_PREFIX: prefix,
    STREAMPULSE_DEMO: 'off',
  };
  [a, b] = await Promise.all([createTestApp(shared), createTestApp(shared)]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await deleteKeys(TEST_REDIS_URL, prefix);
});

const attempt = (app: TestApp, address: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { name: 'eve', password: 'a guess of mine' },
    remoteAddress: address,
  });

test('with Redis, attempts at one name spread over two instances count together', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 === 0 ? a : b, `10.3.0.${i}`)).statusCode);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});
