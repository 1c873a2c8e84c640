-- One profile's event log and aggregates, in the profile's own schema (see
-- docs/adr/0005-postgres-profile-isolation.md). Statements are unqualified: the migration runs with
-- search_path set to that schema alone. Text keys use the "C" collation so that ORDER BY sorts
-- bytewise, as SQLite does; times are epoch ms (bigint), coins and bits double precision.
-- Aggregate tables leave 30% of each page free: their rows are updated every batch, and an update
-- that fits on its page (and touches no indexed column) skips the indexes (a HOT update).

-- The append-only event log. seq is the per-profile sequence, assigned by the writer under the
-- profile's append lock (never from a sequence, so duplicates and rollbacks leave no gaps).
CREATE TABLE events (
  seq bigint PRIMARY KEY,
  stream text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  at bigint NOT NULL,
  source_id text COLLATE "C",
  user_id text COLLATE "C",
  user_name text,
  user_display text,
  count bigint NOT NULL,
  value double precision NOT NULL,
  text text,
  gift_id text,
  gift_name text,
  data text
);

-- A repeated source event id on the same stream is ignored.
CREATE UNIQUE INDEX events_source ON events (stream, source_id) WHERE source_id IS NOT NULL;
-- The latest triggers are read at start (the live dashboard's recent_triggers).
CREATE INDEX events_triggers ON events (seq) WHERE kind = 'trigger';

-- Current stats per stream; the row with stream '*' is the profile's combined stats.
CREATE TABLE stats (
  stream text COLLATE "C" PRIMARY KEY,
  viewers bigint NOT NULL,
  peak_viewers bigint NOT NULL,
  viewers_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  likes bigint NOT NULL,
  comments bigint NOT NULL,
  gifts bigint NOT NULL,
  coins double precision NOT NULL,
  followers bigint NOT NULL,
  shares bigint NOT NULL,
  joins bigint NOT NULL,
  subscriptions bigint NOT NULL,
  cheers bigint NOT NULL,
  bits double precision NOT NULL,
  raids bigint NOT NULL,
  raiders bigint NOT NULL
) WITH (fillfactor = 70);

CREATE TABLE sessions (
  id bigint PRIMARY KEY,
  stream text COLLATE "C" NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  last_event_at bigint NOT NULL,
  end_reason text,
  peak_viewers bigint NOT NULL,
  viewers_sum bigint NOT NULL,
  viewers_n bigint NOT NULL,
  events bigint NOT NULL,
  likes bigint NOT NULL,
  comments bigint NOT NULL,
  gifts bigint NOT NULL,
  coins double precision NOT NULL,
  followers bigint NOT NULL,
  shares bigint NOT NULL,
  joins bigint NOT NULL,
  subscriptions bigint NOT NULL,
  cheers bigint NOT NULL,
  bits double precision NOT NULL,
  raids bigint NOT NULL,
  raiders bigint NOT NULL
) WITH (fillfactor = 70);
CREATE INDEX sessions_started ON sessions (started_at);
CREATE INDEX sessions_stream ON sessions (stream, started_at);
CREATE INDEX sessions_open ON sessions (ended_at) WHERE ended_at IS NULL;

-- 1-minute rollups per stream.
CREATE TABLE rollups (
  stream text COLLATE "C" NOT NULL,
  minute bigint NOT NULL,
  viewers_last bigint,
  viewers_last_at bigint,
  viewers_min bigint,
  viewers_max bigint,
  viewers_sum bigint NOT NULL,
  viewers_n bigint NOT NULL,
  events bigint NOT NULL,
  likes bigint NOT NULL,
  comments bigint NOT NULL,
  gifts bigint NOT NULL,
  coins double precision NOT NULL,
  followers bigint NOT NULL,
  shares bigint NOT NULL,
  joins bigint NOT NULL,
  subscriptions bigint NOT NULL,
  cheers bigint NOT NULL,
  bits double precision NOT NULL,
  raids bigint NOT NULL,
  raiders bigint NOT NULL,
  PRIMARY KEY (stream, minute)
) WITH (fillfactor = 70);
CREATE INDEX rollups_minute ON rollups (minute);

-- Per-viewer totals of ended sessions (and of activity outside any session). The name is the one
-- of the viewer's latest event (name_seq). Sessions still open are added by viewer_totals below.
CREATE TABLE viewers (
  user_id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  display text,
  name_seq bigint NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  events bigint NOT NULL,
  likes bigint NOT NULL,
  comments bigint NOT NULL,
  gifts bigint NOT NULL,
  coins double precision NOT NULL,
  followers bigint NOT NULL,
  shares bigint NOT NULL,
  joins bigint NOT NULL,
  subscriptions bigint NOT NULL,
  cheers bigint NOT NULL,
  bits double precision NOT NULL,
  raids bigint NOT NULL,
  raiders bigint NOT NULL
) WITH (fillfactor = 70);

-- Per-viewer totals within one session; folded into viewers when the session ends.
CREATE TABLE session_viewers (
  session_id bigint NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  display text,
  name_seq bigint NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  events bigint NOT NULL,
  likes bigint NOT NULL,
  comments bigint NOT NULL,
  gifts bigint NOT NULL,
  coins double precision NOT NULL,
  followers bigint NOT NULL,
  shares bigint NOT NULL,
  joins bigint NOT NULL,
  subscriptions bigint NOT NULL,
  cheers bigint NOT NULL,
  bits double precision NOT NULL,
  raids bigint NOT NULL,
  raiders bigint NOT NULL,
  PRIMARY KEY (session_id, user_id)
) WITH (fillfactor = 70);
CREATE INDEX session_viewers_user ON session_viewers (user_id);

-- Which gifts each viewer gave in each session (leaderboard rows: gift types, biggest gift).
CREATE TABLE session_viewer_gifts (
  session_id bigint NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  gift_id text COLLATE "C" NOT NULL,
  gift_name text NOT NULL,
  count bigint NOT NULL,
  coins double precision NOT NULL,
  biggest double precision NOT NULL,
  name_seq bigint NOT NULL,
  PRIMARY KEY (session_id, user_id, gift_id)
) WITH (fillfactor = 70);

-- Results computed once a session has ended (drivers of viewer change, ...), as JSON text.
CREATE TABLE session_analyses (
  session_id bigint NOT NULL,
  kind text COLLATE "C" NOT NULL,
  computed_at bigint NOT NULL,
  result text NOT NULL,
  PRIMARY KEY (session_id, kind)
);

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
  min(first_seen) AS first_seen, max(last_seen) AS last_seen, sum(events)::bigint AS events,
  sum(likes)::bigint AS likes, sum(comments)::bigint AS comments, sum(gifts)::bigint AS gifts,
  sum(coins) AS coins, sum(followers)::bigint AS followers, sum(shares)::bigint AS shares,
  sum(joins)::bigint AS joins, sum(subscriptions)::bigint AS subscriptions,
  sum(cheers)::bigint AS cheers, sum(bits) AS bits, sum(raids)::bigint AS raids,
  sum(raiders)::bigint AS raiders
FROM ranked
GROUP BY user_id;
