-- Deploy and operate (issue 5): deployments (a saga of steps over the CloudFormation stack,
-- the warehouse, Airbyte, dbt and Grouparoo), the stack's events as they arrived, the ledger of
-- what each step created outside Tapestry, and runs with their stages and external jobs.
-- The worker advances deployments and runs by claiming due rows under a lease (see
-- lib/jobs/stepper.ts), so the rows themselves are the durable state: a killed worker loses at
-- most its lease and the next claim resumes where the row says.

-- CreateEnum
CREATE TYPE "DeploymentKind" AS ENUM ('CREATE', 'UPDATE', 'RESIZE', 'TEARDOWN');
CREATE TYPE "DeploymentState" AS ENUM ('PLANNING', 'AWAITING_CONFIRMATION', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "StepState" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');
CREATE TYPE "RunTrigger" AS ENUM ('SCHEDULE', 'MANUAL', 'DEPLOY', 'API', 'RETRY');
CREATE TYPE "RunState" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'STALLED');
CREATE TYPE "RunStageName" AS ENUM ('INGEST', 'TRANSFORM', 'SYNC');

ALTER TABLE "pipeline" ADD COLUMN "infrastructure" JSONB;
-- The stack's name once a deploy has planned one; it never changes for the pipeline (REL-3).
ALTER TABLE "pipeline" ADD COLUMN "stack_name" TEXT;

-- CreateTable
CREATE TABLE "deployment" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "kind" "DeploymentKind" NOT NULL,
    "state" "DeploymentState" NOT NULL DEFAULT 'PLANNING',
    -- Every mutating cloud call of this deployment carries a token derived from it (REL-3).
    "operation_id" TEXT NOT NULL,
    "stack_name" TEXT NOT NULL,
    "change_set_name" TEXT,
    -- What is being deployed, frozen when the deployment is planned (secrets as references).
    "spec" JSONB NOT NULL,
    "infrastructure" JSONB NOT NULL,
    "template_body" TEXT,
    "parameters" JSONB,
    "changes" JSONB,
    "options" JSONB,
    "current_step" TEXT,
    "error" JSONB,
    "report" JSONB,
    "event_cursor" TEXT,
    "last_event_at" TIMESTAMPTZ(3),
    -- The stepper's bookkeeping: when the next tick is due, who holds the row, until when.
    "next_tick_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    -- Someone has the deploy page open until then: poll the cloud faster (REL-4).
    "watched_until" TIMESTAMPTZ(3),
    "requested_by_id" TEXT,
    "confirmed_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deployment_finished_check" CHECK (("finished_at" IS NOT NULL) = ("state" IN ('SUCCEEDED', 'FAILED', 'CANCELLED')))
);

CREATE TABLE "deployment_step" (
    "deployment_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "state" "StepState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "error" JSONB,
    "detail" JSONB,
    CONSTRAINT "deployment_step_pkey" PRIMARY KEY ("deployment_id", "name")
);

CREATE TABLE "stack_event" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "logical_id" TEXT NOT NULL,
    "physical_id" TEXT,
    "resource_type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stack_event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "pipeline_resource" (
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    -- cloudformation, warehouse, airbyte, dbt_cloud, ecs, grouparoo
    "system" TEXT NOT NULL,
    -- stack, workspace, source, destination, connection, job, role, user, schema, model, …
    "kind" TEXT NOT NULL,
    -- The name Tapestry gave it (what a retry finds it by).
    "natural_key" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "details" JSONB,
    "deployment_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "pipeline_resource_pkey" PRIMARY KEY ("pipeline_id", "system", "kind", "natural_key")
);

CREATE TABLE "pipeline_run" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "trigger" "RunTrigger" NOT NULL,
    -- The schedule tick this run is for; a tick makes at most one run.
    "scheduled_for" TIMESTAMPTZ(3),
    "state" "RunState" NOT NULL DEFAULT 'QUEUED',
    -- The sources this run ingests (a tick runs the sources whose schedule it matches).
    "sources" JSONB NOT NULL,
    "error" JSONB,
    "requested_by_id" TEXT,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "last_progress_at" TIMESTAMPTZ(3),
    "next_tick_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "pipeline_run_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pipeline_run_number_check" CHECK ("number" >= 1),
    CONSTRAINT "pipeline_run_finished_check" CHECK (("finished_at" IS NOT NULL) = ("state" IN ('SUCCEEDED', 'FAILED', 'CANCELLED')))
);

CREATE TABLE "run_stage" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "stage" "RunStageName" NOT NULL,
    "state" "StepState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "rows" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "error" JSONB,
    "logs" TEXT,
    CONSTRAINT "run_stage_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "run_job" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "run_stage_id" TEXT NOT NULL,
    -- airbyte, dbt_cloud, ecs, grouparoo
    "system" TEXT NOT NULL,
    -- What the job is for: the connection's source name, the dbt job, the Grouparoo model.
    "natural_key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "external_id" TEXT,
    "status" TEXT NOT NULL,
    "rows" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "detail" JSONB,
    CONSTRAINT "run_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "deployment_org_id_id_key" ON "deployment"("org_id", "id");
