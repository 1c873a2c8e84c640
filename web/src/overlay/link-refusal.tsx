import { createContext, useContext } from 'react';
import { ApiError } from '../api/client.js';

/** What an overlay shows once the server no longer lets its link in. */
export const LINK_REFUSED_MESSAGE = "This overlay's link is no longer valid — make a new one in StreamPulse";

/**
 * Tells the overlay page that the server turned its link away (a token revoked or replaced, a
 * profile gone): the page then shows LinkRefusedNotice instead of the overlay, whose socket and
 * reads stop with it.
 */
export const LinkRefusal = createContext<() => void>(() => undefined);

/** The function to call when the server turns the overlay's link away. */
export function useReportLinkRefusal(): () => void {
  return useContext(LinkRefusal);
}

/**
 * Whether a failed read means the link itself is refused: no valid token or login (401), not
 * allowed (403), or the profile gone (404 PROFILE_NOT_FOUND). Other failures are tried again.
 */
export function isLinkRefused(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.status === 401 || err.status === 403 || (err.status === 404 && err.code === 'PROFILE_NOT_FOUND');
}

/** Plainly visible on the stream, in place of numbers that would no longer move. */
export function LinkRefusedNotice() {
  return (
    <div className="ov-box ov-refused" role="alert" data-testid="overlay-refused">
      {LINK_REFUSED_MESSAGE}
    </div>
  );
}
