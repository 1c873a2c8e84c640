import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../../src/main.js';
import { makeTempDir } from '../../support/temp-dir.js';
import {
  api,
  connect,
  createProfile,
  eventually,
  recordAll,
  startLiveServer,
} from '../../support/live-server.js';

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
const sockets: Socket[] = [];
let n = 0;

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_LIVE_WINDOW_MS: '100' });
  await createProfile(server.url, 'kim', ['kim-s']);
  const goal = await api(server.url, 'POST', '/api/profiles/kim/goals', {
    name: 'Likes',
    metric: 'likes',
    target: 1_000_000,
    scope: 'all_time',
  });
  expect(goal.status).toBe(201);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  temp.remove();
});

async function issue(overlay: string | null): Promise<{ id: string; token: string }> {
  const res = await api(server.url, 'POST', '/api/profiles/kim/overlay-tokens', { name: 'o', overlay });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

/** A live client with a token and no login, as an overlay in OBS. */
function overlaySocket(token: string, events?: string[]): Socket {
  const auth = { profile: 'kim', token, ...(events ? { events } : {}) };
  const socket = io(server.url, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
  sockets.push(socket);
  return socket;
}

/** Pushes one of each kind of activity (as the admin) and returns the likes pushed so far. */
async function pushActivity(): Promise<number> {
  const at = Date.now();
  const user = { id: 'u1', name: 'ana' };
  n += 1;
  const res = await api(server.url, 'POST', '/api/profiles/kim/events', [
    { stream: 'kim-s', kind: 'like', at, count: 1, user, id: `l${n}` },
    { stream: 'kim-s', kind: 'chat', at, text: 'hi', user, id: `c${n}` },
    { stream: 'kim-s', kind: 'follow', at, user, id: `f${n}` },
  ]);
  expect(res.status).toBe(200);
  return n;
}

const lastLikes = (seen: Map<string, unknown[]>, event: 'stats' | 'goal_progress'): number | undefined => {
  const last = seen.get(event)?.at(-1) as
    { combined: { likes: number } } | { goals: { progress: number }[] } | undefined;
  if (!last) return undefined;
  return 'combined' in last ? last.combined.likes : last.goals[0]?.progress;
};

describe('overlay token sockets', () => {
  test("a token made for one overlay receives only that overlay's events, one for any overlay what any of them shows", async () => {
    const counters = recordAll(overlaySocket((await issue('counters')).token));
    const goal = recordAll(overlaySocket((await issue('goal')).token));
    const events = recordAll(overlaySocket((await issue('events')).token));
    const any = recordAll(overlaySocket((await issue(null)).token));
    const dashboard = recordAll(connect(server.url, 'kim'));
    await eventually(() => expect(counters.get('stats')).toBeDefined());
    await eventually(() => expect(dashboard.get('stats_update')).toBeDefined());
    // Every socket is in its rooms once it had its first state; the goal and events overlays get
    // none at connect, so wait for them through the server's rooms.
    await eventually(async () => expect((await server.io.in('profile:kim').fetchSockets()).length).toBe(5));
    const likes = await pushActivity();
    await eventually(() => expect(lastLikes(counters, 'stats')).toBe(likes));
    await eventually(() => expect(lastLikes(goal, 'goal_progress')).toBe(likes));
    await eventually(() => expect(events.get('activity')?.length).toBeGreaterThan(0));
    await eventually(() => expect(lastLikes(any, 'stats')).toBe(likes));
    await eventually(() => expect(lastLikes(any, 'goal_progress')).toBe(likes));
    await eventually(() => expect(any.get('activity')?.length).toBeGreaterThan(0));
    await eventually(() => expect(dashboard.get('activity')?.length).toBeGreaterThan(0));
    expect([...counters.keys()]).toEqual(['stats']);
    expect([...goal.keys()]).toEqual(['goal_progress']);
    expect([...events.keys()]).toEqual(['activity']);
    expect([...any.keys()].sort()).toEqual(['activity', 'goal_progress', 'stats']);
    // A logged-in dashboard gets the rest too.
    expect([...dashboard.keys()]).toEqual(expect.arrayContaining(['stats_update', 'stats', 'activity']));
  });

  test('an overlay socket asking for events its token does not cover is refused, and request_stats is not answered', async () => {
    const { token } = await issue('counters');
    const refused = recordAll(overlaySocket(token, ['activity']));
    await eventually(() =>
      expect(refused.get('error')).toEqual([expect.objectContaining({ code: 'EVENTS_NOT_ALLOWED' })]),
    );
    const socket = overlaySocket(token);
    const seen = recordAll(socket);
    await eventually(() => expect(seen.get('stats')).toBeDefined());
    socket.emit('request_stats');
    // The stats of a push come after a request_stats answer would have.
    const likes = await pushActivity();
    await eventually(() => expect(lastLikes(seen, 'stats')).toBe(likes));
    expect([...seen.keys()]).toEqual(['stats']);
  });

  test('revoking a token disconnects its sockets within 2 s, telling them why', async () => {
    const { id, token } = await issue('counters');
    const socket = overlaySocket(token);
    const seen = recordAll(socket);
    await eventually(() => expect(seen.get('stats')).toBeDefined());
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const started = Date.now();
    expect((await api(server.url, 'DELETE', `/api/profiles/kim/overlay-tokens/${id}`)).status).toBe(204);
    expect(await disconnected).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen.get('error')).toEqual([expect.objectContaining({ code: 'TOKEN_INVALID' })]);
    // And it is not let in again.
    const again = recordAll(overlaySocket(token));
    await eventually(() =>
      expect(again.get('error')).toEqual([expect.objectContaining({ code: 'TOKEN_INVALID' })]),
    );
  });

  test("rotating a token disconnects the old secret's sockets and keeps those opened with the new one", async () => {
    const { id, token } = await issue('counters');
    const old = overlaySocket(token);
    const oldSeen = recordAll(old);
    await eventually(() => expect(oldSeen.get('stats')).toBeDefined());
    const res = await api(server.url, 'POST', `/api/profiles/kim/overlay-tokens/${id}/rotate`);
    const rotated = (await res.json()) as { token: string };
    // Opened with the new secret while the old secret's socket is still connected.
    const fresh = overlaySocket(rotated.token);
    const freshSeen = recordAll(fresh);
    await eventually(() => expect(freshSeen.get('stats')).toBeDefined());
    await eventually(() =>
      expect(oldSeen.get('error')).toEqual([expect.objectContaining({ code: 'TOKEN_INVALID' })]),
    );
    expect(old.connected).toBe(false);
    // Had both been checked as one credential, the new one would have been told and dropped in
    // the same recheck, before anything pushed after it.
    const likes = await pushActivity();
    await eventually(() => expect(lastLikes(freshSeen, 'stats')).toBe(likes));
    expect(fresh.connected).toBe(true);
    expect(freshSeen.get('error')).toBeUndefined();
  });
});
