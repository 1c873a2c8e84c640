-- The data shared across profiles: the profiles themselves, their streams, settings and ingest
-- keys. Lives in the `sp_system` schema; every profile's own data lives in its own schema.
CREATE TABLE profiles (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE streams (
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  platform text NOT NULL,
  channel text NOT NULL,
  enabled boolean NOT NULL DEFAULT false,
  -- Whether the stream is being recorded (set by the clipper or the dashboard).
  recording boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  PRIMARY KEY (profile_id, id)
);

CREATE TABLE settings (
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  key text COLLATE "C" NOT NULL,
  -- JSON text, kept as written (jsonb would reorder keys).
  value text NOT NULL,
  PRIMARY KEY (profile_id, key)
);

-- Per-profile keys that authenticate pushes over the /ingest WebSocket. Only a hash is kept.
CREATE TABLE ingest_keys (
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  hash text NOT NULL UNIQUE,
  hint text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (profile_id, id)
);
