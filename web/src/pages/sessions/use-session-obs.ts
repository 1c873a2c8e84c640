import { api, unwrap } from '../../api/client.js';
import type { ObsRecording, SessionReport } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';
import type { ObsHealthMinute } from '../obs/obs-types.js';

const MINUTE_MS = 60_000;
/**
 * Files written this long after a session's end are its files too: OBS writes a recording when it
 * stops, and the recording often stops just after the stream's last event (the session's end).
 */
export const FILES_AFTER_END_MS = 5 * MINUTE_MS;
/** Most files listed (the API's most). */
export const MAX_FILES = 500;

export interface SessionObs {
  /** OBS's health by minute over the report's window; empty when OBS sent none. */
  minutes: ObsHealthMinute[];
  /** The files OBS wrote in the session, oldest first. */
  recordings: ObsRecording[];
  /** Whether more files were written than listed. */
  isCut: boolean;
  /** How far the files are read, in words ("until now", "to 5 minutes after its end"). */
  until: string;
}

/**
 * What OBS did during a report's session: its stream health over the minutes the report's
 * timeline covers, and the files it wrote from the session's start to its end (now while it is
 * live, a few minutes after the end once over). Null until read (and while no report is).
 */
export function useSessionObs(
  profile: string,
  report: SessionReport | null,
): { data: SessionObs | null; error: string | null } {
  const key = report ? `${profile}/${report.session.id}/${report.window.from}/${report.window.to}` : null;
  const read = useApi(key, async (signal) => {
    if (!report) throw new Error('no report');
    const { session, window } = report;
    const path = { profile };
    const healthFrom = Math.floor(window.from / MINUTE_MS) * MINUTE_MS;
    const healthTo = Math.floor(window.to / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    // A live session runs until now (or its latest event, should that be ahead of this clock).
    const end = session.ended_at ?? Math.max(session.last_event_at, session.is_live ? Date.now() : 0);
    const filesTo = session.is_live ? end + 1 : end + FILES_AFTER_END_MS;
    const [health, files] = await Promise.all([
      unwrap(
        api.GET('/api/profiles/{profile}/obs/health', {
          params: { path, query: { from: String(healthFrom), to: String(healthTo) } },
          signal,
        }),
      ),
      unwrap(
        api.GET('/api/profiles/{profile}/obs/recordings', {
          params: {
            path,
            query: { from: String(session.started_at), to: String(filesTo), limit: MAX_FILES },
          },
          signal,
        }),
      ),
    ]);
    return {
      minutes: health.minutes,
      recordings: files.recordings,
      isCut: files.recordings.length >= MAX_FILES,
      until: session.is_live ? 'until now' : `to ${FILES_AFTER_END_MS / MINUTE_MS} minutes after its end`,
    };
  });
  return { data: read.data, error: read.error };
}
