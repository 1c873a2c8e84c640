-- How many viewers took part in each session and how many of them chatted, kept as the viewer
-- rows are written: a list of sessions, or the report of one still live, reads one row per
-- session instead of counting every viewer row of it.
CREATE TABLE session_viewer_counts (
  session_id INTEGER PRIMARY KEY,
  viewers INTEGER NOT NULL,
  chatters INTEGER NOT NULL
);

INSERT INTO session_viewer_counts (session_id, viewers, chatters)
SELECT session_id, count(*), sum(comments > 0) FROM session_viewers GROUP BY session_id;
