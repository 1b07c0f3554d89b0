-- What an outgoing email is about (e.g. an invitation), so the page that shows the thing can
-- say whether its email was sent, is being retried or was given up on.

-- AlterTable
ALTER TABLE "outbound_email" ADD COLUMN "ref_type" TEXT,
ADD COLUMN "ref_id" TEXT;

-- CreateIndex
CREATE INDEX "outbound_email_ref_type_ref_id_idx" ON "outbound_email"("ref_type", "ref_id");
