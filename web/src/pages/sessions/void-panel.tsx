import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client.js';
import type { Session } from '../../api/openapi.gen.js';
import { formatCount } from '../../components/format.js';

interface Props {
  profile: string;
  session: Session;
  /** Called after a void was recorded: the report is read again. */
  onVoided: () => void;
}

/** A datetime-local input's value (local time, to the second) of an epoch-ms time. */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * Takes back stray events of a session (a test gift, a reading from a bad clock): the stream's
 * events in a time range, by default the whole session. Counts first (a dry run), then voids with
 * a reason; the void is recorded in the log and the session's numbers are folded again without them.
 */
export function VoidPanel({ profile, session, onVoided }: Props) {
  const end = (session.ended_at ?? session.last_event_at) + 1000;
  const [from, setFrom] = useState(toLocalInput(session.started_at));
  const [to, setTo] = useState(toLocalInput(end));
  const [reason, setReason] = useState('');
  const [count, setCount] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const target = () => ({
    stream: session.stream,
    from: new Date(from).getTime(),
    to: new Date(to).getTime(),
  });
  const send = async (dryRun: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await unwrap(
        api.POST('/api/profiles/{profile}/events/void', {
          params: { path: { profile } },
          body: { target: target(), reason: reason || 'counting', by: 'dashboard', dry_run: dryRun },
        }),
      );
      if (dryRun) setCount(result.voided);
      else {
        setCount(null);
        setMessage(
          `Voided ${formatCount(result.voided)} event(s); recorded as event ${result.event?.seq ?? '?'}.`,
        );
        onVoided();
      }
    } catch (err) {
      setCount(null);
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const changed = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setCount(null);
  };

  return (
    <section className="panel" data-testid="void-panel">
      <h2>Take back events</h2>
      <p className="muted small">
        {session.end_reason === 'late' ? 'This session was formed by events that arrived late. ' : ''}
        Voided events stay in the event log, marked; every number here is computed again without them.
      </p>
      <div className="form-row">
        <label>
          From
          <input
            type="datetime-local"
            step="1"
            value={from}
            onChange={changed(setFrom)}
            data-testid="void-from"
          />
        </label>
        <label>
          To
          <input type="datetime-local" step="1" value={to} onChange={changed(setTo)} data-testid="void-to" />
        </label>
        <label>
          Reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="a test gift"
            data-testid="void-reason"
          />
        </label>
        <button type="button" disabled={busy} onClick={() => void send(true)} data-testid="void-count">
          Count
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy || count === null || count === 0 || reason.trim() === ''}
          onClick={() => void send(false)}
          data-testid="void-confirm"
        >
          Void {count === null ? '' : `${formatCount(count)} `}events of {session.stream}
        </button>
      </div>
      {count !== null && (
        <p data-testid="void-count-result">
          {formatCount(count)} event(s) of {session.stream} in this range would be taken back.
        </p>
      )}
      {message && <p data-testid="void-message">{message}</p>}
    </section>
  );
}
