-- Each clip's views within its day, week and month in the profile's time zone (all time reads the
-- clips' own index), so the most viewed clips of a period are read in order, not sorted.
CREATE TABLE clip_rank (
  period_type TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  view_count INTEGER NOT NULL,
  PRIMARY KEY (period_type, period_start, seq)
) WITHOUT ROWID;
CREATE INDEX clip_rank_by_views ON clip_rank (period_type, period_start, view_count DESC, seq);

-- Filled by building the clip aggregates again, on the next clip read or write.
UPDATE clip_stats_zone SET time_zone = '';
