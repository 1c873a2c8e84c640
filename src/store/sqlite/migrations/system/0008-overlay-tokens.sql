-- Read-only tokens for OBS overlays: one profile, one overlay kind or any (NULL), hashed.
CREATE TABLE overlay_tokens (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  overlay TEXT,
  hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  PRIMARY KEY (profile_id, id)
);
