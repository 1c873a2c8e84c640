-- The aggregates of one profile, built from its event log (the other file) and written behind it:
-- they reflect every event up to aggregate_watermark.seq; the events after it are folded in again
-- when the file is opened (ADR 0007).
CREATE TABLE aggregate_watermark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
INSERT INTO aggregate_watermark (id, seq) VALUES (1, 0);

-- Current stats per stream; the row with stream '*' is the profile's combined stats.
CREATE TABLE stats (
  stream TEXT PRIMARY KEY,
  viewers INTEGER NOT NULL,
  peak_viewers INTEGER NOT NULL,
  viewers_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  gifts INTEGER NOT NULL,
  coins REAL NOT NULL,
  followers INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  joins INTEGER NOT NULL,
  subscriptions INTEGER NOT NULL,
  cheers INTEGER NOT NULL,
  bits REAL NOT NULL,
  raids INTEGER NOT NULL,
  raiders INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  last_event_at INTEGER NOT NULL,
  end_reason TEXT,
  peak_viewers INTEGER NOT NULL,
  viewers_sum INTEGER NOT NULL,
  viewers_n INTEGER NOT NULL,
  events INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  gifts INTEGER NOT NULL,
  coins REAL NOT NULL,
  followers INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  joins INTEGER NOT NULL,
  subscriptions INTEGER NOT NULL,
  cheers INTEGER NOT NULL,
  bits REAL NOT NULL,
  raids INTEGER NOT NULL,
  raiders INTEGER NOT NULL
);
CREATE INDEX sessions_started ON sessions (started_at);
CREATE INDEX sessions_stream ON sessions (stream, started_at);
CREATE INDEX sessions_open ON sessions (ended_at) WHERE ended_at IS NULL;

-- 1-minute rollups per stream.
CREATE TABLE rollups (
  stream TEXT NOT NULL,
  minute INTEGER NOT NULL,
  viewers_last INTEGER,
  viewers_last_at INTEGER,
  viewers_min INTEGER,
  viewers_max INTEGER,
  viewers_sum INTEGER NOT NULL,
  viewers_n INTEGER NOT NULL,
  events INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  gifts INTEGER NOT NULL,
  coins REAL NOT NULL,
  followers INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  joins INTEGER NOT NULL,
  subscriptions INTEGER NOT NULL,
  cheers INTEGER NOT NULL,
  bits REAL NOT NULL,
  raids INTEGER NOT NULL,
  raiders INTEGER NOT NULL,
  PRIMARY KEY (stream, minute)
) WITHOUT ROWID;
CREATE INDEX rollups_minute ON rollups (minute);

-- Per-viewer totals of ended sessions (and of activity outside any session). The name is the one
-- of the viewer's latest event (name_seq). Sessions still open are added by viewer_totals below.
CREATE TABLE viewers (
  user_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  display TEXT,
  name_seq INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  events INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  gifts INTEGER NOT NULL,
  coins REAL NOT NULL,
  followers INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  joins INTEGER NOT NULL,
  subscriptions INTEGER NOT NULL,
  cheers INTEGER NOT NULL,
  bits REAL NOT NULL,
  raids INTEGER NOT NULL,
  raiders INTEGER NOT NULL
) WITHOUT ROWID;

-- Per-viewer totals within one session (unique viewers and chatters, session leaderboards).
-- Written while the session runs; folded into viewers when it ends.
CREATE TABLE session_viewers (
  session_id INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  display TEXT,
  name_seq INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  events INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  gifts INTEGER NOT NULL,
  coins REAL NOT NULL,
  followers INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  joins INTEGER NOT NULL,
  subscriptions INTEGER NOT NULL,
  cheers INTEGER NOT NULL,
  bits REAL NOT NULL,
  raids INTEGER NOT NULL,
  raiders INTEGER NOT NULL,
  PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;

-- Every viewer's totals across the profile: ended sessions plus the sessions still open.
CREATE VIEW viewer_totals AS
WITH parts AS (
  SELECT user_id, name, display, name_seq, first_seen, last_seen, events, likes, comments, gifts, coins,
    followers, shares, joins, subscriptions, cheers, bits, raids, raiders
  FROM viewers
  UNION ALL
  SELECT v.user_id, v.name, v.display, v.name_seq, v.first_seen, v.last_seen, v.events, v.likes, v.comments,
    v.gifts, v.coins, v.followers, v.shares, v.joins, v.subscriptions, v.cheers, v.bits, v.raids, v.raiders
  FROM session_viewers v JOIN sessions s ON s.id = v.session_id
  WHERE s.ended_at IS NULL
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY name_seq DESC) AS rank FROM parts
)
SELECT user_id,
  max(CASE WHEN rank = 1 THEN name END) AS name,
  max(CASE WHEN rank = 1 THEN display END) AS display,
  max(name_seq) AS name_seq,
  min(first_seen) AS first_seen, max(last_seen) AS last_seen, sum(events) AS events,
  sum(likes) AS likes, sum(comments) AS comments, sum(gifts) AS gifts, sum(coins) AS coins,
  sum(followers) AS followers, sum(shares) AS shares, sum(joins) AS joins,
  sum(subscriptions) AS subscriptions, sum(cheers) AS cheers, sum(bits) AS bits,
  sum(raids) AS raids, sum(raiders) AS raiders
FROM ranked
GROUP BY user_id;

-- Which gifts each viewer gave in each session (leaderboard rows: gift types, biggest gift).
CREATE TABLE session_viewer_gifts (
  session_id INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  gift_id TEXT NOT NULL,
  gift_name TEXT NOT NULL,
  count INTEGER NOT NULL,
  coins REAL NOT NULL,
  biggest REAL NOT NULL,
  name_seq INTEGER NOT NULL,
  PRIMARY KEY (session_id, user_id, gift_id)
) WITHOUT ROWID;

-- A viewer's sessions (viewer profiles: sessions attended).
CREATE INDEX session_viewers_user ON session_viewers (user_id);
