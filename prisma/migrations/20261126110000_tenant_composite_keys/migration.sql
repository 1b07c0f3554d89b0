-- Tenant isolation in the keys themselves (SEC-8). A tenant row that points at another tenant
-- row does so through a composite key (org_id, x_id) → (org_id, id), so the database refuses
-- a reference into another organization whatever the app or a hand-run statement does.
--
-- Today one tenant table references another: an outgoing email names the invitation it is
-- about (ref_type 'invitation', ref_id). The other references (membership, invitation,
-- api_token → user; audit_event.target_id) point at global users or at history that outlives
-- its rows, so they stay as they are.

-- The target of composite references; (org_id, id) is unique because id already is.
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_org_id_id_key" UNIQUE ("org_id", "id");

-- Only invitations are referenced so far; a new kind of reference gets its own constraint, so
-- an unknown ref_type is refused rather than left unchecked. Either both are set or neither.
ALTER TABLE "outbound_email" ADD CONSTRAINT "outbound_email_ref_check"
  CHECK (("ref_type" IS NULL) = ("ref_id" IS NULL) AND ("ref_type" IS NULL OR "ref_type" = 'invitation'));

-- MATCH SIMPLE: an email about nothing (ref_id NULL) is not checked; one about an invitation
-- must name an invitation of its own organization.
ALTER TABLE "outbound_email" ADD CONSTRAINT "outbound_email_org_id_ref_id_fkey"
  FOREIGN KEY ("org_id", "ref_id") REFERENCES "invitation"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The foreign key's look-ups (and emailStatusByRef) go by organization and invitation.
DROP INDEX "outbound_email_ref_type_ref_id_idx";
CREATE INDEX "outbound_email_org_id_ref_id_idx" ON "outbound_email"("org_id", "ref_id");
