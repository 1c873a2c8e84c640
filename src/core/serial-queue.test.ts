import { expect, test } from 'vitest';
import { SerialQueue } from './serial-queue.js';

test('runs one task at a time, in the order given, and goes on after a failure', async () => {
  const queue = new SerialQueue();
  const log: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const first = queue.run(async () => {
    log.push('first starts');
    await held;
    log.push('first ends');
    return 1;
  });
  const second = queue.run(() => {
    log.push('second starts');
    return Promise.reject(new Error('second fails'));
  });
  const third = queue.run(() => {
    log.push('third starts');
    return Promise.resolve(3);
  });
  await Promise.resolve();
  expect(log).toEqual(['first starts']);
  release();
  expect(await first).toBe(1);
  await expect(second).rejects.toThrow('second fails');
  expect(await third).toBe(3);
  expect(log).toEqual(['first starts', 'first ends', 'second starts', 'third starts']);
});
