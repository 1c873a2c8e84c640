import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ STREAMPULSE_DEFAULT_PROFILE: 'main' });
});
afterAll(() => t.close());

test('tells a dashboard the default profile and the version', async () => {
  const res = await t.app.inject({ url: '/api/config' });
  expect(res.json()).toEqual({ default_profile: 'main', version: 'test' });
});
