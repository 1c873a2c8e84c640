import type { IssuedOverlayToken } from '../../api/openapi.gen.js';

/**
 * How the overlay link gets in: the token it carries (made or rotated on this page), or a button
 * that makes one for this overlay. Without one, the link works only in a browser logged in here.
 */
export function OverlayLinkAccess(props: { held: IssuedOverlayToken | null; onCreate: () => void }) {
  if (props.held) {
    return (
      <p className="muted small" data-testid="overlay-link-token">
        This link carries the overlay token “{props.held.name}” (…{props.held.hint}): OBS opens it without a
        login. Anyone with the link sees what the overlay shows; revoke the token to stop it.
      </p>
    );
  }
  return (
    <p className="muted small">
      Without a token this link works only in a browser logged in to StreamPulse.{' '}
      <button type="button" onClick={props.onCreate} data-testid="overlay-make-token">
        Make a token for this link
      </button>
    </p>
  );
}
