-- Credentials: an organization's named secrets, sealed at rest (SEC-6, lib/secrets), and the
-- per-key encryption counter that keeps the AES-GCM safety limit across processes and restarts.

-- CreateEnum
CREATE TYPE "CredentialKind" AS ENUM ('AWS_ACCESS_KEY', 'SNOWFLAKE_PASSWORD', 'SNOWFLAKE_PRIVATE_KEY', 'POSTGRES_PASSWORD', 'AIRBYTE_SOURCE_SECRET', 'DBT_CLOUD_TOKEN', 'GROUPAROO_SECRET', 'GENERIC');

-- CreateTable
CREATE TABLE "credential" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CredentialKind" NOT NULL,
    "sealed" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" TEXT,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "credential_pkey" PRIMARY KEY ("id"),
    -- The same rule as lib/secrets/credential-input.ts, so a hand-run INSERT cannot add a name
    -- the app could never refer to.
    CONSTRAINT "credential_name_check" CHECK ("name" ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    CONSTRAINT "credential_version_check" CHECK ("version" >= 1),
    -- key_id and fingerprint are copies of fields of the compact sealed string, kept for
    -- rotation's listing and the "set ✓" display; they can never disagree with it.
    CONSTRAINT "credential_sealed_check" CHECK (
      "sealed" LIKE 'tsec1.%'
      AND "key_id" = split_part("sealed", '.', 2)
      AND "fingerprint" = split_part("sealed", '.', 7)
    )
);

-- CreateTable
CREATE TABLE "secret_key_usage" (
    "key_id" TEXT NOT NULL,
    "encryptions" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "secret_key_usage_pkey" PRIMARY KEY ("key_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credential_org_id_name_key" ON "credential"("org_id", "name");

-- CreateIndex (the target of composite references from other tenant tables, SEC-8)
CREATE UNIQUE INDEX "credential_org_id_id_key" ON "credential"("org_id", "id");

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey (a removed user leaves the organization's credentials in place)
ALTER TABLE "credential" ADD CONSTRAINT "credential_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credential" ADD CONSTRAINT "credential_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A tenant table like the others (see 20261124120000_app_role_and_tenant_isolation).
ALTER TABLE "credential" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "credential" TO tapestry_app
  USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"));

-- The counter only grows: the app role may add to it but not delete or lower it, so the limit
-- cannot be reset by a bug or a compromised process (an operator, as owner, still can).
REVOKE DELETE, TRUNCATE ON "secret_key_usage" FROM tapestry_app;

CREATE FUNCTION "secret_key_usage_only_grows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."key_id" <> OLD."key_id" OR NEW."encryptions" < OLD."encryptions" THEN
    RAISE EXCEPTION 'secret_key_usage only grows' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "secret_key_usage_no_decrease"
  BEFORE UPDATE ON "secret_key_usage"
  FOR EACH ROW EXECUTE FUNCTION "secret_key_usage_only_grows"();
