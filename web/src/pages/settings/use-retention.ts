import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';

type RetentionPath = paths['/api/profiles/{profile}/retention'];

/** A profile's retention as the API shows it: the days kept, whether a run is under way, the runs, newest first. */
export type RetentionStatus = RetentionPath['get']['responses'][200]['content']['application/json'];
export type RetentionRun = RetentionStatus['runs'][number];

/** How often the status is read again while a run is under way. */
const RUNNING_REFRESH_MS = 2000;

export interface Retention {
  status: RetentionStatus | null;
  loadError: string | null;
  /** Whether a run is under way, or being asked for. */
  isRunning: boolean;
  /** True once a run asked for here is over and removed nothing (no raw event was due). */
  hasFoundNothing: boolean;
  /** The last Run now that failed (409 `RETENTION_RUNNING`, 403 for a role too low). */
  runError: unknown;
  /** Saves the days to keep (null: for good); resolves to the days saved, rejects with the API's error. */
  save: (days: number | null) => Promise<number | null>;
  runNow: () => void;
}

interface RunAsked {
  profile: string;
  /** The status read before the run was asked for. */
  before: RetentionStatus | null;
  isPosting: boolean;
}

/** The newest run and how far it got: a run that does something changes it. */
const newestRun = (status: RetentionStatus | null): string => {
  const run = status?.runs[0];
  return run ? `${run.id}:${run.status}:${run.deleted}` : '';
};

/**
 * A profile's retention of raw events: its status, read again every 2 s while a run is under way,
 * saving the days to keep and starting a run (the server runs it in the background).
 */
export function useRetention(profile: string): Retention {
  const status = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/retention', { params: { path: { profile } }, signal })),
  );
  const [asked, setAsked] = useState<RunAsked | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const { reload } = status;
  const isServerRunning = status.data?.running ?? false;
  useEffect(() => {
    if (!isServerRunning) return;
    const timer = setInterval(reload, RUNNING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [isServerRunning, reload]);
  const askedNow = asked?.profile === profile ? asked : null;
  // Only a status read after the server took the run says how it went.
  const isOver =
    askedNow !== null && !askedNow.isPosting && status.data !== askedNow.before && !isServerRunning;
  return {
    status: status.data,
    loadError: status.error,
    isRunning: isServerRunning || askedNow?.isPosting === true,
    hasFoundNothing: isOver && newestRun(status.data) === newestRun(askedNow.before),
    runError,
    async save(days) {
      const saved = await unwrap(
        api.PUT('/api/profiles/{profile}/retention', {
          params: { path: { profile } },
          body: { retention_days: days },
        }),
      );
      // What Run now found applied to the days before.
      setAsked(null);
      reload();
      return saved.retention_days;
    },
    runNow() {
      const before = status.data;
      setAsked({ profile, before, isPosting: true });
      unwrap(api.POST('/api/profiles/{profile}/retention/run', { params: { path: { profile } } })).then(
        () => {
          setRunError(null);
          setAsked({ profile, before, isPosting: false });
          reload();
        },
        (err: unknown) => {
          setRunError(err);
          setAsked(null);
          // A run already under way (409) shows up in the status.
          reload();
        },
      );
    },
  };
}
