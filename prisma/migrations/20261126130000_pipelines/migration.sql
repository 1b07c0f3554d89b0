-- Pipelines (issue 4): the pipeline, the wizard's draft on it, and its saved components
-- (warehouse, sources, transformation, destinations). Every component references its pipeline
-- through (org_id, pipeline_id), so a row can never point at another organization's pipeline
-- (SEC-8); every table is a tenant table under the same row-level policy as the others.

-- CreateEnum
CREATE TYPE "DeployTarget" AS ENUM ('SANDBOX', 'AWS');
CREATE TYPE "PipelineStatus" AS ENUM ('DRAFT', 'READY', 'DEPLOYING', 'ACTIVE', 'PAUSED', 'FAILED', 'TEARING_DOWN', 'TORN_DOWN');
CREATE TYPE "WarehouseType" AS ENUM ('SNOWFLAKE', 'POSTGRES');
CREATE TYPE "TransformationKind" AS ENUM ('DBT_CLOUD', 'DBT_CORE_ECS');

-- CreateTable
CREATE TABLE "pipeline" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "PipelineStatus" NOT NULL DEFAULT 'DRAFT',
    "target" "DeployTarget",
    "aws_account_id" TEXT,
    "aws_region" TEXT,
    "aws_access_key_id" TEXT,
    "aws_credential" TEXT,
    "draft" JSONB,
    "draft_step" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "saved_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "pipeline_pkey" PRIMARY KEY ("id"),
    -- The same rule as SLUG_PATTERN in lib/pipeline/spec/pipeline.ts.
    CONSTRAINT "pipeline_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") <= 63),
    CONSTRAINT "pipeline_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100),
    CONSTRAINT "pipeline_version_check" CHECK ("version" >= 1),
    -- An AWS target names its account, region, access key id and the credential holding the
    -- key's secret; the sandbox names none of them.
    CONSTRAINT "pipeline_target_check" CHECK (
      ("target" = 'AWS' AND "aws_account_id" ~ '^[0-9]{12}$' AND "aws_region" IS NOT NULL
        AND "aws_access_key_id" IS NOT NULL AND "aws_credential" IS NOT NULL)
      OR ("target" IS DISTINCT FROM 'AWS' AND "aws_account_id" IS NULL AND "aws_region" IS NULL
        AND "aws_access_key_id" IS NULL AND "aws_credential" IS NULL)
    ),
    -- Past DRAFT, a pipeline has a saved design, so it has a target.
    CONSTRAINT "pipeline_saved_check" CHECK ("status" = 'DRAFT' OR ("target" IS NOT NULL AND "saved_at" IS NOT NULL)),
    CONSTRAINT "pipeline_draft_step_check" CHECK (
      "draft_step" IS NULL OR "draft_step" IN ('name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review')
    )
);

CREATE TABLE "pipeline_warehouse" (
    "pipeline_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "type" "WarehouseType" NOT NULL,
    "config" JSONB NOT NULL,
    CONSTRAINT "pipeline_warehouse_pkey" PRIMARY KEY ("pipeline_id")
);

CREATE TABLE "pipeline_source" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "connector_type" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "prefix" TEXT,
    "streams" JSONB,
    "schedule_cron" TEXT,
    "schedule_timezone" TEXT,
    "position" INTEGER NOT NULL,
    CONSTRAINT "pipeline_source_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pipeline_source_name_check" CHECK ("name" ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    -- A schedule is a cron expression with its time zone, or neither (manual).
    CONSTRAINT "pipeline_source_schedule_check" CHECK (("schedule_cron" IS NULL) = ("schedule_timezone" IS NULL))
);

CREATE TABLE "pipeline_transformation" (
    "pipeline_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "kind" "TransformationKind" NOT NULL,
    "settings" JSONB NOT NULL,
    CONSTRAINT "pipeline_transformation_pkey" PRIMARY KEY ("pipeline_id")
);

CREATE TABLE "pipeline_destination" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "destination_type" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "mapping" JSONB NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "pipeline_destination_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pipeline_destination_name_check" CHECK ("name" ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
);

-- A credential the wizard made for one pipeline's field.
ALTER TABLE "credential" ADD COLUMN "pipeline_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_org_id_slug_key" ON "pipeline"("org_id", "slug");
CREATE UNIQUE INDEX "pipeline_org_id_id_key" ON "pipeline"("org_id", "id");
CREATE INDEX "pipeline_org_id_updated_at_idx" ON "pipeline"("org_id", "updated_at");
CREATE UNIQUE INDEX "pipeline_warehouse_org_id_pipeline_id_key" ON "pipeline_warehouse"("org_id", "pipeline_id");
CREATE UNIQUE INDEX "pipeline_source_pipeline_id_name_key" ON "pipeline_source"("pipeline_id", "name");
CREATE INDEX "pipeline_source_org_id_pipeline_id_idx" ON "pipeline_source"("org_id", "pipeline_id");
CREATE UNIQUE INDEX "pipeline_transformation_org_id_pipeline_id_key" ON "pipeline_transformation"("org_id", "pipeline_id");
CREATE UNIQUE INDEX "pipeline_destination_pipeline_id_name_key" ON "pipeline_destination"("pipeline_id", "name");
CREATE INDEX "pipeline_destination_org_id_pipeline_id_idx" ON "pipeline_destination"("org_id", "pipeline_id");
CREATE INDEX "credential_org_id_pipeline_id_idx" ON "credential"("org_id", "pipeline_id");

-- AddForeignKey
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "pipeline" ADD CONSTRAINT "pipeline_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "pipeline_warehouse" ADD CONSTRAINT "pipeline_warehouse_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_warehouse" ADD CONSTRAINT "pipeline_warehouse_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_source" ADD CONSTRAINT "pipeline_source_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_source" ADD CONSTRAINT "pipeline_source_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_transformation" ADD CONSTRAINT "pipeline_transformation_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_transformation" ADD CONSTRAINT "pipeline_transformation_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_destination" ADD CONSTRAINT "pipeline_destination_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_destination" ADD CONSTRAINT "pipeline_destination_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A pipeline's own credentials go with it (MATCH SIMPLE: an org-wide credential has no pipeline).
ALTER TABLE "credential" ADD CONSTRAINT "credential_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant tables like the others (see 20261124120000_app_role_and_tenant_isolation).
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['pipeline', 'pipeline_warehouse', 'pipeline_source', 'pipeline_transformation', 'pipeline_destination'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY "tenant" ON %I TO tapestry_app USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"))', t);
  END LOOP;
END;
$$;
