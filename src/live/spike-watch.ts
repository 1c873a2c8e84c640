import type { Logger } from 'pino';
import type { LiveEvent } from '../core/live-event.js';
import type { LiveChange } from './live-state.js';
import { SpikeDetector, type Spike, type SpikeSignal } from '../core/spike-detector.js';
import { resolveDetector, SPIKE_SIGNALS, type TriggerSettings } from '../core/trigger-settings.js';
import { spikeTriggerType } from '../core/spike-trigger.js';
import { MinuteWindow } from './minute-window.js';

export interface SpikeWatchDeps {
  /** Stores the trigger events (through the pipeline, like every other event). */
  submit: (profile: string, events: LiveEvent[]) => Promise<unknown>;
  settings: (profile: string) => Promise<TriggerSettings>;
  log: Logger;
}

/** Chat velocity and gift value are observed at most this often per stream. */
const OBSERVE_EVERY_MS = 1000;

interface StreamWatch {
  detectors: Map<SpikeSignal, SpikeDetector>;
  coins: MinuteWindow;
  /** Event time of the newest chat or gift seen. */
  latestAt: number;
  lastObservedAt: number;
}

/**
 * Watches each stream's viewers, chat velocity and gift value (coins per minute) for spikes
 * against a robust rolling baseline (core/spike-detector.ts), with the profile's settings. A spike
 * becomes a `trigger` event in the log, so it is pushed, survives restarts and reaches webhooks
 * like any other trigger. Its source id makes a repeat harmless.
 */
export class SpikeWatch {
  private readonly profiles = new Map<string, Map<string, StreamWatch>>();

  constructor(private readonly deps: SpikeWatchDeps) {}

  /**
   * Feeds a committed batch (a live-state change, which has counted its chat already); resolves
   * once any spike it caused is stored.
   */
  async observe(profile: string, change: LiveChange): Promise<void> {
    const { events } = change;
    if (!events.some((e) => e.kind !== 'trigger')) return;
    const settings = await this.deps.settings(profile);
    const streams = this.streamsOf(profile, settings);
    const spikes: LiveEvent[] = [];
    const touched = new Set<string>();
    for (const e of events) {
      const watch = streams(e.stream);
      if (e.kind === 'viewers') this.check(spikes, e.stream, 'viewers', watch, e.at, e.count);
      if (e.kind === 'gift') watch.coins.add(e.at, e.value);
      if (e.kind === 'chat' || e.kind === 'gift') {
        if (e.at > watch.latestAt) watch.latestAt = e.at;
        touched.add(e.stream);
      }
    }
    for (const stream of touched) {
      const watch = streams(stream);
      const at = watch.latestAt;
      if (at - watch.lastObservedAt < OBSERVE_EVERY_MS) continue;
      watch.lastObservedAt = at;
      this.check(spikes, stream, 'chat_velocity', watch, at, change.chatPerMinute(stream, at));
      this.check(spikes, stream, 'gift_value', watch, at, watch.coins.perMinute(at));
    }
    if (spikes.length > 0) await this.deps.submit(profile, spikes);
  }

  /** Forgets a profile's baselines (deleted, or its settings changed). */
  forget(profile: string): void {
    this.profiles.delete(profile);
  }

  private check(
    out: LiveEvent[],
    stream: string,
    signal: SpikeSignal,
    watch: StreamWatch,
    at: number,
    value: number,
  ): void {
    const detector = watch.detectors.get(signal);
    const spike = detector?.observe(at, value);
    if (spike) out.push(toTrigger(stream, signal, spike));
  }

  private streamsOf(profile: string, settings: TriggerSettings): (stream: string) => StreamWatch {
    let streams = this.profiles.get(profile);
    if (!streams) this.profiles.set(profile, (streams = new Map<string, StreamWatch>()));
    return (stream) => {
      let watch = streams.get(stream);
      if (!watch) {
        const detectors = new Map<SpikeSignal, SpikeDetector>();
        for (const signal of SPIKE_SIGNALS) {
          const options = resolveDetector(settings, signal);
          if (options.enabled) detectors.set(signal, new SpikeDetector(options));
        }
        watch = { detectors, coins: new MinuteWindow(), latestAt: 0, lastObservedAt: 0 };
        streams.set(stream, watch);
      }
      return watch;
    };
  }
}

function toTrigger(stream: string, signal: SpikeSignal, spike: Spike): LiveEvent {
  return {
    stream,
    kind: 'trigger',
    at: spike.at,
    id: `spike-${signal}-${spike.at}`,
    count: 1,
    value: 0,
    data: {
      type: spikeTriggerType(signal),
      details: {
        signal,
        value: spike.value,
        baseline: spike.baseline,
        change: spike.change,
        score: round(spike.score),
      },
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
