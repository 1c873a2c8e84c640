/**
 * How background work (the drivers analysis of finished sessions, clip view refreshes,
 * retention, aggregate rebuilds) shares the machine with what a streamer waits on: before each
 * step (a session analysed, a page of clips read, a slice of events archived) it asks for its
 * turn. An idle machine gives it at once; a loaded one later, so live ingest and the dashboards
 * keep the CPU, the event loop and the disk.
 */
export interface BackgroundPace {
  /**
   * Resolves when the next step may run: at once on an idle machine, after a pause that grows
   * with the load otherwise. Rejects with the signal's reason when `signal` aborts meanwhile.
   */
  nextStep(signal?: AbortSignal): Promise<void>;
}

/** A pace that never waits: tests, the CLI, and a server without a resource monitor. */
export const UNPACED: BackgroundPace = {
  nextStep: (signal) => (signal?.aborted ? Promise.reject(signal.reason as Error) : Promise.resolve()),
};