CREATE INDEX "deployment_org_id_pipeline_id_created_at_idx" ON "deployment"("org_id", "pipeline_id", "created_at");
-- One deployment at a time per pipeline.
CREATE UNIQUE INDEX "deployment_one_open_per_pipeline" ON "deployment"("pipeline_id") WHERE "state" IN ('PLANNING', 'AWAITING_CONFIRMATION', 'RUNNING');
CREATE INDEX "deployment_due_idx" ON "deployment"("next_tick_at") WHERE "next_tick_at" IS NOT NULL;
CREATE UNIQUE INDEX "deployment_step_org_id_deployment_id_name_key" ON "deployment_step"("org_id", "deployment_id", "name");
CREATE UNIQUE INDEX "stack_event_pipeline_id_event_id_key" ON "stack_event"("pipeline_id", "event_id");
CREATE INDEX "stack_event_deployment_id_id_idx" ON "stack_event"("deployment_id", "id");
CREATE INDEX "pipeline_resource_org_id_pipeline_id_idx" ON "pipeline_resource"("org_id", "pipeline_id");
CREATE UNIQUE INDEX "pipeline_run_org_id_id_key" ON "pipeline_run"("org_id", "id");
CREATE UNIQUE INDEX "pipeline_run_pipeline_id_number_key" ON "pipeline_run"("pipeline_id", "number");
-- A schedule tick never makes two runs.
CREATE UNIQUE INDEX "pipeline_run_pipeline_id_scheduled_for_key" ON "pipeline_run"("pipeline_id", "scheduled_for");
-- Single flight: one queued or running run per pipeline (REL-5).
CREATE UNIQUE INDEX "pipeline_run_one_active_per_pipeline" ON "pipeline_run"("pipeline_id") WHERE "state" IN ('QUEUED', 'RUNNING', 'STALLED');
-- Run history pages newest first with a keyset (UX-3).
CREATE INDEX "pipeline_run_org_id_created_at_id_idx" ON "pipeline_run"("org_id", "created_at" DESC, "id" DESC);
CREATE INDEX "pipeline_run_pipeline_id_created_at_id_idx" ON "pipeline_run"("pipeline_id", "created_at" DESC, "id" DESC);
CREATE INDEX "pipeline_run_due_idx" ON "pipeline_run"("next_tick_at") WHERE "next_tick_at" IS NOT NULL;
CREATE UNIQUE INDEX "run_stage_org_id_id_key" ON "run_stage"("org_id", "id");
CREATE UNIQUE INDEX "run_stage_run_id_stage_key" ON "run_stage"("run_id", "stage");
-- Single flight per stage as well (REL-5 asks for it per pipeline stage).
CREATE UNIQUE INDEX "run_stage_one_active_per_pipeline_stage" ON "run_stage"("pipeline_id", "stage") WHERE "state" = 'RUNNING';
CREATE UNIQUE INDEX "run_job_run_stage_id_natural_key_attempt_key" ON "run_job"("run_stage_id", "natural_key", "attempt");
CREATE INDEX "run_job_org_id_run_stage_id_idx" ON "run_job"("org_id", "run_stage_id");

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_confirmed_by_id_fkey" FOREIGN KEY ("confirmed_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "deployment_step" ADD CONSTRAINT "deployment_step_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment_step" ADD CONSTRAINT "deployment_step_org_id_deployment_id_fkey" FOREIGN KEY ("org_id", "deployment_id") REFERENCES "deployment"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stack_event" ADD CONSTRAINT "stack_event_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stack_event" ADD CONSTRAINT "stack_event_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stack_event" ADD CONSTRAINT "stack_event_org_id_deployment_id_fkey" FOREIGN KEY ("org_id", "deployment_id") REFERENCES "deployment"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_resource" ADD CONSTRAINT "pipeline_resource_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_resource" ADD CONSTRAINT "pipeline_resource_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_resource" ADD CONSTRAINT "pipeline_resource_org_id_deployment_id_fkey" FOREIGN KEY ("org_id", "deployment_id") REFERENCES "deployment"("org_id", "id") ON DELETE SET NULL ("deployment_id") ON UPDATE CASCADE;
ALTER TABLE "pipeline_run" ADD CONSTRAINT "pipeline_run_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_run" ADD CONSTRAINT "pipeline_run_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_run" ADD CONSTRAINT "pipeline_run_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "run_stage" ADD CONSTRAINT "run_stage_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_stage" ADD CONSTRAINT "run_stage_org_id_run_id_fkey" FOREIGN KEY ("org_id", "run_id") REFERENCES "pipeline_run"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_stage" ADD CONSTRAINT "run_stage_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_job" ADD CONSTRAINT "run_job_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_job" ADD CONSTRAINT "run_job_org_id_run_stage_id_fkey" FOREIGN KEY ("org_id", "run_stage_id") REFERENCES "run_stage"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant tables like the others (see 20261124120000_app_role_and_tenant_isolation).
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['deployment', 'deployment_step', 'stack_event', 'pipeline_resource', 'pipeline_run', 'run_stage', 'run_job'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY "tenant" ON %I TO tapestry_app USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"))', t);
  END LOOP;
END;
$$;
