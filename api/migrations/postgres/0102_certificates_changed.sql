-- Every statement that changes the registry's certificates or their identifiers notifies the
-- channel `annexa_registry` when its transaction commits (PostgreSQL delivers a transaction's
-- notifications at commit, once per distinct payload). Each `annexa serve` instance keeps the
-- answers of recent point lookups in memory and forgets them all on this signal
-- (api/src/store/certificates/kept.rs), so an import by the CLI or by another instance is seen
-- by every instance. Statement-level: a bulk load notifies once per statement, not per row.
CREATE FUNCTION annexa_registry_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('annexa_registry', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER certificates_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificates
  FOR EACH STATEMENT EXECUTE FUNCTION annexa_registry_changed();

CREATE TRIGGER certificate_identifiers_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificate_identifiers
  FOR EACH STATEMENT EXECUTE FUNCTION annexa_registry_changed();
