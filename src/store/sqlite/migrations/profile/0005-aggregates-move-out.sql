-- The aggregates moved to a file of their own beside the log (ADR 0007), rebuilt there from the
-- log on first open; the log file keeps the events and the session analyses.
DROP VIEW viewer_totals;
DROP TABLE session_viewer_gifts;
DROP TABLE session_viewers;
DROP TABLE viewers;
DROP TABLE rollups;
DROP TABLE sessions;
DROP TABLE stats;
