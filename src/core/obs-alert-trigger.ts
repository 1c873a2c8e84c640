import type { LiveEvent } from './live-event.js';
import type { ObsHealthAlert } from './obs-health-alarm.js';

/**
 * A health alert as a trigger of `stream`: stored, pushed and sent to webhooks like any other
 * trigger (type `obs_dropped_frames` or `obs_low_bitrate`). Its source id makes a repeat harmless.
 */
export function obsAlertTrigger(stream: string, alert: ObsHealthAlert): LiveEvent {
  return {
    stream,
    kind: 'trigger',
    at: alert.at,
    id: `obs-${alert.kind}-${alert.at}`,
    count: 1,
    value: 0,
    data: {
      type: `obs_${alert.kind}`,
      details: { value: alert.value, threshold: alert.threshold, window_seconds: alert.window_seconds },
    },
  };
}
