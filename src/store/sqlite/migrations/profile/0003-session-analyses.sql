-- Results computed once a session has ended (drivers of viewer change, ...), kept so trends
-- across sessions can be shown without computing them again.
CREATE TABLE session_analyses (
  session_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  computed_at INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (session_id, kind)
) WITHOUT ROWID;
