import { pino } from 'pino';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { UnavailableError } from '../core/errors.js';
import type { LiveEvent } from '../core/live-event.js';
import type { StreamInfo } from '../store/ports.js';
import { OfflineError, type Connector, type ConnectorFactory, type ConnectorHandlers } from './connector.js';
import { ConnectorSupervisor } from './connector-supervisor.js';
import type { ConnectorStatus } from './connector-status.js';

const stream: StreamInfo = {
  id: 'tt',
  platform: 'tiktok',
  channel: '@a',
  enabled: true,
  recording: false,
  created_at: 0,
};

/** A connector whose outcome each test scripts: what `connect` does, and a handle to report. */
class ScriptedConnector implements Connector {
  handlers: ConnectorHandlers | null = null;
  disconnected = false;
  constructor(private readonly outcome: () => Promise<void>) {}
  async connect(handlers: ConnectorHandlers): Promise<void> {
    this.handlers = handlers;
    await this.outcome();
  }
  disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }
}

function setup(
  outcomes: (() => Promise<void>)[],
  submit = vi.fn((_p: string, _e: readonly LiveEvent[]) => Promise.resolve()),
) {
  const made: ScriptedConnector[] = [];
  const factory: ConnectorFactory = () => {
    const outcome = outcomes.shift();
    if (!outcome) throw new Error('no more scripted attempts');
    const c = new ScriptedConnector(outcome);
    made.push(c);
    return c;
  };
  const statuses: ConnectorStatus[] = [];
  const supervisor = new ConnectorSupervisor({
    factories: { tiktok: factory },
    submit,
    onStatus: (_p, s) => statuses.push(s),
    logger: pino({ level: 'silent' }),
    now: () => Date.now(),
    random: () => 0,
    backoff: { baseMs: 1000, maxMs: 8000, offlineMs: 30_000 },
  });
  return { supervisor, made, statuses, submit };
}

