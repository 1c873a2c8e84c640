-- The audit trail of changes: append-only, kept when the profile it concerns is deleted.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  address TEXT NOT NULL,
  profile_id TEXT,
  action TEXT NOT NULL,
  details TEXT NOT NULL,
  status INTEGER NOT NULL
);
CREATE INDEX audit_log_profile ON audit_log (profile_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
