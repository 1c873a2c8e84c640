import { createContext, useContext } from 'react';
import { ApiError } from '../api/client.js';

/** What an overlay shows once the server no longer lets its link in. */
export const LINK_REFUSED_MESSAGE = "This overlay's link is no longer valid — make a new one in StreamPulse";

/**
 * Tells the overlay page that the server turned its link away (a token revoked or replaced, a
 * profile gone), with the server's error code when there is one: the page then shows
 * LinkRefusedNotice instead of the overlay, whose socket and reads stop with it.
 */
export const LinkRefusal = createContext<(code?: string) => void>(() => undefined);

/** The function to call when the server turns the overlay's link away. */
export function useReportLinkRefusal(): (code?: string) => void {
  return useContext(LinkRefusal);
}

/**
 * Whether a failed read means the link itself is refused: no valid token or login (401), not
 * allowed (403), or the profile gone (404 PROFILE_NOT_FOUND). Other failures are tried again.
 */
export function isLinkRefused(err: unknown): err is ApiError {
  if (!(err instanceof ApiError)) return false;
  return err.status === 401 || err.status === 403 || (err.status === 404 && err.code === 'PROFILE_NOT_FOUND');
}

/** Why the overlay shows nothing: the link names no profile and the server has no default one. */
export const NO_PROFILE_CODE = 'NO_PROFILE';

/** The notice for a refusal with `code` of the overlay of `profile` (null: the server's default). */
export function refusalMessage(code: string | undefined, profile: string | null): string {
  switch (code) {
    case 'PROFILE_NOT_FOUND':
      return profile
        ? `Profile '${profile}' not found — check this overlay's link in StreamPulse`
        : "The server's default profile no longer exists — add ?profile=… to this overlay's link";
    case NO_PROFILE_CODE:
      return "This overlay's link names no profile and the server has none by default — add ?profile=… to it";
    default:
      return LINK_REFUSED_MESSAGE;
  }
}

/** Plainly visible on the stream, in place of numbers that would no longer move. */
export function LinkRefusedNotice({ message = LINK_REFUSED_MESSAGE }: { message?: string }) {
  return (
    <div className="ov-box ov-refused" role="alert" data-testid="overlay-refused">
      {message}
    </div>
  );
}
