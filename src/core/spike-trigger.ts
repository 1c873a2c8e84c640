import type { LiveEvent } from './live-event.js';
import type { SpikeSignal } from './spike-detector.js';
import { SPIKE_SIGNALS } from './trigger-settings.js';

/** The type of the trigger a spike of `signal` is stored as. */
export function spikeTriggerType(signal: SpikeSignal): string {
  return `${signal}_spike`;
}

const SPIKE_TYPES: ReadonlySet<string> = new Set(SPIKE_SIGNALS.map(spikeTriggerType));

/** Whether an event is a trigger the spike watch stored. */
export function isSpikeTrigger(event: LiveEvent): boolean {
  if (event.kind !== 'trigger') return false;
  const type = event.data?.type;
  return typeof type === 'string' && SPIKE_TYPES.has(type);
}
