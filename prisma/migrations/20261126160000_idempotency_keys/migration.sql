-- Idempotency keys for the public API (REL-9, after draft-ietf-httpapi-idempotency-key-header
-- and Stripe): a POST that carries `Idempotency-Key` is run once per (organization, token, key);
-- a repeat gets the stored response back instead of acting again. lib/http/idempotency.ts
-- writes these rows; a key lives at least 24 hours, then lib/http/idempotency-store.ts purges it.

-- CreateEnum
CREATE TYPE "IdempotencyState" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateTable
CREATE TABLE "idempotency_key" (
    "org_id" TEXT NOT NULL,
    -- Keys are the caller's own: two tokens may use the same key without seeing each other's answers.
    "token_id" TEXT NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    -- What the key was first used for; the same key on another request is refused (422).
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    -- SHA-256 (hex) of the request body in canonical form.
    "request_hash" TEXT NOT NULL,
    "state" "IdempotencyState" NOT NULL DEFAULT 'IN_PROGRESS',
    -- While IN_PROGRESS: until then a twin is told to wait (409); after it the request counts as
    -- abandoned (its process died) and a retry may take the key over.
    "locked_until" TIMESTAMPTZ(3),
    "response_status" INTEGER,
    "response_body" TEXT,
    "response_content_type" TEXT,
    -- Other headers a replay repeats (Location).
    "response_headers" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("org_id", "token_id", "key"),
    CONSTRAINT "idempotency_key_key_check" CHECK (char_length("key") >= 1),
    CONSTRAINT "idempotency_key_request_hash_check" CHECK ("request_hash" ~ '^[0-9a-f]{64}$'),
    -- Kept at least a day (REL-9), so a client's retries over a long outage still replay.
    CONSTRAINT "idempotency_key_expires_check" CHECK ("expires_at" >= "created_at" + INTERVAL '24 hours'),
    CONSTRAINT "idempotency_key_state_check" CHECK (
      CASE "state"
        WHEN 'IN_PROGRESS' THEN "locked_until" IS NOT NULL AND "response_status" IS NULL AND "completed_at" IS NULL
        ELSE "locked_until" IS NULL AND "response_status" IS NOT NULL AND "response_body" IS NOT NULL AND "completed_at" IS NOT NULL
      END
    )
);

-- The target of the composite reference below (SEC-8); (org_id, id) is unique because id already is.
CREATE UNIQUE INDEX "api_token_org_id_id_key" ON "api_token"("org_id", "id");

-- CreateIndex: the purge finds expired keys across organizations, and a caller's own on insert.
CREATE INDEX "idempotency_key_expires_at_idx" ON "idempotency_key"("expires_at");
CREATE INDEX "idempotency_key_org_id_token_id_expires_at_idx" ON "idempotency_key"("org_id", "token_id", "expires_at");

-- AddForeignKey (a deleted token or organization takes its keys with it)
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_org_id_token_id_fkey" FOREIGN KEY ("org_id", "token_id") REFERENCES "api_token"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A tenant table like the others (see 20261124120000_app_role_and_tenant_isolation).
ALTER TABLE "idempotency_key" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "tenant" ON "idempotency_key" TO tapestry_app
  USING ("tenant_visible"("org_id")) WITH CHECK ("tenant_visible"("org_id"));

-- The default privileges of that migration already give the app role these; said again here
-- because the app deletes keys (a key is released after a server fault, and purged once expired)
-- and must keep that right whoever owns this table.
GRANT SELECT, INSERT, UPDATE, DELETE ON "idempotency_key" TO tapestry_app;
