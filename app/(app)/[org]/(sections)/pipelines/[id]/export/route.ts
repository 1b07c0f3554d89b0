// GET /<org>/pipelines/<id>/export: the pipeline as a YAML file to keep in git (secrets only as
// { secret: name }). Session-authorized like the pages; any member may export (org:read), and
// exportPipeline scopes the lookup to the member's organization. Failures answer a short text
// with the catalogue's status, never a stack trace.
import { currentActor } from '@/lib/auth/current-actor';
import { AppError, ERROR_CATALOGUE, newCorrelationId } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { exportPipeline } from '@/lib/services/pipelines/yaml-files';

const ORG_SLUG = /^[a-z0-9-]{1,64}$/;

function failure(err: unknown, path: string): Response {
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  if (err instanceof AppError) {
    const text = err.code === 'UNAUTHENTICATED' ? 'Sign in to export this pipeline.' : err.message;
    return new Response(`${text}\n`, { status: err.status, headers });
  }
  const correlationId = newCorrelationId();
  logger.error({ event: 'pipeline.export.failed', correlationId, err, path }, 'pipeline export failed');
  return new Response(`${ERROR_CATALOGUE.INTERNAL.title}. Reference: ${correlationId}\n`, { status: 500, headers });
}

export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }): Promise<Response> {
  const { org, id } = await params;
  try {
    // An organization slug that cannot exist is answered like one the caller is not in.
    if (!ORG_SLUG.test(org)) throw new AppError('NOT_FOUND', 'That pipeline does not exist.');
    const actor = await currentActor(org);
    const { filename, yaml } = await exportPipeline(actor, id);
    return new Response(yaml, {
      headers: {
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    return failure(err, new URL(request.url).pathname);
  }
}