const chat = (text: string): LiveEvent => ({
  stream: 'tt',
  kind: 'chat',
  at: 1_800_000_000_000,
  count: 1,
  value: 0,
  text,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectorSupervisor', () => {
  test('reports connecting then live, and stores what the connector hears in order', async () => {
    const { supervisor, made, statuses, submit } = setup([() => Promise.resolve()]);
    supervisor.start('p', stream);
    await vi.waitFor(() => expect(supervisor.status('p', stream).state).toBe('live'));
    made[0]!.handlers!.events([chat('a'), chat('b')]);
    made[0]!.handlers!.events([chat('c')]);
    await vi.waitFor(() =>
      expect(submit.mock.calls.flatMap((c) => c[1].map((e) => e.text))).toEqual(['a', 'b', 'c']),
    );
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    await supervisor.close();
  });

  test('reconnects with growing backoff after failures, and resets it once connected', async () => {
    vi.useFakeTimers();
    const fail = () => Promise.reject(new Error('socket hang up'));
    const { supervisor, statuses } = setup([fail, fail, fail, () => Promise.resolve()]);
    supervisor.start('p', stream);
    await vi.advanceTimersByTimeAsync(0);
    expect(supervisor.status('p', stream)).toMatchObject({ state: 'error', failures: 1 });
    expect(supervisor.status('p', stream).last_error?.message).toBe('socket hang up');
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const s = supervisor.status('p', stream);
      waits.push(s.next_attempt_at! - Date.now());
      await vi.advanceTimersByTimeAsync(s.next_attempt_at! - Date.now());
    }
    // random() = 0: half of 1 s, 2 s, 4 s.
    expect(waits).toEqual([500, 1000, 2000]);
    expect(supervisor.status('p', stream)).toMatchObject({ state: 'live', failures: 0 });
    expect(statuses.filter((s) => s.state === 'connecting')).toHaveLength(4);
    await supervisor.close();
  });

  test('polls an offline channel at the steady pace without counting failures', async () => {
    vi.useFakeTimers();
    const offline = () => Promise.reject(new OfflineError('not live'));
    const { supervisor } = setup([offline, offline]);
    supervisor.start('p', stream);
    await vi.advanceTimersByTimeAsync(0);
    const s = supervisor.status('p', stream);
    expect(s).toMatchObject({ state: 'offline', failures: 0, last_error: null });
    expect(s.next_attempt_at! - Date.now()).toBe(15_000);
    await supervisor.close();
  });

  test('a stream that ends is retried later, and a lost link reconnects', async () => {
    vi.useFakeTimers();
    const ok = () => Promise.resolve();
    const { supervisor, made } = setup([ok, ok, ok]);
    supervisor.start('p', stream);
    await vi.advanceTimersByTimeAsync(0);
    made[0]!.handlers!.closed({ offline: true });
    expect(supervisor.status('p', stream).state).toBe('offline');
    expect(made[0]!.disconnected).toBe(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(supervisor.status('p', stream).state).toBe('live');
    made[1]!.handlers!.closed({ offline: false, error: new Error('ws closed 1006') });
    expect(supervisor.status('p', stream)).toMatchObject({ state: 'error', failures: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(supervisor.status('p', stream).state).toBe('live');
    // What the first connection reports after it was replaced is ignored.
    made[0]!.handlers!.events([chat('late')]);
    made[0]!.handlers!.closed({ offline: false, error: new Error('late') });
    expect(supervisor.status('p', stream).state).toBe('live');
    await supervisor.close();
  });

  test('a connector that throws while being built or connecting never escapes', async () => {
    vi.useFakeTimers();
    const { supervisor } = setup([]);
    expect(() => supervisor.start('p', stream)).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    expect(supervisor.status('p', stream)).toMatchObject({ state: 'error', failures: 1 });
    expect(supervisor.status('p', stream).last_error?.message).toBe('no more scripted attempts');
    await supervisor.close();
  });

  test('stop disconnects, stores what was heard, and ends retries', async () => {
    const submit = vi.fn((_p: string, _e: readonly LiveEvent[]) => Promise.resolve());
    const { supervisor, made } = setup([() => Promise.resolve()], submit);
    supervisor.start('p', stream);
    await vi.waitFor(() => expect(supervisor.status('p', stream).state).toBe('live'));
    made[0]!.handlers!.events([chat('x')]);
    const status = await supervisor.stop('p', stream.id);
    expect(status?.state).toBe('stopped');
    expect(made[0]!.disconnected).toBe(true);
    expect(submit.mock.calls.flatMap((c) => c[1].map((e) => e.text))).toEqual(['x']);
  });

  test('keeps events through a full queue and stores them once it drains', async () => {
    vi.useFakeTimers();
    let refusals = 2;
    const stored: string[] = [];
    const submit = vi.fn((_p: string, events: readonly LiveEvent[]) => {
      if (refusals-- > 0) return Promise.reject(new UnavailableError('INGEST_QUEUE_FULL', 'full', 1));
      stored.push(...events.map((e) => e.text ?? ''));
      return Promise.resolve();
    });
    const { supervisor, made } = setup([() => Promise.resolve()], submit);
    supervisor.start('p', stream);
    await vi.advanceTimersByTimeAsync(0);
    made[0]!.handlers!.events([chat('1')]);
    made[0]!.handlers!.events([chat('2')]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(stored).toEqual(['1', '2']);
    await supervisor.close();
  });

  test('refuses to start a platform it has no connector for', () => {
    const { supervisor } = setup([]);
    expect(() => supervisor.start('p', { ...stream, platform: 'custom' })).toThrow(/push API/);
  });

  test('starts a stream with a source of its own from it, never from its platform; one whose source is off not at all', async () => {
    const { supervisor, made } = setup([() => Promise.resolve()]);
    const own: Connector[] = [];
    supervisor.useSource('p', 'tt', () => {
      const c = new ScriptedConnector(() => Promise.resolve());
      own.push(c);
      return c;
    });
    await vi.waitFor(() => expect(supervisor.start('p', stream).state).toBe('live'));
    expect(own).toHaveLength(1);
    expect(made).toHaveLength(0);
    await supervisor.stop('p', 'tt');
    supervisor.useSource('p', 'tt', null);
    expect(supervisor.isSupported('p', stream)).toBe(false);
    expect(() => supervisor.start('p', stream)).toThrow(/source of its own/);
    expect(made).toHaveLength(0);
    // Another profile's stream of the same id still connects to its platform.
    expect(supervisor.isSupported('q', stream)).toBe(true);
  });

  test('lists as connected to their platform only the running streams fed by it, not a replay or a source of their own', async () => {
    const { supervisor } = setup([() => Promise.resolve()]);
    const scripted: ConnectorFactory = () => new ScriptedConnector(() => Promise.resolve());
    supervisor.useSource('p', 'own', scripted);
    supervisor.start('p', stream);
    supervisor.start('p', { ...stream, id: 'own' });
    supervisor.start('p', { ...stream, id: 'replayed' }, scripted);
    expect(supervisor.platformStreams()).toEqual([{ profile: 'p', stream }]);
    await supervisor.stop('p', 'tt');
    expect(supervisor.platformStreams()).toEqual([]);
    await supervisor.close();
  });
});
