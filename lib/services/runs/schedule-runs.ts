import 'server-only';
// The scheduler (a pg-boss cron job, each minute, once across workers): for every active pipeline,
// the sources whose cron schedule fired within the last minute make one run for that tick. The
// tick is the run's `scheduled_for`, unique per pipeline, so a tick makes one run however many
// times it is fired (a retried job, two workers). A tick that falls while a run is still going
// is skipped, as dbt Cloud skips overlapping schedule runs, and counted as such in the log.
import { acrossOrgs } from '@/lib/db/tenant';
import { logger } from '@/lib/logger';
import { dueTick } from '@/lib/pipeline/schedule-ticks';
import type { Source } from '@/lib/pipeline/spec';
import { createRun } from './create-run';

export async function scheduleDueRuns(now: Date = new Date()): Promise<{ created: number; skipped: number }> {
  const deployed = await acrossOrgs((tx) =>
    tx.pipeline.findMany({
      where: { status: 'ACTIVE' },
      select: { id: true, orgId: true, deployments: { where: { state: 'SUCCEEDED', kind: { not: 'TEARDOWN' } }, orderBy: { finishedAt: 'desc' }, take: 1, select: { spec: true } } },
    }),
  );
  let created = 0;
  let skipped = 0;
  for (const pipeline of deployed) {
    const sources = ((pipeline.deployments[0]?.spec as { sources?: Source[] } | undefined)?.sources ?? []);
    const due = new Map<number, string[]>();
    for (const source of sources) {
      if (source.schedule.kind !== 'cron') continue;
      const tick = dueTick(source.schedule.expression, source.schedule.timezone, now);
      if (tick) due.set(tick.getTime(), [...(due.get(tick.getTime()) ?? []), source.name]);
    }
    for (const [tick, names] of due) {
      const run = await createRun({ orgId: pipeline.orgId, pipelineId: pipeline.id, trigger: 'SCHEDULE', sources: names, scheduledFor: new Date(tick) });
      if (run.created) created++;
      else if (run.reason === 'active') {
        skipped++;
        logger.info({ pipelineId: pipeline.id, tick: new Date(tick).toISOString(), activeRun: run.runId }, 'schedule tick skipped: a run is still going');
      }
    }
  }
  return { created, skipped };
}
