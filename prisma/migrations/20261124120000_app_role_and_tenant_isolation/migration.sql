-- The app role and row-level tenant isolation.
--
-- The web server and the worker do not act as the database owner. Every connection of theirs
-- switches to "tapestry_app" at start-up (`-c role=tapestry_app`, lib/db.ts), a role that can
-- read and write the app's tables but cannot rewrite history: it has no UPDATE, DELETE or
-- TRUNCATE on the audit log (SEC-7), whose trigger stays as the second lock. Migrations keep
-- running as the connecting (owner) user.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tapestry_app') THEN
    CREATE ROLE tapestry_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

-- The connecting user must be a member to switch to it (a superuser always may).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'tapestry_app', 'MEMBER') THEN
    EXECUTE format('GRANT tapestry_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO tapestry_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tapestry_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tapestry_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM tapestry_app;
REVOKE ALL ON "_prisma_migrations" FROM tapestry_app;

-- Tables of later migrations get the same grants; those needing less revoke it there.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tapestry_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tapestry_app;

-- Tenant isolation, second layer (SEC-8). The app scopes every query by organization itself;
-- these policies make a forgotten scope return nothing instead of another tenant's rows. A
-- transaction names its organization with set_config('tapestry.org_id', id, true), or opts into
-- the few cross-organization look-ups (who is signing in, which org a token or invitation
-- belongs to, the global audit chain) with set_config('tapestry.scope', 'all', true); see
-- lib/db/tenant.ts. With neither, tenant tables look empty to the app role.
CREATE FUNCTION "tenant_visible"("row_org" TEXT) RETURNS BOOLEAN
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT current_setting('tapestry.scope', true) = 'all'
      OR "row_org" = NULLIF(current_setting('tapestry.org_id', true), '')
$$;

DO $$
DECLARE
  tenant_table TEXT;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['membership', 'invitation', 'api_token', 'audit_event'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY "tenant" ON %I TO tapestry_app USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"))',
      tenant_table
    );
  END LOOP;
END
$$;
