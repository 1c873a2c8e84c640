-- What each profile used per UTC day: events stored, their size, API requests.
CREATE TABLE usage_daily (
  profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  day text COLLATE "C" NOT NULL,
  events bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  requests bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (profile_id, day)
);
