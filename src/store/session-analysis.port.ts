/** A result computed for one session, stored as JSON. */
export interface SessionAnalysis {
  session_id: number;
  kind: string;
  computed_at: number;
  result: unknown;
}

/** Results computed after the fact for a profile's sessions (the drivers of viewer change). */
export interface SessionAnalysisStore {
  /** Stores (replacing) a result computed for a session, e.g. `kind` 'drivers'. */
  putSessionAnalysis(analysis: SessionAnalysis): Promise<void>;
  getSessionAnalysis(sessionId: number, kind: string): Promise<SessionAnalysis | null>;
  /** Results of one kind, newest session first, at most `limit`. */
  listSessionAnalyses(kind: string, limit: number): Promise<SessionAnalysis[]>;
}
