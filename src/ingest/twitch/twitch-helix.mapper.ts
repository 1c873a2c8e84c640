import { z } from 'zod';
import type { LiveEvent } from '../../core/live-event.js';

/** What the last Get Streams answer said about the channel. */
export type HelixStreamStatus = { live: false } | { live: true; streamId: string };

/** The channel, its stream id, the last status seen (null: none yet) and the receive time. */
export interface HelixMapContext {
  channel: string;
  stream: string;
  previous: HelixStreamStatus | null;
  receivedAt: number;
}

// Only the fields read; Twitch sends more. https://dev.twitch.tv/docs/api/reference/#get-streams
const getStreamsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1).max(100),
      user_login: z.string().optional(),
      user_name: z.string().optional(),
      type: z.string(),
      viewer_count: z.number().int().nonnegative(),
      started_at: z.string().optional(),
      title: z.string().optional(),
    }),
  ),
});

/**
 * Maps a Helix Get Streams response (pure). The channel's entry (matched on `user_login`, or
 * on the lowercased `user_name` when the login is missing) with `type: "live"` means live:
 * a `viewers` reading (count = `viewer_count`), preceded by `stream_start` when the previous
 * status was not this same live stream. No entry after a live status gives `stream_end`.
 * The start and end carry ids derived from the Helix stream id, so a repeated start (after a
 * reconnect) is ignored by the store. Throws when the body is not a Get Streams response.
 */
export function mapGetStreamsResponse(
  body: unknown,
  context: HelixMapContext,
): { status: HelixStreamStatus; events: LiveEvent[] } {
  const { data } = getStreamsSchema.parse(body);
  const login = context.channel.toLowerCase();
  const entry = data.find((s) => (s.user_login ?? s.user_name ?? '').toLowerCase() === login);
  const base = { stream: context.stream, at: context.receivedAt, count: 1, value: 0 };
  const previous = context.previous;
  if (entry === undefined || entry.type !== 'live') {
    const events: LiveEvent[] = previous?.live
      ? [{ ...base, kind: 'stream_end', id: `twitch-stream-${previous.streamId}-end` }]
      : [];
    return { status: { live: false }, events };
  }
  const events: LiveEvent[] = [];
  if (!previous?.live || previous.streamId !== entry.id) {
    const data = compact({ startedAt: entry.started_at, title: entry.title?.slice(0, 500) });
    events.push({ ...base, kind: 'stream_start', id: `twitch-stream-${entry.id}-start`, data });
  }
  events.push({ ...base, kind: 'viewers', count: entry.viewer_count });
  return { status: { live: true, streamId: entry.id }, events };
}

function compact(data: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out;
}
