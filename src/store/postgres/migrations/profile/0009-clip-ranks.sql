-- Each clip's views within its day, week and month in the profile's time zone (all time reads the
-- clips' own index), so the most viewed clips of a period are read in order, not sorted.
CREATE TABLE clip_rank (
  period_type text COLLATE "C" NOT NULL,
  period_start bigint NOT NULL,
  seq bigint NOT NULL,
  view_count bigint NOT NULL,
  PRIMARY KEY (period_type, period_start, seq)
);
CREATE INDEX clip_rank_by_views ON clip_rank (period_type, period_start, view_count DESC, seq);

-- Filled by building the clip aggregates again, on the next clip read or write.
UPDATE clip_stats_zone SET time_zone = '';
