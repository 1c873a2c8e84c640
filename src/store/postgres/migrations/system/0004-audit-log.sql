-- The audit trail of changes: append-only, kept when the profile it concerns is deleted.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  actor_kind text NOT NULL,
  actor_id text,
  actor_name text,
  address text NOT NULL,
  profile_id text COLLATE "C",
  action text NOT NULL,
  -- JSON text, kept as written.
  details text NOT NULL,
  status integer NOT NULL
);
CREATE INDEX audit_log_profile ON audit_log (profile_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
