import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProfileRole } from '../../../src/core/roles.js';
import { MAX_OVERLAY_TOKENS_PER_PROFILE } from '../../../src/profiles/overlay-token.service.js';
import { createLogin, type LoginHeaders } from '../../support/test-login.js';
import { createProfileWithStream, createTestApp, type TestApp } from '../../support/test-server.js';

let t: TestApp;
const logins: Partial<Record<ProfileRole, LoginHeaders>> = {};

beforeAll(async () => {
  t = await createTestApp();
  await createProfileWithStream(t.app, 'kim', { id: 'kim-tt', platform: 'tiktok', channel: '@kim' });
  await createProfileWithStream(t.app, 'lee', { id: 'lee-tt', platform: 'tiktok', channel: '@lee' });
  for (const role of ['viewer', 'editor'] as const) {
    logins[role] = await createLogin(t.services.accounts, `kim-${role}`);
    const user = await t.services.engine.accounts.findUserByName(`kim-${role}`);
    await t.services.engine.accounts.setRole(user!.id, 'kim', role);
  }
});
afterAll(() => t.close());

interface Issued {
  id: string;
  name: string;
  overlay: string | null;
  hint: string;
  created_at: number;
  last_used_at: number | null;
  token: string;
}

async function createToken(body: object, profile = 'kim', headers?: LoginHeaders) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/profiles/${profile}/overlay-tokens`,
    payload: body,
    ...(headers ? { headers: { ...headers } } : {}),
  });
  return {
    status: res.statusCode,
    json: res.json<Issued & { error?: { code: string; details?: unknown } }>(),
  };
}

async function issue(overlay: string | null = null, profile = 'kim'): Promise<Issued> {
  const created = await createToken({ name: `${overlay ?? 'any'} overlay`, overlay }, profile);
  expect(created.status).toBe(201);
  return created.json;
}

/** A request made with a token alone (no login). */
const withToken = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.anonymous({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

const listTokens = async (profile = 'kim') =>
  (await t.app.inject(`/api/profiles/${profile}/overlay-tokens`)).json<{ tokens: Omit<Issued, 'token'>[] }>()
    .tokens;

describe('overlay tokens', () => {
  test('a token is shown once, as spo_ and 43 random characters; the list shows its kind and hint, never the token', async () => {
    const created = await createToken({ name: 'Counters on stream', overlay: 'counters' });
    expect(created.status).toBe(201);
    const { token } = created.json;
    expect(token).toMatch(/^spo_[A-Za-z0-9_-]{43}$/);
    expect(created.json).toEqual({
      id: expect.any(String),
      name: 'Counters on stream',
      overlay: 'counters',
      hint: token.slice(-4),
      created_at: expect.any(Number),
      last_used_at: null,
      token,
    });
    const listed = await listTokens();
    expect(listed).toContainEqual({ ...created.json, token: undefined });
    expect(JSON.stringify(listed)).not.toContain(token);
    // Left out, the kind is any overlay.
    expect((await createToken({ name: 'anything' })).json.overlay).toBeNull();
  });

  test('only the hash of a token is stored', async () => {
    const { id, token } = await issue('goal');
    const db = new Database(path.join(t.dataDir, 'system.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM overlay_tokens WHERE id = ?').all(id);
      expect(rows).toEqual([
        expect.objectContaining({
          hash: createHash('sha256').update(token).digest('hex'),
          hint: token.slice(-4),
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(token.slice(4, -4));
    } finally {
      db.close();
    }
  });

  test('a token is refused, naming the field, without a name or for an overlay that does not exist', async () => {
    const unnamed = await createToken({ name: '', overlay: 'goal' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'body.name' })],
    });
    const unknown = await createToken({ name: 'chat', overlay: 'chat' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({
      details: [expect.objectContaining({ field: 'body.overlay' })],
    });
    expect((await createToken({ name: 'x', scopes: ['read'] })).status).toBe(400);
    expect((await createToken({ name: 'x' }, 'nope')).json.error).toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
  });

  test('a token reads what overlays show of its own profile, and nothing else', async () => {
    const { token } = await issue('leaderboard');
    for (const url of [
      '/api/profiles/kim/stats',
      '/api/profiles/kim/goals',
      '/api/profiles/kim/sessions?limit=1',
      '/api/profiles/kim/leaderboards?metric=coins&period=all&limit=5',
      '/api/stats?profile=kim',
    ]) {
      expect((await withToken(token, 'GET', url)).statusCode, url).toBe(200);
    }
    // Another profile does not exist for it.
    const other = await withToken(token, 'GET', '/api/profiles/lee/stats');
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'PROFILE_NOT_FOUND']);
    // Reads overlays do not show, and every change, are refused.
    for (const [method, url, payload] of [
      ['GET', '/api/profiles/kim/streams'],
      ['GET', '/api/profiles/kim/overlay-tokens'],
      ['POST', '/api/profiles/kim/overlay-tokens', { name: 'more' }],
      ['POST', '/api/profiles/kim/goals', { name: 'g', metric: 'likes', target: 10, scope: 'all_time' }],
      ['POST', '/api/profiles/kim/events', [{ stream: 'kim-tt', kind: 'like', at: Date.now(), count: 1 }]],
    ] as const) {
      const res = await withToken(token, method, url, payload);
      expect([res.statusCode, res.json().error.code], `${method} ${url}`).toEqual([
        403,
        'OVERLAY_TOKEN_READ_ONLY',
      ]);
    }
  });

  test('a token that is not one is refused as invalid', async () => {
    const { token } = await issue();
    for (const bad of [`${token}x`, token.replace('spo_', 'spk_'), 'spo_short']) {
      const res = await withToken(bad, 'GET', '/api/profiles/kim/stats');
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'TOKEN_INVALID']);
    }
  });

  test('a token records its last use', async () => {
    const { id, token } = await issue('counters');
    expect((await withToken(token, 'GET', '/api/profiles/kim/stats')).statusCode).toBe(200);
    const listed = (await listTokens()).find((x) => x.id === id);
    expect(listed?.last_used_at).toBeGreaterThan(0);
  });

  test('rotating gives a new secret under the same id, name and kind; the old secret stops working', async () => {
    const made = await issue('events');
    const rotated = await t.app.inject({
      method: 'POST',
      url: `/api/profiles/kim/overlay-tokens/${made.id}/rotate`,
    });
    expect(rotated.statusCode).toBe(200);
    const again = rotated.json<Issued>();
    expect(again).toMatchObject({
      id: made.id,
      name: made.name,
      overlay: 'events',
      created_at: made.created_at,
    });
    expect(again.token).toMatch(/^spo_/);
    expect(again.token).not.toBe(made.token);
    expect(again.hint).toBe(again.token.slice(-4));
    expect((await withToken(made.token, 'GET', '/api/profiles/kim/stats')).statusCode).toBe(401);
    expect((await withToken(again.token, 'GET', '/api/profiles/kim/stats')).statusCode).toBe(200);
    expect((await listTokens()).filter((x) => x.id === made.id)).toHaveLength(1);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/profiles/kim/overlay-tokens/nope/rotate',
    });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'OVERLAY_TOKEN_NOT_FOUND']);
    // Another profile's token is not found through this one.
    const lees = await issue(null, 'lee');
    const crossed = await t.app.inject({
      method: 'POST',
      url: `/api/profiles/kim/overlay-tokens/${lees.id}/rotate`,
    });
    expect(crossed.statusCode).toBe(404);
  });

  test('a revoked token stops at once and is gone from the list', async () => {
    const { id, token } = await issue('goal');
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/profiles/kim/overlay-tokens/${id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await withToken(token, 'GET', '/api/profiles/kim/goals')).statusCode).toBe(401);
    expect((await listTokens()).map((x) => x.id)).not.toContain(id);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/profiles/kim/overlay-tokens/${id}` });
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'OVERLAY_TOKEN_NOT_FOUND']);
  });

  test('editors manage overlay tokens; viewers may not', async () => {
    const byEditor = await createToken({ name: 'editor made', overlay: 'counters' }, 'kim', logins.editor);
    expect(byEditor.status).toBe(201);
    const viewer = logins.viewer!;
    const byViewer = await createToken({ name: 'viewer made' }, 'kim', viewer);
    expect([byViewer.status, byViewer.json.error?.code]).toEqual([403, 'ROLE_TOO_LOW']);
    const list = await t.app.inject({ url: '/api/profiles/kim/overlay-tokens', headers: { ...viewer } });
    expect(list.statusCode).toBe(403);
    // A profile they have no role in does not exist for them.
    expect((await createToken({ name: 'x' }, 'lee', logins.editor)).status).toBe(404);
  });

  test('a profile holds at most the cap of tokens', async () => {
    const held = (await listTokens('lee')).length;
    for (let i = held; i < MAX_OVERLAY_TOKENS_PER_PROFILE; i++) await issue(null, 'lee');
    const over = await createToken({ name: 'one too many' }, 'lee');
    expect([over.status, over.json.error?.code]).toEqual([409, 'OVERLAY_TOKEN_LIMIT_REACHED']);
  });

  test('no secret reaches the audit trail: creating and rotating are recorded without the token', async () => {
    const made = await issue('counters');
    const rotated = (
      await t.app.inject({ method: 'POST', url: `/api/profiles/kim/overlay-tokens/${made.id}/rotate` })
    ).json<Issued>();
    const trail = await t.app.inject('/api/profiles/kim/audit?limit=100');
    const actions = trail.json<{ entries: { action: string }[] }>().entries.map((e) => e.action);
    expect(actions).toContain('POST /api/profiles/:profile/overlay-tokens');
    expect(actions).toContain('POST /api/profiles/:profile/overlay-tokens/:id/rotate');
    expect(trail.body).not.toContain(made.token.slice(4));
    expect(trail.body).not.toContain(rotated.token.slice(4));
  });

  test('deleting a profile deletes its tokens: they stay invalid when a profile of that name is made again', async () => {
    await createProfileWithStream(t.app, 'gone', { id: 'gone-tt', platform: 'tiktok', channel: '@gone' });
    const { token } = await issue('counters', 'gone');
    expect((await withToken(token, 'GET', '/api/profiles/gone/stats')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/profiles/gone' })).statusCode).toBe(204);
    expect((await withToken(token, 'GET', '/api/profiles/gone/stats')).statusCode).toBe(401);
    await createProfileWithStream(t.app, 'gone', { id: 'gone-tt', platform: 'tiktok', channel: '@gone' });
    expect(await listTokens('gone')).toEqual([]);
    expect((await withToken(token, 'GET', '/api/profiles/gone/stats')).statusCode).toBe(401);
  });
});
