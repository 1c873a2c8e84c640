-- The profile's clips (Twitch clips, YouTube clips and Shorts, TikTok videos), one per platform
-- id however it was shared. Source data like the log (no event builds them), so they live in the
-- log's file, not in the rebuildable aggregates. seq orders them by first sight, for paging.
CREATE TABLE clips (
  seq INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  clip_id TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  creator_platform TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  creator_name TEXT NOT NULL,
  game_id TEXT,
  game_name TEXT NOT NULL,
  broadcaster_id TEXT,
  broadcaster_name TEXT,
  stream TEXT,
  created_at INTEGER NOT NULL,
  duration REAL,
  vod_offset INTEGER,
  thumbnail_url TEXT,
  view_count INTEGER NOT NULL,
  discord_shares INTEGER NOT NULL,
  discord_reactions INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_updated INTEGER NOT NULL,
  UNIQUE (platform, clip_id)
);

-- Each clip's view count as read over time (a reading is kept when the count changed).
CREATE TABLE clip_views (
  clip_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  view_count INTEGER NOT NULL,
  PRIMARY KEY (clip_seq, at)
) WITHOUT ROWID;

-- Each clip's reactions by emoji (a unicode emoji, or a custom one's name).
CREATE TABLE clip_reactions (
  clip_seq INTEGER NOT NULL,
  emoji TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (clip_seq, emoji)
) WITHOUT ROWID;
