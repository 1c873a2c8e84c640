import { placeClips, type PlacedClip } from '../../core/clip-moment.js';
import type { ClipStore, SessionReads, SessionSummary, StoredClip } from '../../store/ports.js';

const DAY_MS = 86_400_000;

/**
 * How long after a session's end a clip may still be made of its recording and placed by its
 * offset into it (Twitch keeps a recording at least 7 days), unless the stream went live again
 * first: a clip made after that is taken to be of the newer recording.
 */
export const VOD_CLIPS_MS = 7 * DAY_MS;
/** Sessions of a stream read to find the one after a session. */
const NEXT_SESSION_LOOKUP = 20;

/** The end of a session: its end, or its latest event while live. */
export const sessionEnd = (session: SessionSummary): number => session.ended_at ?? session.last_event_at;

/**
 * Until when (epoch ms, excluded) a clip made of the stream is of this session's recording: 7 days
 * after its end, or when the stream's next session started if sooner.
 */
export function vodClipsUntil(session: SessionSummary, nextStart: number | null): number {
  const end = sessionEnd(session);
  const until = end + VOD_CLIPS_MS;
  return nextStart === null ? until : Math.max(end + 1, Math.min(until, nextStart));
}

/**
 * When the stream's next session after `session` started (within `VOD_CLIPS_MS` of its end), or
 * null. Should more sessions than are read have started in that time, the end of this session is
 * answered: no clip made after it is placed by its offset, rather than placed in the wrong session.
 */
export async function nextSessionStart(
  store: Pick<SessionReads, 'listSessions'>,
  session: SessionSummary,
): Promise<number | null> {
  const newer = (
    await store.listSessions({
      stream: session.stream,
      before: sessionEnd(session) + VOD_CLIPS_MS,
      limit: NEXT_SESSION_LOOKUP,
    })
  ).filter((s) => s.started_at > session.started_at);
  if (newer.length === NEXT_SESSION_LOOKUP) return sessionEnd(session) + 1;
  return newer.length === 0 ? null : Math.min(...newer.map((s) => s.started_at));
}

/**
 * A session's clips whose moment (core/clip-moment.ts) falls within `span` (epoch ms, a part of
 * the session), in order of moment: those of its stream made from the span's start until
 * `until` (see `vodClipsUntil`), their recording taken to start with the session.
 */
export async function readSessionClips(
  store: Pick<ClipStore, 'listStreamClips'>,
  session: SessionSummary,
  span: { from: number; to: number },
  until: number,
): Promise<PlacedClip<StoredClip>[]> {
  // A clip's moment is never after it was made: none made before the span can fall within it.
  const clips = await store.listStreamClips(session.stream, span.from, until);
  return placeClips(clips, span, session.started_at);
}
