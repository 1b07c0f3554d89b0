-- Outgoing email as a transactional outbox, delivered by the worker (lib/jobs/handlers/mail.ts).

-- CreateTable
CREATE TABLE "outbound_email" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body_sealed" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "outbound_email_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbound_email_sent_at_failed_at_created_at_idx" ON "outbound_email"("sent_at", "failed_at", "created_at");

-- AddForeignKey
ALTER TABLE "outbound_email" ADD CONSTRAINT "outbound_email_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A tenant table like the others (see 20261124120000_app_role_and_tenant_isolation).
ALTER TABLE "outbound_email" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "outbound_email" TO tapestry_app
  USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"));
