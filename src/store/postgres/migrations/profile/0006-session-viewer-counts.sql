-- How many viewers took part in each session and how many of them chatted, kept as the viewer
-- rows are written: a list of sessions, or the report of one still live, reads one row per
-- session instead of counting every viewer row of it (rows rewritten at every batch, whose
-- visibility each count would check).
CREATE TABLE session_viewer_counts (
  session_id bigint PRIMARY KEY,
  viewers bigint NOT NULL,
  chatters bigint NOT NULL
) WITH (fillfactor = 70);

INSERT INTO session_viewer_counts (session_id, viewers, chatters)
SELECT session_id, count(*), count(*) FILTER (WHERE comments > 0) FROM session_viewers GROUP BY session_id;
