-- Per-profile keys that authenticate pushes over the /ingest WebSocket. Only a hash is kept.
CREATE TABLE ingest_keys (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, id)
);
