import type { ObsStatus } from '../../api/openapi.gen.js';
import { formatTime } from '../../components/format.js';

const BADGES: Record<ObsStatus['state'], { label: string; className: string }> = {
  connected: { label: 'connected', className: 'ok' },
  connecting: { label: 'connecting', className: 'state-connecting' },
  waiting: { label: 'waiting for OBS', className: 'warn' },
  error: { label: 'refused', className: 'state-error' },
  stopped: { label: 'not set up', className: 'state-stopped' },
};

/** The link's state in plain words: "Connected to OBS 31.0", "Waiting for OBS at ws://… — retrying at …". */
export function describeObsLink(status: ObsStatus, address: string | null): string {
  const where = address ? ` at ${address}` : '';
  const retry = status.next_attempt_at ? ` — retrying at ${formatTime(status.next_attempt_at, false)}` : '';
  switch (status.state) {
    case 'connected':
      return `Connected to OBS${status.obs_version ? ` ${status.obs_version}` : ''} since ${formatTime(status.since, false)}`;
    case 'connecting':
      return `Connecting to OBS${where}…`;
    case 'waiting':
      return `Waiting for OBS${where}${retry}`;
    case 'error':
      // The server's reason says what OBS refused (the password, most often) and where to look.
      return `${status.last_error?.message ?? 'OBS refused the link'}${retry}`;
    case 'stopped':
      return 'Not set up';
    default:
      // A state this page does not know (a newer server): said as it is, never guessed at.
      return `OBS link: ${String(status.state)}`;
  }
}

/** Whether OBS's output is on, as a badge that stands out when it is. */
function Output(props: { output: string; isOn: boolean; on: string; off: string }) {
  return (
    <span className={`badge ${props.isOn ? 'rec' : ''}`} data-output={props.output} data-on={props.isOn}>
      {props.isOn ? `● ${props.on}` : props.off}
    </span>
  );
}

/**
 * How the profile's OBS link is doing: its state in words, the last error while it is not
 * connected, and, while connected, what OBS's outputs (stream, recording, replay buffer) are doing.
 */
export function ObsLinkState({ status, address }: { status: ObsStatus; address: string | null }) {
  const badge = BADGES[status.state] ?? { label: String(status.state), className: '' };
  const isConnected = status.state === 'connected';
  return (
    <div data-testid="obs-link-state" data-state={status.state}>
      <p>
        <span className={`badge ${badge.className}`} data-testid="obs-state">
          {badge.label}
        </span>{' '}
        <span data-testid="obs-link-words">{describeObsLink(status, address)}</span>
      </p>
      {!isConnected && status.state !== 'error' && status.last_error && (
        <p className="muted small" data-testid="obs-last-error">
          Last error ({formatTime(status.last_error.at, false)}): {status.last_error.message}
        </p>
      )}
      {isConnected && (
        <p className="actions small" data-testid="obs-outputs">
          <Output output="stream" isOn={status.streaming} on="streaming" off="not streaming" />
          <Output output="record" isOn={status.recording} on="recording" off="not recording" />
          <Output
            output="replay_buffer"
            isOn={status.replay_buffer}
            on="replay buffer running"
            off="replay buffer off"
          />
        </p>
      )}
    </div>
  );
}
