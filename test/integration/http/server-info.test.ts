import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ STREAMPULSE_DEFAULT_PROFILE: 'main' });
});
afterAll(() => t.close());

test('tells a dashboard the default profile and the version', async () => {
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'main', name: 'Main' } }))
      .statusCode,
  ).toBe(201);
  const res = await t.anonymous({ url: '/api/config' });
  expect(res.json()).toEqual({ default_profile: 'main', version: 'test' });
});

test('names no default profile once it is deleted, nor before it is created', async () => {
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'other', name: 'Other' } }))
      .statusCode,
  ).toBe(201);
  expect((await t.app.inject({ method: 'DELETE', url: '/api/profiles/main' })).statusCode).toBe(204);
  expect((await t.app.inject({ url: '/api/config' })).json()).toEqual({
    default_profile: null,
    version: 'test',
  });
  expect((await t.anonymous({ url: '/api/config' })).json()).toEqual({
    default_profile: null,
    version: 'test',
  });
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/profiles', payload: { id: 'main', name: 'Main' } }))
      .statusCode,
  ).toBe(201);
  expect((await t.app.inject({ url: '/api/config' })).json()).toEqual({
    default_profile: 'main',
    version: 'test',
  });
});
