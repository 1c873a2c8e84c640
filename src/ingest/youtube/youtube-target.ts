/** Where to look for the live video: a known video id, or a URL to resolve. */
export type YoutubeTarget = { videoId: string } | { url: string };

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;

/**
 * Reads a stream's `channel` setting: an 11-character video id, an `@handle`, a `UC…` channel id,
 * or a youtube.com / youtu.be URL. A channel becomes its `/live` URL, which YouTube resolves to
 * the video on air. Throws when the text is none of these.
 */
export function parseYoutubeTarget(channel: string): YoutubeTarget {
  const text = channel.trim();
  if (/^https?:\/\/(www\.|m\.)?(youtube\.com|youtu\.be)\//.test(text)) return { url: text };
  if (text.startsWith('@') && text.length > 1) return { url: `https://www.youtube.com/${text}/live` };
  if (CHANNEL_ID.test(text)) return { url: `https://www.youtube.com/channel/${text}/live` };
  if (VIDEO_ID.test(text)) return { videoId: text };
  throw new Error(`not a YouTube video id, @handle, channel id or URL: "${text}"`);
}
