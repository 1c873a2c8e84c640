import { describe, expect, test } from 'vitest';
import type { Connector, ConnectorFactory, ConnectorHandlers } from './connector.js';
import { lazyConnectorFactory } from './lazy-connector.js';

const target = {
  profile: 'p',
  stream: {
    id: 's',
    platform: 'tiktok' as const,
    channel: 'c',
    enabled: true,
    recording: false,
    created_at: 0,
  },
};
const context = { logger: undefined as never, now: () => 0 };
const handlers: ConnectorHandlers = { events: () => undefined, closed: () => undefined };

function recordingFactory(log: string[]): ConnectorFactory {
  return (t): Connector => ({
    connect: () => {
      log.push(`connect ${t.stream.id}`);
      return Promise.resolve();
    },
    disconnect: () => {
      log.push('disconnect');
      return Promise.resolve();
    },
  });
}

describe('lazyConnectorFactory', () => {
  test('loads the module on the first connect only, then connects and disconnects through it', async () => {
    const log: string[] = [];
    let loads = 0;
    const factory = lazyConnectorFactory(() => {
      loads += 1;
      return Promise.resolve(recordingFactory(log));
    });
    expect(loads).toBe(0);
    const first = factory(target, context);
    await first.connect(handlers);
    await first.disconnect();
    await factory(target, context).connect(handlers);
    expect(loads).toBe(1);
    expect(log).toEqual(['connect s', 'disconnect', 'connect s']);
  });

  test('a failed load fails that connect and is tried again on the next', async () => {
    let loads = 0;
    const factory = lazyConnectorFactory(() => {
      loads += 1;
      return loads === 1 ? Promise.reject(new Error('no module')) : Promise.resolve(recordingFactory([]));
    });
    await expect(factory(target, context).connect(handlers)).rejects.toThrow('no module');
    await expect(factory(target, context).connect(handlers)).resolves.toBeUndefined();
    expect(loads).toBe(2);
  });

  test('a connector disconnected while its module loads never connects', async () => {
    const log: string[] = [];
    let release: (f: ConnectorFactory) => void = () => undefined;
    const factory = lazyConnectorFactory(() => new Promise((resolve) => (release = resolve)));
    const connector = factory(target, context);
    const connecting = connector.connect(handlers);
    await connector.disconnect();
    release(recordingFactory(log));
    await expect(connecting).rejects.toThrow(/disconnected/);
    expect(log).toEqual([]);
  });
});
