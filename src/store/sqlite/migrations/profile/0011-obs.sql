-- What OBS Studio did while the profile streamed. Source data like the clips (no event builds
-- it), so it lives in the log's file, outside the rebuildable aggregates; retention, which deletes
-- events, leaves it be.

-- Stream health, one row per minute, folded from the samples read in it: counts, sums and
-- extremes, so a minute is the same whatever the order its samples arrive in. Averages are read
-- as sums over counts; the bitrate's over the samples that had one.
CREATE TABLE obs_health (
  minute INTEGER PRIMARY KEY,
  samples INTEGER NOT NULL,
  bitrate_samples INTEGER NOT NULL,
  bitrate_sum REAL NOT NULL,
  bitrate_min REAL,
  fps_sum REAL NOT NULL,
  fps_min REAL NOT NULL,
  dropped_frames INTEGER NOT NULL,
  output_frames INTEGER NOT NULL,
  encode_skipped_frames INTEGER NOT NULL,
  render_skipped_frames INTEGER NOT NULL,
  cpu_max REAL NOT NULL,
  memory_max REAL NOT NULL,
  congestion_max REAL
);

-- Every file OBS wrote (recordings, replay buffer saves, screenshots), numbered in the order
-- recorded. The kinds are checked where they are written, so a new kind needs no migration.
CREATE TABLE obs_recordings (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  at INTEGER NOT NULL,
  size_bytes INTEGER,
  duration_ms INTEGER,
  codec TEXT,
  width INTEGER,
  height INTEGER
);
CREATE INDEX obs_recordings_at ON obs_recordings (at, id);
