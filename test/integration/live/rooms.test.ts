import { afterEach, beforeEach, expect, test } from 'vitest';
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

const T = Date.now();
let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;

beforeEach(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir, { STREAMPULSE_LIVE_WINDOW_MS: '100' });
  await createProfile(server.url, 'red', ['red-s']);
  await createProfile(server.url, 'blue', ['blue-s']);
});
afterEach(async () => {
  await server.close();
  temp.remove();
});

const likes = (stream: string, n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({
    stream,
    kind: 'like',
    at: T + from + i,
    count: 1,
    user: { id: `${stream}-${i % 3}`, name: stream },
  }));

test('a client of one profile never receives another profile’s updates', async () => {
  const red = connect(server.url, 'red');
  const blue = connect(server.url, 'blue');
  const redSeen = recordAll(red);
  const blueSeen = recordAll(blue);
  await eventually(() => expect(redSeen.get('stats')?.length).toBeGreaterThan(0));
  await eventually(() => expect(blueSeen.get('stats')?.length).toBeGreaterThan(0));

  for (let i = 0; i < 5; i++) {
    await api(server.url, 'POST', '/api/profiles/blue/events', likes('blue-s', 20, i * 20));
    await api(server.url, 'POST', '/api/profiles/red/events', likes('red-s', 3, i * 3));
  }
  await eventually(() => {
    const last = blueSeen.get('stats')!.at(-1) as { combined: { likes: number } };
    expect(last.combined.likes).toBe(100);
  });
  await eventually(() => {
    const last = redSeen.get('stats')!.at(-1) as { combined: { likes: number } };
    expect(last.combined.likes).toBe(15);
  });
  const everythingRedGot = JSON.stringify([...redSeen.values()]);
  expect(everythingRedGot).not.toContain('blue');
  expect(JSON.stringify([...blueSeen.values()])).not.toContain('red');
  red.close();
  blue.close();
});

test('a burst of commits reaches a client coalesced, at most one push per window, ending on the final state', async () => {
  const client = connect(server.url, 'red');
  const arrivals: { at: number; likes: number }[] = [];
  // When the server sent each push (its `at`): the client's arrival times also carry the delays
  // of a busy machine, which can bring two pushes closer than the server sent them.
  client.on('stats', (p: { at: string; combined: { likes: number } }) =>
    arrivals.push({ at: Date.parse(p.at), likes: p.combined.likes }),
  );
  await eventually(() => expect(arrivals.length).toBe(1));

  const started = Date.now();
  const posts = Array.from({ length: 100 }, (_, i) =>
    api(server.url, 'POST', '/api/profiles/red/events', likes('red-s', 10, i * 10)),
  );
  await Promise.all(posts);
  await eventually(() => expect(arrivals.at(-1)!.likes).toBe(1000));
  // One more commit marks the end: every push the burst caused reaches the client before its push.
  await api(server.url, 'POST', '/api/profiles/red/events', likes('red-s', 1, 1000));
  await eventually(() => expect(arrivals.at(-1)!.likes).toBe(1001));
  const elapsed = Date.now() - started;

  const pushes = arrivals.slice(1, -1);
  // Leading push, then at most one per 100 ms window, then the trailing one with the final state.
  expect(pushes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
  expect(pushes.length).toBeLessThan(100);
  for (let i = 2; i < pushes.length; i++)
    expect(pushes[i]!.at - pushes[i - 1]!.at).toBeGreaterThanOrEqual(60);
  expect(pushes.at(-1)!.likes).toBe(1000);
  client.close();
});

test('a client naming an unknown profile is told and disconnected', async () => {
  const client = connect(server.url, 'nobody');
  const seen = recordAll(client);
  await eventually(() =>
    expect(seen.get('error')).toEqual([expect.objectContaining({ code: 'PROFILE_NOT_FOUND' })]),
  );
  await eventually(() => expect(client.connected).toBe(false));
  client.close();
});

test('a client that chooses its events receives only those, and an unknown choice is refused', async () => {
  const overlay = connect(server.url, 'red', ['stats']);
  const dashboard = connect(server.url, 'red');
  const overlaySeen = recordAll(overlay);
  const dashboardSeen = recordAll(dashboard);
  await eventually(() => expect(overlaySeen.get('stats')?.length).toBeGreaterThan(0));
  await eventually(() => expect(dashboardSeen.get('stats_update')?.length).toBeGreaterThan(0));
  const chats = Array.from({ length: 5 }, (_, i) => ({
    stream: 'red-s',
    kind: 'chat',
    at: T + i,
    text: `hi ${i}`,
    user: { id: `u${i}`, name: `u${i}` },
  }));
  await api(server.url, 'POST', '/api/profiles/red/events', chats);
  await api(server.url, 'POST', '/api/profiles/red/events', [
    { stream: 'red-s', kind: 'trigger', at: T + 10, data: { type: 'manual' } },
  ]);
  await eventually(() => {
    expect(dashboardSeen.get('activity')?.length).toBeGreaterThan(0);
    expect(dashboardSeen.get('trigger')?.length).toBeGreaterThan(0);
    const last = overlaySeen.get('stats')!.at(-1) as { combined: { comments: number } };
    expect(last.combined.comments).toBe(5);
  });
  expect([...overlaySeen.keys()]).toEqual(['stats']);

  const wrong = connect(server.url, 'red', ['stats', 'everything']);
  const wrongSeen = recordAll(wrong);
  await eventually(() =>
    expect(wrongSeen.get('error')).toEqual([expect.objectContaining({ code: 'EVENTS_INVALID' })]),
  );
  await eventually(() => expect(wrong.connected).toBe(false));
  for (const s of [overlay, dashboard, wrong]) s.close();
});
