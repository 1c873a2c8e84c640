import { describe, expect, test } from 'vitest';
import { emptyState, reduce } from './reduce.js';
import type { EventKind, StoredEvent } from './live-event.js';
import { LATE_END_REASON, RECENT_SESSIONS } from './recent-sessions.js';

const GRACE = 5 * 60_000;
const OPTIONS = { sessionGapMs: GRACE };
const T0 = Date.UTC(2026, 5, 1, 18, 0, 0);
const DAY = 24 * 3600_000;

let seq = 0;
function ev(kind: EventKind, at: number, extra: Partial<StoredEvent> = {}): StoredEvent {
  seq += 1;
  return { seq, stream: 'a', kind, at, count: 1, value: 0, ...extra };
}

/** Folds batches one after another into the state; returns every session the deltas wrote. */
function fold(...batches: StoredEvent[][]) {
  let state = emptyState();
  const sessions = new Map<number, ReturnType<typeof sessionOf>>();
  const viewers = new Map<string, number>();
  for (const batch of batches) {
    const next = reduce(state, batch, OPTIONS);
    state = next.state;
    for (const s of next.delta.sessions.values()) sessions.set(s.id, sessionOf(s));
    // The profile-wide totals take the rows outside sessions and every session's rows (see Delta).
    const rows = [
      ...next.delta.viewers.values(),
      ...[...next.delta.sessionViewers.values()].flatMap((m) => [...m.values()]),
    ];
    for (const v of rows) viewers.set(v.user_id, (viewers.get(v.user_id) ?? 0) + v.likes);
  }
  return { state, sessions, viewers };
}

const sessionOf = (s: {
  id: number;
  started_at: number;
  ended_at: number | null;
  likes: number;
  end_reason: string | null;
}) => ({
  id: s.id,
  started_at: s.started_at,
  ended_at: s.ended_at,
  likes: s.likes,
  end_reason: s.end_reason,
});

describe('late events', () => {
  test('an event 30 days before the open session forms a closed session of its own and leaves the open one as it was', () => {
    const open = ev('viewers', T0, { count: 100 });
    const late = ev('like', T0 - 30 * DAY, { count: 7 });
    const { state, sessions } = fold([open], [late]);
    const live = state.streams.get('a')!.session!;
    expect(live).toMatchObject({ id: open.seq, started_at: T0, last_event_at: T0, likes: 0 });
    expect(sessions.get(late.seq)).toEqual({
      id: late.seq,
      started_at: T0 - 30 * DAY,
      ended_at: T0 - 30 * DAY,
      likes: 7,
      end_reason: LATE_END_REASON,
    });
  });

  test('a late event within the grace before the open session joins it, stretching it by at most the grace', () => {
    const open = ev('viewers', T0, { count: 100 });
    const { state } = fold([open], [ev('like', T0 - GRACE + 1000, { count: 2 })]);
    expect(state.streams.get('a')!.session).toMatchObject({ started_at: T0 - GRACE + 1000, likes: 2 });
  });

  test('late events join the closed session whose span holds them, and count toward the viewer totals once', () => {
    const user = { id: 'u1', name: 'ana' };
    const first = [ev('like', T0, { user }), ev('like', T0 + 3 * 60_000), ev('stream_end', T0 + 4 * 60_000)];
    const second = [ev('like', T0 + DAY, { user })];
    const late = [ev('like', T0 + 2 * 60_000, { user, count: 5 })];
    const { state, sessions, viewers } = fold(first, second, late);
    expect(sessions.get(first[0]!.seq)).toMatchObject({ likes: 7, ended_at: T0 + 4 * 60_000 });
    expect(state.streams.get('a')!.session).toMatchObject({ id: second[0]!.seq, likes: 1 });
    // Each like once: the first session's, the second's and the late one (in the first session).
    expect(viewers.get('u1')).toBe(7);
  });

  test('a late stream end closes nothing', () => {
    const open = ev('viewers', T0, { count: 10 });
    const { state } = fold([open], [ev('stream_end', T0 - DAY)]);
    expect(state.streams.get('a')!.session).toMatchObject({ id: open.seq, ended_at: null });
  });

  test('a replay of an earlier day while live gathers into one session of its own', () => {
    const open = ev('viewers', T0, { count: 10 });
    const replay = Array.from({ length: 30 }, (_, i) => ev('like', T0 - DAY + i * 60_000));
    const { state, sessions } = fold([open], replay.slice(0, 10), replay.slice(10));
    const formed = [...sessions.values()].filter((s) => s.end_reason === LATE_END_REASON);
    expect(formed).toEqual([
      {
        id: replay[0]!.seq,
        started_at: T0 - DAY,
        ended_at: T0 - DAY + 29 * 60_000,
        likes: 30,
        end_reason: 'late',
      },
    ]);
    expect(state.streams.get('a')!.session).toMatchObject({ started_at: T0, likes: 0 });
  });

  test('at most RECENT_SESSIONS closed sessions are kept per stream, the newest by id', () => {
    const batches = Array.from({ length: RECENT_SESSIONS + 4 }, (_, i) => [ev('like', T0 - (i + 1) * DAY)]);
    const { state } = fold([ev('like', T0)], ...batches);
    const recent = state.streams.get('a')!.recent;
    expect(recent).toHaveLength(RECENT_SESSIONS);
    expect(recent.map((s) => s.id)).toEqual([...recent.map((s) => s.id)].sort((a, b) => b - a));
    expect(recent[0]!.id).toBe(batches.at(-1)![0]!.seq);
  });
});
