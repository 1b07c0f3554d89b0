-- Every signed-in request starts by resolving its session: the live user (matching session
-- version, not disabled) and all their memberships. That one look-up spans tenants by nature,
-- so instead of a cross-tenant transaction (four round trips) it is this narrow function,
-- running as its owner and returning only the given user's own rows (lib/auth/current-actor.ts).
CREATE FUNCTION "session_lookup"("p_user_id" TEXT, "p_session_version" INTEGER)
  RETURNS TABLE ("id" TEXT, "email" TEXT, "name" TEXT, "memberships" JSONB)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u."id", u."email", u."name",
         COALESCE((
           SELECT jsonb_agg(jsonb_build_object('role', m."role", 'org', jsonb_build_object('id', o."id", 'slug', o."slug", 'name', o."name"))
                            ORDER BY m."created_at")
             FROM "membership" m JOIN "organization" o ON o."id" = m."org_id"
            WHERE m."user_id" = u."id"), '[]'::jsonb)
    FROM "user" u
   WHERE u."id" = "p_user_id" AND u."session_version" = "p_session_version" AND u."disabled_at" IS NULL
$$;

REVOKE ALL ON FUNCTION "session_lookup"(TEXT, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "session_lookup"(TEXT, INTEGER) TO tapestry_app;
