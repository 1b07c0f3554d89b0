// Liveness and readiness for load balancers, `npm start` and operators (lib/http/health.ts).
// 200 while the database is reachable, even with the worker down (pages still work); 503 without it.
import { healthReport } from '@/lib/http/health';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const report = await healthReport();
  return Response.json(report, { status: report.database === 'up' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
