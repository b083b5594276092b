-- The audit log is append-only: entries are never changed. Deleting stays possible for the retention job
-- (KEPU_AUDIT_RETENTION_DAYS) and for erasing data on request.
CREATE OR REPLACE FUNCTION kepu_audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: entries cannot be updated' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION kepu_audit_log_append_only();
