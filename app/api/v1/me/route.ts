// Who the presented API token acts as.
import { apiRoute, json } from '@/lib/http/api-route';

export const GET = apiRoute('org:read', async (actor) =>
  json({
    user: { id: actor.userId, email: actor.email, name: actor.name },
    organization: { id: actor.orgId, slug: actor.orgSlug, name: actor.orgName },
    role: actor.role,
    token: { id: actor.tokenId, name: actor.tokenName, scopes: actor.scopes ?? [] },
  }),
);
