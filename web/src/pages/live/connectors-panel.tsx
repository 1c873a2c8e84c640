import { useState } from 'react';
import { useHasRole } from '../../app/use-role.js';
import { api, errorMessage, unwrap } from '../../api/client.js';
import { formatTime } from '../../components/format.js';
import { useApi } from '../../app/use-api.js';
import type { ConnectorView } from './use-live.js';

/** Each stream's connector state, with connect and disconnect buttons. */
export function ConnectorsPanel(props: {
  profile: string;
  connectors: Record<string, ConnectorView>;
  onChange: () => void;
}) {
  const { profile, connectors, onChange } = props;
  const canChange = useHasRole(profile, 'editor');
  const streams = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/streams', { params: { path: { profile } }, signal })),
  );
  const [error, setError] = useState<{ stream: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (stream: string, action: 'connect' | 'disconnect'): Promise<void> => {
    setBusy(stream);
    setError(null);
    try {
      const params = { path: { profile, stream } };
      if (action === 'connect')
        await unwrap(api.POST('/api/profiles/{profile}/streams/{stream}/connect', { params }));
      else await unwrap(api.POST('/api/profiles/{profile}/streams/{stream}/disconnect', { params }));
      onChange();
    } catch (err) {
      setError({ stream, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel" aria-label="Connectors">
      <h2>Connectors</h2>
      {streams.error && <p className="error">{streams.error}</p>}
      <table className="table compact" data-testid="connectors">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(streams.data?.streams ?? []).map((s) => {
            const c = connectors[s.id];
            return (
              <tr key={s.id} data-stream={s.id}>
                <td>
                  {s.id} <span className="muted small">{s.platform}</span>
                </td>
                <td>
                  <span className={`badge state-${c?.state ?? 'none'}`} data-testid="connector-state">
                    {c?.state ?? 'not connected'}
                  </span>
                  {c?.last_error && <span className="muted small"> {c.last_error.message}</span>}
                  {c?.next_attempt_at && (
                    <span className="muted small"> retry {formatTime(c.next_attempt_at, false)}</span>
                  )}
                </td>
                <td className="actions">
                  {canChange && (
                    <>
                      <button disabled={busy === s.id} onClick={() => void act(s.id, 'connect')}>
                        Connect
                      </button>
                      <button disabled={busy === s.id} onClick={() => void act(s.id, 'disconnect')}>
                        Disconnect
                      </button>
                    </>
                  )}
                  {error?.stream === s.id && (
                    <div className="error" role="alert">
                      {error.message}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
