import { formatTime } from '../../components/format.js';
import type { ApiKey } from './api-key-types.js';

/**
 * A profile's API keys, told apart by their last characters; `readAt` is when the list was read,
 * to mark the keys that had expired by then.
 */
export function KeysTable(props: { keys: ApiKey[]; readAt: number; onRevoke: (key: ApiKey) => void }) {
  return (
    <table className="table compact" data-testid="keys">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Scopes</th>
          <th scope="col">Stream</th>
          <th scope="col">Key</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((key) => (
          <tr key={key.id} data-testid="key">
            <td>{key.name}</td>
            <td>{key.scopes.join(', ')}</td>
            <td>{key.stream ?? <span className="muted">every stream</span>}</td>
            <td>
              <code data-testid="key-hint">…{key.hint}</code>
            </td>
            <td>
              {key.expires_at === null ? <span className="muted">never</span> : formatTime(key.expires_at)}
              {key.expires_at !== null && key.expires_at <= props.readAt && (
                <>
                  {' '}
                  <span className="badge warn">expired</span>
                </>
              )}
            </td>
            <td>
              {key.last_used_at === null ? (
                <span className="muted">never</span>
              ) : (
                formatTime(key.last_used_at)
              )}
            </td>
            <td>
              <button type="button" className="danger" onClick={() => props.onRevoke(key)}>
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
