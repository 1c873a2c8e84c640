-- API keys replace the ingest keys: scopes (ingest, read, manage), optionally one stream, an
-- expiry and the last use. The ingest keys become keys with the `ingest` scope, hashes kept.
CREATE TABLE api_keys (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  scopes TEXT NOT NULL,
  stream_id TEXT,
  expires_at INTEGER,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, id),
  FOREIGN KEY (profile_id, stream_id) REFERENCES streams (profile_id, id) ON DELETE CASCADE
);

INSERT INTO api_keys (profile_id, id, name, hash, hint, scopes, created_at)
SELECT profile_id, id, name, hash, hint, 'ingest', created_at FROM ingest_keys;

DROP TABLE ingest_keys;
