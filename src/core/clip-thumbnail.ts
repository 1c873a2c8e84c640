/**
 * Where Twitch serves clip thumbnails (the `thumbnail_url` of Helix Get Clips). A pushed clip's
 * thumbnail URL is anyone's text: the dashboard shows a thumbnail only from these origins, and the
 * pages' content security policy lets images come from them and nowhere else outside the server.
 * Its own module (no imports) so the web app can share it.
 */
export const CLIP_THUMBNAIL_ORIGINS: readonly string[] = [
  'https://clips-media-assets.twitch.tv',
  'https://clips-media-assets2.twitch.tv',
  'https://static-cdn.jtvnw.net',
];

/** Whether a thumbnail URL is an https URL of one of {@link CLIP_THUMBNAIL_ORIGINS}. */
export function isShownThumbnail(url: string | null): url is string {
  if (url === null) return false;
  try {
    return CLIP_THUMBNAIL_ORIGINS.includes(new URL(url).origin);
  } catch {
    return false;
  }
}
