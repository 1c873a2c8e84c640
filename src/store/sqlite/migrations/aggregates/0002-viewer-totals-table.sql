-- Every viewer's totals across the profile are kept whole in viewers, written with each batch,
-- instead of summed at read time from the sessions still open: the viewers list, its search and
-- sort, a viewer's page and the all-time leaderboard read one row per viewer however long the
-- history. The viewers of the sessions open now are merged in once here.
INSERT INTO viewers (user_id, name, display, name_seq, first_seen, last_seen, events, likes, comments,
  gifts, coins, followers, shares, joins, subscriptions, cheers, bits, raids, raiders)
SELECT v.user_id, v.name, v.display, v.name_seq, v.first_seen, v.last_seen, v.events, v.likes, v.comments,
  v.gifts, v.coins, v.followers, v.shares, v.joins, v.subscriptions, v.cheers, v.bits, v.raids, v.raiders
FROM session_viewers v JOIN sessions s ON s.id = v.session_id
WHERE s.ended_at IS NULL
ON CONFLICT (user_id) DO UPDATE SET
  name = CASE WHEN excluded.name_seq > name_seq THEN excluded.name ELSE name END,
  display = CASE WHEN excluded.name_seq > name_seq THEN excluded.display ELSE display END,
  name_seq = max(name_seq, excluded.name_seq),
  first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
  events = events + excluded.events, likes = likes + excluded.likes, comments = comments + excluded.comments,
  gifts = gifts + excluded.gifts, coins = coins + excluded.coins, followers = followers + excluded.followers,
  shares = shares + excluded.shares, joins = joins + excluded.joins,
  subscriptions = subscriptions + excluded.subscriptions, cheers = cheers + excluded.cheers,
  bits = bits + excluded.bits, raids = raids + excluded.raids, raiders = raiders + excluded.raiders;

-- Kept for whoever reads the file directly: now the table itself.
DROP VIEW viewer_totals;
CREATE VIEW viewer_totals AS SELECT * FROM viewers;

-- A viewer's gifts across sessions (leaderboard rows over a period or all time), and the latest
-- name of each gift type, found without a pass over every viewer's gifts.
CREATE INDEX session_viewer_gifts_user ON session_viewer_gifts (user_id, gift_id);
