import { expect, test } from 'vitest';
import { Hooks, Listeners } from './listeners.js';

test('a listener that throws or rejects is reported and the listeners after it still run', async () => {
  const failures: unknown[] = [];
  const calls: string[] = [];
  const listeners = new Listeners<[profile: string]>((err) => failures.push(err));
  listeners.add(() => {
    throw new Error('push failed');
  });
  listeners.add(() => Promise.reject(new Error('webhook failed')));
  listeners.add((p) => void calls.push(p));
  listeners.emit('a');
  expect(calls).toEqual(['a']);
  await Promise.resolve();
  expect(failures.map((e) => (e as Error).message)).toEqual(['push failed', 'webhook failed']);
});

test('hooks run in order, each awaited, and the first failure fails the caller', async () => {
  const calls: string[] = [];
  const hooks = new Hooks<[profile: string]>();
  hooks.add(async (p) => {
    await Promise.resolve();
    calls.push(`stop ${p}`);
  });
  hooks.add((p) => void calls.push(`forget ${p}`));
  await hooks.run('a');
  expect(calls).toEqual(['stop a', 'forget a']);
  hooks.add(() => Promise.reject(new Error('busy')));
  hooks.add(() => void calls.push('never'));
  await expect(hooks.run('b')).rejects.toThrow('busy');
  expect(calls).toEqual(['stop a', 'forget a', 'stop b', 'forget b']);
});
