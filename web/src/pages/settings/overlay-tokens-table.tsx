import type { OverlayToken } from '../../api/openapi.gen.js';
import { formatTime } from '../../components/format.js';

/**
 * A profile's overlay tokens, told apart by their last characters. Rotating gives one a new
 * secret (its links stop, the new one goes in the builder's link); revoking ends it.
 */
export function OverlayTokensTable(props: {
  tokens: OverlayToken[];
  onRotate: (token: OverlayToken) => void;
  onRevoke: (token: OverlayToken) => void;
}) {
  return (
    <table className="table compact" data-testid="overlay-tokens">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Overlay</th>
          <th scope="col">Token</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((token) => (
          <tr key={token.id} data-testid="overlay-token">
            <td>{token.name}</td>
            <td>{token.overlay ?? <span className="muted">any</span>}</td>
            <td>
              <code data-testid="overlay-token-hint">…{token.hint}</code>
            </td>
            <td>{formatTime(token.created_at)}</td>
            <td>
              {token.last_used_at === null ? (
                <span className="muted">never</span>
              ) : (
                formatTime(token.last_used_at)
              )}
            </td>
            <td>
              <button type="button" onClick={() => props.onRotate(token)}>
                Rotate
              </button>{' '}
              <button type="button" className="danger" onClick={() => props.onRevoke(token)}>
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
