-- Every viewer's totals across the profile are kept whole in viewers, written with each batch,
-- instead of summed at read time from the sessions still open: the viewers list, its search and
-- sort, a viewer's page and the all-time leaderboard read one row per viewer however long the
-- history. The viewers of the sessions open now are merged in once here.
INSERT INTO viewers AS t (user_id, name, display, name_seq, first_seen, last_seen, events, likes, comments,
  gifts, coins, followers, shares, joins, subscriptions, cheers, bits, raids, raiders)
SELECT v.user_id, v.name, v.display, v.name_seq, v.first_seen, v.last_seen, v.events, v.likes, v.comments,
  v.gifts, v.coins, v.followers, v.shares, v.joins, v.subscriptions, v.cheers, v.bits, v.raids, v.raiders
FROM session_viewers v JOIN sessions s ON s.id = v.session_id
WHERE s.ended_at IS NULL
ON CONFLICT (user_id) DO UPDATE SET
  name = CASE WHEN excluded.name_seq > t.name_seq THEN excluded.name ELSE t.name END,
  display = CASE WHEN excluded.name_seq > t.name_seq THEN excluded.display ELSE t.display END,
  name_seq = greatest(t.name_seq, excluded.name_seq),
  first_seen = least(t.first_seen, excluded.first_seen), last_seen = greatest(t.last_seen, excluded.last_seen),
  events = t.events + excluded.events, likes = t.likes + excluded.likes, comments = t.comments + excluded.comments,
  gifts = t.gifts + excluded.gifts, coins = t.coins + excluded.coins, followers = t.followers + excluded.followers,
  shares = t.shares + excluded.shares, joins = t.joins + excluded.joins,
  subscriptions = t.subscriptions + excluded.subscriptions, cheers = t.cheers + excluded.cheers,
  bits = t.bits + excluded.bits, raids = t.raids + excluded.raids, raiders = t.raiders + excluded.raiders;

-- Kept for whoever reads the schema directly: now the table itself.
DROP VIEW viewer_totals;
CREATE VIEW viewer_totals AS SELECT * FROM viewers;

-- A viewer's gifts across sessions (leaderboard rows over a period or all time), and the latest
-- name of each gift type, found without a pass over every viewer's gifts.
CREATE INDEX session_viewer_gifts_user ON session_viewer_gifts (user_id, gift_id);
