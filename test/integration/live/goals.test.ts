import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import {
  api,
  connect,
  createProfile,
  eventually,
  recordAll,
  startLiveServer,
} from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

let server: RunningServer;
let temp: ReturnType<typeof makeTempDir>;

interface GoalProgress {
  id: string;
  name: string;
  progress: number;
  completed: number;
  current_target: number;
  percent: number;
  period: string;
}

const likes = (n: number, at = Date.now()) => ({ stream: 'tt', kind: 'like', at, count: n });

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  await createProfile(server.url, 'g', ['tt', 'tw']);
  await createProfile(server.url, 'other', ['tt']);
});

afterAll(async () => {
  await server.close();
  temp.remove();
});

async function goals(profile = 'g'): Promise<GoalProgress[]> {
  return (
    (await (await api(server.url, 'GET', `/api/profiles/${profile}/goals`)).json()) as {
      goals: GoalProgress[];
    }
  ).goals;
}

describe('goals', () => {
  test('refuses a bad goal with every problem listed', async () => {
    const res = await api(server.url, 'POST', '/api/profiles/g/goals', {
      name: '',
      metric: 'hugs',
      target: 0,
      stream: 'nope',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field).sort()).toEqual([
      'body.metric',
      'body.name',
      'body.target',
    ]);
    const unknownStream = await api(server.url, 'POST', '/api/profiles/g/goals', {
      name: 'x',
      metric: 'likes',
      target: 5,
      stream: 'nope',
    });
    expect(unknownStream.status).toBe(400);
  });

  test('a stepped session goal is pushed live as it moves and records each target reached once', async () => {
    const socket = connect(server.url, 'g');
    const otherSocket = connect(server.url, 'other');
    const seen = recordAll(socket);
    const otherSeen = recordAll(otherSocket);
    await new Promise<void>((resolve) => socket.once('stats', () => resolve()));
    const created = await api(server.url, 'POST', '/api/profiles/g/goals', {
      name: 'Like goal',
      metric: 'likes',
      target: 100,
      step: 50,
      scope: 'session',
    });
    expect(created.status).toBe(201);
    const goal = (await created.json()) as { id: string };

    await api(server.url, 'POST', '/api/profiles/g/events', [likes(60)]);
    await eventually(async () =>
      expect((await goals())[0]).toMatchObject({ progress: 60, completed: 0, percent: 60 }),
    );
    await api(server.url, 'POST', '/api/profiles/g/events', [likes(100)]);
    await eventually(async () =>
      expect((await goals())[0]).toMatchObject({
        progress: 160,
        completed: 2,
        current_target: 200,
        percent: 80,
      }),
    );
    // Pushed live, to this profile only.
    await eventually(() => {
      const pushed = (seen.get('goal_progress') ?? []) as { profile: string; goals: GoalProgress[] }[];
      expect(pushed.at(-1)!.goals[0]).toMatchObject({ id: goal.id, progress: 160 });
    });
    expect(otherSeen.get('goal_progress')).toBeUndefined();

    // Targets 100 and 150 were reached: two trigger events, each once.
    await eventually(async () => {
      const stats = (await (await api(server.url, 'GET', '/api/stats?profile=g')).json()) as {
        recent_triggers: { type: string; details: { target: number; goal_id: string } }[];
      };
      const reached = stats.recent_triggers.filter((t) => t.type === 'goal_completed');
      expect(reached.map((t) => t.details.target).sort()).toEqual([100, 150]);
      expect(reached.every((t) => t.details.goal_id === goal.id)).toBe(true);
    });
    // A commit that reaches no new target records nothing. The goal watch checks one commit at a
    // time: once the next commit's progress is pushed, whatever the check of this one stored is in.
    const pushedProgress = () =>
      ((seen.get('goal_progress') ?? []) as { goals: GoalProgress[] }[]).at(-1)?.goals[0]?.progress;
    await api(server.url, 'POST', '/api/profiles/g/events', [likes(1)]);
    await eventually(() => expect(pushedProgress()).toBe(161));
    await api(server.url, 'POST', '/api/profiles/g/events', [likes(1)]);
    await eventually(() => expect(pushedProgress()).toBe(162));
    const page = (await (await api(server.url, 'GET', '/api/profiles/g/events?limit=1000')).json()) as {
      events: { kind: string; data?: { type?: string } }[];
    };
    expect(page.events.filter((e) => e.kind === 'trigger' && e.data?.type === 'goal_completed')).toHaveLength(
      2,
    );
    socket.close();
    otherSocket.close();
  });

  test('goals can be changed and deleted; a daily goal counts since local midnight', async () => {
    const list = await goals();
    const id = list[0]!.id;
    const put = await api(server.url, 'PUT', `/api/profiles/g/goals/${id}`, {
      name: 'Daily likes',
      metric: 'likes',
      target: 1000,
      scope: 'daily',
    });
    expect(put.status).toBe(200);
    const daily = (await goals())[0]!;
    expect(daily).toMatchObject({ name: 'Daily likes', progress: 162, completed: 0, step: null });
    expect(daily.period).toBe(new Date().toISOString().slice(0, 10));
    expect((await api(server.url, 'DELETE', `/api/profiles/g/goals/${id}`)).status).toBe(204);
    expect(await goals()).toEqual([]);
    expect((await api(server.url, 'DELETE', `/api/profiles/g/goals/${id}`)).status).toBe(404);
  });
});
