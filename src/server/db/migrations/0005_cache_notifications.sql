-- Servers keep quotes' subscription snapshots and API keys in memory (src/server/cache). A commit
-- that changes what they hold notifies every server on channel organizations_changed, with the
-- organization ids ("a,b,c") or "*" when a statement touched many organizations.
CREATE OR REPLACE FUNCTION notify_organizations_changed() RETURNS trigger AS $$
DECLARE
  changed_count integer;
  ids text;
BEGIN
  SELECT count(*), string_agg(organization_id::text, ',') INTO changed_count, ids
  FROM (SELECT DISTINCT organization_id FROM changed_rows LIMIT 101) changed;
  IF changed_count > 0 THEN
    PERFORM pg_notify('organizations_changed', CASE WHEN changed_count > 100 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The organizations table names its key "id".
CREATE OR REPLACE FUNCTION notify_organization_rows_changed() RETURNS trigger AS $$
DECLARE
  changed_count integer;
  ids text;
BEGIN
  SELECT count(*), string_agg(id::text, ',') INTO changed_count, ids
  FROM (SELECT DISTINCT id FROM changed_rows LIMIT 101) changed;
  IF changed_count > 0 THEN
    PERFORM pg_notify('organizations_changed', CASE WHEN changed_count > 100 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Row level, and only when the cycle moves: spends update balances all day and change nothing cached.
CREATE OR REPLACE FUNCTION notify_credit_cycle_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('organizations_changed', NEW.organization_id::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER subscriptions_notify_update AFTER UPDATE ON subscriptions
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER organizations_notify_update AFTER UPDATE ON organizations
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organization_rows_changed();
--> statement-breakpoint
CREATE TRIGGER users_notify_insert AFTER INSERT ON users
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER users_notify_update AFTER UPDATE ON users
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER change_requests_notify_insert AFTER INSERT ON change_requests
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER change_requests_notify_update AFTER UPDATE ON change_requests
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON api_keys
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER credit_balances_notify_cycle AFTER UPDATE OF cycle_end ON credit_balances
  FOR EACH ROW WHEN (OLD.cycle_end IS DISTINCT FROM NEW.cycle_end)
  EXECUTE FUNCTION notify_credit_cycle_changed();
