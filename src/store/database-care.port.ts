/** One of a profile's files (SQLite) or its schema (PostgreSQL) before and after `optimize`. */
export interface OptimizedPart {
  /** The file's name, or the schema's. */
  name: string;
  bytesBefore: number;
  bytesAfter: number;
}

/** What `optimize` did to a profile's storage. */
export interface OptimizeOutcome {
  profile: string;
  vacuumed: boolean;
  parts: OptimizedPart[];
}

/** Upkeep of a profile's storage, on demand (the CLI) beside what the engine runs by itself. */
export interface DatabaseCare {
  /**
   * Refreshes the query planner's statistics where they are stale (SQLite `PRAGMA optimize`,
   * PostgreSQL `ANALYZE`); with `vacuum`, also gives the room of deleted rows back (SQLite
   * `VACUUM`, which rewrites the files and holds the profile's writes meanwhile; PostgreSQL a
   * plain `VACUUM`). Opens the profile first: throws NotFoundError for one that does not exist.
   */
  optimize(profile: string, options: { vacuum: boolean }): Promise<OptimizeOutcome>;
}
