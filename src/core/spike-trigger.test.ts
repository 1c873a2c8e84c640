import { expect, test } from 'vitest';
import { isSpikeTrigger, spikeTriggerType } from './spike-trigger.js';

const trigger = (data: Record<string, unknown> | undefined) => ({
  stream: 's',
  kind: 'trigger' as const,
  at: 0,
  count: 1,
  value: 0,
  data,
});

test('only the triggers the spike watch stores are spikes', () => {
  expect(isSpikeTrigger(trigger({ type: spikeTriggerType('viewers') }))).toBe(true);
  expect(isSpikeTrigger(trigger({ type: 'gift_value_spike' }))).toBe(true);
  expect(isSpikeTrigger(trigger({ type: 'goal_reached' }))).toBe(false);
  expect(isSpikeTrigger(trigger({ type: 'my_spike' }))).toBe(false);
  expect(isSpikeTrigger(trigger({ type: 7 }))).toBe(false);
  expect(isSpikeTrigger(trigger(undefined))).toBe(false);
  expect(isSpikeTrigger({ ...trigger({ type: 'viewers_spike' }), kind: 'chat' })).toBe(false);
});
