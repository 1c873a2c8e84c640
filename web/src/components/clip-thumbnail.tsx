import { isShownThumbnail } from '../../../src/core/clip-thumbnail.js';

/**
 * A clip's thumbnail: shown from Twitch's image hosts only (what the pages' content security policy
 * lets in), a placeholder of the same size for any other URL or none.
 */
export function ClipThumbnail({ url }: { url: string | null }) {
  return isShownThumbnail(url) ? (
    <img className="clip-thumb" src={url} alt="" loading="lazy" referrerPolicy="no-referrer" />
  ) : (
    <span className="clip-thumb" aria-hidden="true" />
  );
}
