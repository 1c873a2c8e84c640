-- What each profile used per UTC day: events stored, their size, API requests.
CREATE TABLE usage_daily (
  profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  events INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (profile_id, day)
);
