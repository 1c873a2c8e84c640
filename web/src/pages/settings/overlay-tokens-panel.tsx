import type { OverlayToken } from '../../api/openapi.gen.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { OverlayTokensTable } from './overlay-tokens-table.js';
import type { OverlayTokens } from './use-overlay-tokens.js';

/** The profile's overlay tokens, each rotated or revoked after a confirm. */
export function OverlayTokensPanel({ tokens }: { tokens: OverlayTokens }) {
  const rotate = (token: OverlayToken): void => {
    const question = `Give the token “${token.name}” a new secret? Overlays using its current link stop within a few seconds.`;
    if (window.confirm(question)) tokens.rotate(token);
  };
  const revoke = (token: OverlayToken): void => {
    if (window.confirm(`Revoke the token “${token.name}”? Overlays using it stop within a few seconds.`))
      tokens.revoke(token);
  };
  return (
    <>
      <h3>Overlay tokens</h3>
      <OverlayTokensTable tokens={tokens.list} onRotate={rotate} onRevoke={revoke} />
      {tokens.list.length === 0 && <p className="muted">No overlay tokens yet.</p>}
      <ErrorNotice error={tokens.error ?? tokens.loadError} testId="overlay-tokens-error" />
    </>
  );
}
