-- Discord shares and reactions StreamPulse's own bot saw, and each clip's counts of them. A
-- clip's Discord counts are the larger of these and a tool's pushed totals (ADR 0023).
ALTER TABLE clips ADD COLUMN counted_shares bigint NOT NULL DEFAULT 0;
ALTER TABLE clips ADD COLUMN counted_reactions bigint NOT NULL DEFAULT 0;
CREATE INDEX clips_by_refresh ON clips (platform, last_updated);
CREATE INDEX clips_by_created ON clips (created_at);
CREATE INDEX clips_by_stream ON clips (stream, created_at);
CREATE INDEX clips_by_views ON clips (view_count DESC, seq);
CREATE INDEX clips_by_game_views ON clips (game_name, view_count DESC, seq);
CREATE INDEX clips_by_game_created ON clips (game_name, created_at);

-- A clip linked in a Discord message (by platform id: the clip may not be stored yet).
CREATE TABLE clip_shares (
  message_id text COLLATE "C" NOT NULL,
  platform text COLLATE "C" NOT NULL,
  clip_id text COLLATE "C" NOT NULL,
  url text COLLATE "C" NOT NULL,
  guild_id text COLLATE "C" NOT NULL,
  channel_id text COLLATE "C" NOT NULL,
  author_id text COLLATE "C" NOT NULL,
  author_name text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (message_id, platform, clip_id)
);
CREATE INDEX clip_shares_by_clip ON clip_shares (platform, clip_id);

-- One user's emoji on a message that shared a clip.
CREATE TABLE clip_message_reactions (
  message_id text COLLATE "C" NOT NULL,
  emoji text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);

-- Clip analytics kept as clips change (the clip seed's GameAnalytics and CreatorAnalytics, per
-- day, week and month in the profile's time zone and all time). Rebuildable from clips.
-- The time zone they are kept in; '' until first built (clips stored before this migration are
-- counted then).
CREATE TABLE clip_stats_zone (
  id integer PRIMARY KEY CHECK (id = 1),
  time_zone text COLLATE "C" NOT NULL
);
INSERT INTO clip_stats_zone (id, time_zone) VALUES (1, '');

CREATE TABLE clip_totals (
  period_type text COLLATE "C" NOT NULL,
  period_start bigint NOT NULL,
  clip_count bigint NOT NULL,
  total_views bigint NOT NULL,
  discord_shares bigint NOT NULL,
  discord_reactions bigint NOT NULL,
  PRIMARY KEY (period_type, period_start)
);

CREATE TABLE clip_creator_stats (
  period_type text COLLATE "C" NOT NULL,
  period_start bigint NOT NULL,
  creator_platform text COLLATE "C" NOT NULL,
  creator_id text COLLATE "C" NOT NULL,
  creator_name text COLLATE "C" NOT NULL,
  clip_count bigint NOT NULL,
  total_views bigint NOT NULL,
  discord_shares bigint NOT NULL,
  discord_reactions bigint NOT NULL,
  unique_games bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (period_type, period_start, creator_platform, creator_id)
);
CREATE INDEX clip_creator_rank ON clip_creator_stats (period_type, period_start, clip_count DESC, total_views DESC);

CREATE TABLE clip_game_stats (
  period_type text COLLATE "C" NOT NULL,
  period_start bigint NOT NULL,
  game_name text NOT NULL,
  game_id text COLLATE "C",
  clip_count bigint NOT NULL,
  total_views bigint NOT NULL,
  discord_shares bigint NOT NULL,
  discord_reactions bigint NOT NULL,
  unique_creators bigint NOT NULL DEFAULT 0,
  top_clip_seq bigint,
  top_clip_views bigint,
  PRIMARY KEY (period_type, period_start, game_name)
);
CREATE INDEX clip_game_rank ON clip_game_stats (period_type, period_start, clip_count DESC, total_views DESC);

CREATE TABLE clip_pairs (
  period_type text COLLATE "C" NOT NULL,
  period_start bigint NOT NULL,
  creator_platform text COLLATE "C" NOT NULL,
  creator_id text COLLATE "C" NOT NULL,
  game_name text NOT NULL,
  clip_count bigint NOT NULL,
  PRIMARY KEY (period_type, period_start, creator_platform, creator_id, game_name)
);
CREATE INDEX clip_pairs_by_game ON clip_pairs (period_type, period_start, game_name);
CREATE INDEX clip_pairs_rank ON clip_pairs (period_type, period_start, creator_platform, creator_id, clip_count DESC);

CREATE TABLE clip_peak (
  weekday bigint NOT NULL,
  hour bigint NOT NULL,
  clip_count bigint NOT NULL,
  total_views bigint NOT NULL,
  PRIMARY KEY (weekday, hour)
);
