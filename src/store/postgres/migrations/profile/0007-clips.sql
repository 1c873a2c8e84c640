-- The profile's clips (Twitch clips, YouTube clips and Shorts, TikTok videos), one per platform
-- id however it was shared. Source data like the log (no event builds them). seq orders them by
-- first sight, for paging; it is assigned under the profile's append lock.
CREATE TABLE clips (
  seq bigint PRIMARY KEY,
  platform text COLLATE "C" NOT NULL,
  clip_id text COLLATE "C" NOT NULL,
  url text NOT NULL,
  title text NOT NULL,
  creator_platform text COLLATE "C" NOT NULL,
  creator_id text COLLATE "C" NOT NULL,
  creator_name text NOT NULL,
  game_id text COLLATE "C",
  game_name text NOT NULL,
  broadcaster_id text COLLATE "C",
  broadcaster_name text,
  stream text COLLATE "C",
  created_at bigint NOT NULL,
  duration double precision,
  vod_offset bigint,
  thumbnail_url text,
  view_count bigint NOT NULL,
  discord_shares bigint NOT NULL,
  discord_reactions bigint NOT NULL,
  first_seen bigint NOT NULL,
  last_updated bigint NOT NULL,
  UNIQUE (platform, clip_id)
) WITH (fillfactor = 70);

-- Each clip's view count as read over time (a reading is kept when the count changed).
CREATE TABLE clip_views (
  clip_seq bigint NOT NULL,
  at bigint NOT NULL,
  view_count bigint NOT NULL,
  PRIMARY KEY (clip_seq, at)
);

-- Each clip's reactions by emoji (a unicode emoji, or a custom one's name).
CREATE TABLE clip_reactions (
  clip_seq bigint NOT NULL,
  emoji text COLLATE "C" NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (clip_seq, emoji)
);
