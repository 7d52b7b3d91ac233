-- API keys change rarely (a revocation) and subscriptions often: each gets its own channel, so a
-- seat change does not make every server forget the organization's API keys.
CREATE OR REPLACE FUNCTION notify_api_keys_changed() RETURNS trigger AS $$
DECLARE
  changed_count integer;
  ids text;
BEGIN
  SELECT count(*), string_agg(organization_id::text, ',') INTO changed_count, ids
  FROM (SELECT DISTINCT organization_id FROM changed_rows LIMIT 101) changed;
  IF changed_count > 0 THEN
    PERFORM pg_notify('api_keys_changed', CASE WHEN changed_count > 100 THEN '*' ELSE ids END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER api_keys_notify_update ON api_keys;
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON api_keys
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_api_keys_changed();
