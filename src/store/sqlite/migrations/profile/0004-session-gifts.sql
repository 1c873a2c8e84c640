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

-- Existing logs already hold gifts: fill the new table from them (the same rules as the reducer:
-- a gift with a user inside a session; the name of the latest event wins).
WITH g AS (
  SELECT s.id AS session_id, e.user_id, e.gift_id, sum(e.count) AS count, sum(e.value) AS coins,
    max(e.value) AS biggest, max(e.seq) AS name_seq
  FROM events e
  JOIN sessions s ON s.stream = e.stream AND e.at >= s.started_at
    AND (s.ended_at IS NULL OR e.at <= s.ended_at)
  WHERE e.kind = 'gift' AND e.user_id IS NOT NULL AND e.gift_id IS NOT NULL
  GROUP BY s.id, e.user_id, e.gift_id
)
INSERT INTO session_viewer_gifts (session_id, user_id, gift_id, gift_name, count, coins, biggest, name_seq)
SELECT g.session_id, g.user_id, g.gift_id, e.gift_name, g.count, g.coins, g.biggest, g.name_seq
FROM g JOIN events e ON e.seq = g.name_seq;
