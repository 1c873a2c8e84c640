import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/openapi.gen.js';
import { navigate } from '../../app/router.js';
import type { ApiState } from '../../app/use-api.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatTime } from '../../components/format.js';
import { describeDevice } from './device-name.js';

type Logins = paths['/api/auth/sessions']['get']['responses'][200]['content']['application/json'];
type Login = Logins['sessions'][number];

/** The user's logins, most recently used first, each of which can be ended (this one logs out). */
export function LoginsPanel({ logins }: { logins: ApiState<Logins> }) {
  const [error, setError] = useState<unknown>(null);
  const end = (login: Login): void => {
    if (login.current && !window.confirm('End the login of this device? You will be logged out.')) return;
    unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id: login.id } } })).then(
      () => {
        setError(null);
        if (login.current) navigate('/login');
        else logins.reload();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <section className="panel">
      <h2>Logins</h2>
      <table className="table compact" data-testid="logins">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Last used</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(logins.data?.sessions ?? []).map((login) => (
            <tr key={login.id} data-testid="login">
              <td>
                <span title={login.device}>{describeDevice(login.device)}</span>{' '}
                {login.current && <span className="badge ok">this device</span>}
              </td>
              <td>{login.address}</td>
              <td>{formatTime(login.last_used_at)}</td>
              <td>{formatTime(login.created_at)}</td>
              <td>
                <button type="button" className="danger" onClick={() => end(login)}>
                  End
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={error ?? logins.error} testId="logins-error" />
    </section>
  );
}
