-- Each retention run: the oldest events archived (the archive's size and SHA-256 checked before
-- anything is deleted), folded into the aggregates snapshot, then deleted a slice at a time.
CREATE TABLE retention_runs (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  cutoff INTEGER NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  events INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  archive TEXT NOT NULL,
  archive_bytes INTEGER NOT NULL,
  archive_sha256 TEXT NOT NULL,
  status TEXT NOT NULL
);
