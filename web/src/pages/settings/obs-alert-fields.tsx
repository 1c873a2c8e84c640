import type { ObsDraft } from './obs-settings-draft.js';

/** When a health alert fires, and whether a spike saves OBS's replay buffer. */
export function ObsAlertFields({
  shown,
  edit,
}: {
  shown: ObsDraft | null;
  edit: (patch: Partial<ObsDraft>) => void;
}) {
  return (
    <>
      <fieldset data-testid="obs-health-alerts">
        <legend>Health alerts (triggers of the stream)</legend>
        <label>
          Alert when more than this % of frames are dropped (empty: never)
          <input
            type="number"
            min={0.1}
            max={100}
            step={0.1}
            value={shown?.droppedPercent ?? ''}
            onChange={(e) => edit({ droppedPercent: e.target.value })}
          />
        </label>
        <label>
          Alert when the bitrate falls below, kbps (empty: never)
          <input
            type="number"
            min={1}
            max={100000}
            step={1}
            value={shown?.minBitrate ?? ''}
            onChange={(e) => edit({ minBitrate: e.target.value })}
          />
        </label>
        <label>
          Over the last, seconds (5 to 600)
          <input
            type="number"
            min={5}
            max={600}
            step={1}
            value={shown?.window ?? ''}
            onChange={(e) => edit({ window: e.target.value })}
          />
        </label>
      </fieldset>
      <fieldset data-testid="obs-clip-on-spike">
        <legend>Replays</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={shown?.clipOnSpike ?? false}
            onChange={(e) => edit({ clipOnSpike: e.target.checked })}
          />
          Save a replay when a spike fires (OBS&apos;s replay buffer must be running)
        </label>
        <label>
          At most one replay every, seconds (10 to 3600)
          <input
            type="number"
            min={10}
            max={3600}
            step={1}
            value={shown?.cooldown ?? ''}
            disabled={!(shown?.clipOnSpike ?? false)}
            onChange={(e) => edit({ cooldown: e.target.value })}
          />
        </label>
      </fieldset>
    </>
  );
}
