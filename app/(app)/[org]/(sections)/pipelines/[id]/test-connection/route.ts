// POST /[org]/pipelines/[id]/test-connection {subject: 'target' | 'warehouse' | 'sources[N]'}: the
// wizard's "Test connection" (UX-1) for the signed-in user. Answers 200 with the test's result,
// failures of the connection included (they are the answer); problem JSON for the request's own
// faults (401, 403, 404, 422). The request's signal goes down to the integration call, so a Cancel
// or a closed tab ends the call in flight (Next 16 aborts request.signal when the client
// disconnects, standalone server included); the integration's own 30 s cap bounds everything else.
import { z } from 'zod';
import { currentActor } from '@/lib/auth/current-actor';
import { AppError } from '@/lib/errors';
import { json, problem, readJson } from '@/lib/http/api-route';
import { isSameOrigin } from '@/lib/http/origin';
import { testDraftConnection } from '@/lib/services/pipelines/test-connection';

export const dynamic = 'force-dynamic';

const BodySchema = z.strictObject({ subject: z.string().min(1).max(32) });

type Ctx = { params: Promise<{ org: string; id: string }> };

export async function POST(request: Request, ctx: Ctx): Promise<Response> {
  const instance = new URL(request.url).pathname;
  try {
    // Cookie-authenticated and it spends credentials: only our own pages may ask (SEC-5).
    if (!isSameOrigin(request.headers)) throw new AppError('CSRF');
    const { org, id } = await ctx.params;
    const actor = await currentActor(org);
    const { subject } = await readJson(request, BodySchema);
    return json(await testDraftConnection(actor, { id, subject }, request.signal));
  } catch (err) {
    return problem(err, instance);
  }
}
