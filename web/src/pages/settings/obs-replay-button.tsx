import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';

/**
 * Asks OBS to save its replay buffer now. The server answers at once; OBS writes the file a moment
 * later, and it is listed with the session's recordings. A refusal (OBS not connected, no replay
 * buffer running) shows the server's reason.
 */
export function ObsReplayButton({ profile, isBufferRunning }: { profile: string; isBufferRunning: boolean }) {
  const [isAsking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const save = (): void => {
    setAsking(true);
    setMessage(null);
    unwrap(api.POST('/api/profiles/{profile}/obs/replay', { params: { path: { profile } } }))
      .then(
        () => {
          setError(null);
          setMessage("Asked: OBS saves its replay buffer; the file is listed in the session's recordings.");
        },
        (err: unknown) => setError(err),
      )
      .finally(() => setAsking(false));
  };
  return (
    <div data-testid="obs-replay">
      <div className="actions">
        <button type="button" onClick={save} disabled={isAsking}>
          Save replay now
        </button>
        <span className="muted small" role="status" data-testid="obs-replay-saved">
          {message}
        </span>
      </div>
      {!isBufferRunning && (
        <p className="muted small">
          OBS&apos;s replay buffer is not running: start it in OBS (Start Replay Buffer, under Controls) to
          save replays.
        </p>
      )}
      <ErrorNotice error={error} testId="obs-replay-error" />
    </div>
  );
}
