-- Self-healing state (REL-6): what the worker's reconciler and schedule watchdog found wrong with
-- a pipeline, as rows with a lifetime (opened → last seen → resolved). A stalled run, a stalled
-- stack and a schedule that stopped firing each open one; alerts (issue 6) notify from these rows
-- once per change of state, so at most one incident per (pipeline, kind, subject) is open at a
-- time and opening or resolving it twice changes nothing.

-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('STALLED_RUN', 'STALLED_DEPLOYMENT', 'MISSED_SCHEDULE');

-- CreateTable
CREATE TABLE "pipeline_incident" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "kind" "IncidentKind" NOT NULL,
    -- The run id, the deployment id, or the cron schedule ("<expression> <time zone>").
    "subject_id" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    -- The last time the reconciler or the watchdog saw the problem still there.
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    -- What the notice says: the run number and last progress, the stack's silence, the missed ticks.
    "detail" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "pipeline_incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_incident_org_id_id_key" ON "pipeline_incident"("org_id", "id");
-- At most one open incident per subject: the reconciler's INSERT … ON CONFLICT lands here, so
-- three reconcilers racing open one incident.
CREATE UNIQUE INDEX "pipeline_incident_one_open_per_subject" ON "pipeline_incident"("pipeline_id", "kind", "subject_id") WHERE "resolved_at" IS NULL;
-- The pipeline page lists the open ones; history pages newest first.
CREATE INDEX "pipeline_incident_org_id_pipeline_id_opened_at_idx" ON "pipeline_incident"("org_id", "pipeline_id", "opened_at" DESC);

-- AddForeignKey
ALTER TABLE "pipeline_incident" ADD CONSTRAINT "pipeline_incident_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pipeline_incident" ADD CONSTRAINT "pipeline_incident_org_id_pipeline_id_fkey" FOREIGN KEY ("org_id", "pipeline_id") REFERENCES "pipeline"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The app role reads, opens and resolves incidents but never deletes one: they are the history
-- alerts are sent from (a deleted pipeline takes its incidents with it through the foreign key).
GRANT SELECT, INSERT, UPDATE ON "pipeline_incident" TO tapestry_app;
REVOKE DELETE, TRUNCATE ON "pipeline_incident" FROM tapestry_app;

-- Tenant table like the others (see 20261124120000_app_role_and_tenant_isolation).
ALTER TABLE "pipeline_incident" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "pipeline_incident" TO tapestry_app USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"));
