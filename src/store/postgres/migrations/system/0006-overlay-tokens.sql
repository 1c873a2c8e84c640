-- Read-only tokens for OBS overlays: one profile, one overlay kind or any (NULL), hashed.
CREATE TABLE overlay_tokens (
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  overlay text COLLATE "C",
  hash text NOT NULL UNIQUE,
  hint text NOT NULL,
  created_at bigint NOT NULL,
  last_used_at bigint,
  PRIMARY KEY (profile_id, id)
);
