-- Users, their login sessions and their roles per profile. Passwords and session tokens are
-- stored only as hashes.
CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  password_hash text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL
);
-- A name is unique whatever its case.
CREATE UNIQUE INDEX users_name ON users (lower(name));

CREATE TABLE login_sessions (
  id text COLLATE "C" PRIMARY KEY,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  last_used_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  device text NOT NULL,
  address text NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);

CREATE TABLE memberships (
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  role text NOT NULL,
  PRIMARY KEY (user_id, profile_id)
);
CREATE INDEX memberships_profile ON memberships (profile_id);
