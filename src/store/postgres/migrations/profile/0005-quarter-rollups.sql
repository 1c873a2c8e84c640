-- The minute rollups summed per stream and quarter hour, written with them: peak times over
-- months or years read a fifteenth of the rows. Quarter hours, because every time zone's hours
-- start on one (India +5:30, Nepal +5:45): the weekday x hour grid of any zone, and of a zone the
-- profile changes to later, is exact from them without rebuilding anything.
CREATE TABLE quarter_rollups (
  stream text COLLATE "C" NOT NULL,
  quarter bigint NOT NULL,
  viewers_sum bigint NOT NULL,
  viewers_n bigint NOT NULL,
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
  PRIMARY KEY (stream, quarter)
) WITH (fillfactor = 70);
CREATE INDEX quarter_rollups_quarter ON quarter_rollups (quarter);

INSERT INTO quarter_rollups (stream, quarter, viewers_sum, viewers_n, likes, comments, gifts, coins, followers, shares, joins, subscriptions, cheers, bits, raids, raiders)
SELECT stream, (minute / 900000) * 900000, sum(viewers_sum), sum(viewers_n), sum(likes), sum(comments), sum(gifts), sum(coins), sum(followers), sum(shares), sum(joins), sum(subscriptions), sum(cheers), sum(bits), sum(raids), sum(raiders)
FROM rollups GROUP BY 1, 2;
