// Liveness and readiness for load balancers, `npm start` and operators. Public and cheap:
// it reveals only up/down states, never configuration or counts.
import { db } from '@/lib/db';
import { workerStatus } from '@/lib/jobs/heartbeat';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  let database: 'up' | 'down' = 'up';
  let worker: 'up' | 'down' = 'down';
  try {
    await db().$queryRaw`SELECT 1`;
    worker = (await workerStatus()).alive > 0 ? 'up' : 'down';
  } catch {
    database = 'down';
  }
  // The web tier can serve pages without a worker, so only a dead database makes us unready.
  const status = database === 'down' ? 'down' : worker === 'down' ? 'degraded' : 'ok';
  return Response.json(
    { status, database, worker },
    { status: database === 'up' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
