// The schedule watchdog (REL-6): flags a cron schedule whose last MISSES_TO_FLAG fire times all
// started no run, which happens when nothing fires the scheduler (pg-boss's `runs.schedule` cron
// lost, no worker, a worker whose queue is wedged). So it must not run on that cron itself: the
// worker runs it on its own timer and at boot (self-healing.ts).
//
// A tick counts as served when a run has it as `scheduled_for`. A tick the scheduler skipped
// because a run was still going (schedule-runs.ts skips overlapping ticks and records nothing)
// is not a miss: any run that was going at the tick excuses it. A tick from before the schedule
// was in force is not counted: before the deployment that put it there finished, or before the
// pipeline row last changed (resuming a paused pipeline, which is when its schedules restart;
// an edit there only delays the watch by a tick or two). Paused and torn-down pipelines are not
// watched, and their open incidents resolve.
import { acrossOrgs, inOrg } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { ScheduleSchema } from '@/lib/pipeline/spec/sources';
import { recentFireTimes } from './fire-times';
import { scheduleSubject, type MissedScheduleDetail } from './incident-detail';
import { openIncident, resolveIncidents } from './incidents';
import { MISSES_TO_FLAG, SCHEDULE_GRACE_MS, SCHEDULE_WINDOW_MS } from './policy';

interface Cron {
  expression: string;
  timezone: string;
}

interface Watched {
  id: string;
  orgId: string;
  since: Date;
  crons: Cron[];
}

export interface WatchdogPass {
  /** Schedules that missed MISSES_TO_FLAG fire times in a row (open incidents, new or not). */
  missing: { pipelineId: string; subjectId: string }[];
  opened: number;
  resolved: number;
}

/** The part of a deployed spec the watchdog reads; a spec it cannot read has no schedules to watch. */
const DeployedSchedules = z.object({ sources: z.array(z.object({ schedule: ScheduleSchema })) });

function cronsOf(spec: unknown): Cron[] {
  const parsed = DeployedSchedules.safeParse(spec);
  const crons = new Map<string, Cron>();
  for (const { schedule } of parsed.success ? parsed.data.sources : []) {
    if (schedule.kind === 'cron') crons.set(scheduleSubject(schedule.expression, schedule.timezone), { expression: schedule.expression, timezone: schedule.timezone });
  }
  return [...crons.values()];
}

/** Active pipelines with the cron schedules of what is deployed (as the scheduler reads them). */
async function watchedPipelines(): Promise<Watched[]> {
  const rows = await acrossOrgs((tx) =>
    tx.pipeline.findMany({
      where: { status: 'ACTIVE' },
      select: {
        id: true,
        orgId: true,
        updatedAt: true,
        deployments: { where: { state: 'SUCCEEDED', kind: { not: 'TEARDOWN' } }, orderBy: { finishedAt: 'desc' }, take: 1, select: { spec: true, finishedAt: true } },
      },
    }),
  );
  return rows.flatMap((p) => {
    const deployed = p.deployments[0];
    if (!deployed?.finishedAt) return [];
    const since = deployed.finishedAt > p.updatedAt ? deployed.finishedAt : p.updatedAt;
    return [{ id: p.id, orgId: p.orgId, since, crons: cronsOf(deployed.spec) }];
  });
}

type Verdict = 'missed' | 'served' | 'unsure';

/** Whether the newest fire times were missed, the newest one ran, or neither can be said yet. */
async function verdict(pipeline: Watched, ticks: Date[]): Promise<Verdict> {
  const newest = ticks[0];
  const oldest = ticks.at(-1);
  if (!newest || !oldest) return 'unsure';
  const runs = await inOrg(pipeline.orgId, (tx) =>
    tx.pipelineRun.findMany({
      where: {
        orgId: pipeline.orgId,
        pipelineId: pipeline.id,
        OR: [
          { scheduledFor: { in: ticks } },
          { createdAt: { lte: new Date(newest.getTime() + SCHEDULE_WINDOW_MS) }, OR: [{ finishedAt: null }, { finishedAt: { gte: oldest } }] },
        ],
      },
      select: { scheduledFor: true, createdAt: true, finishedAt: true },
    }),
  );
  const served = (tick: Date) => runs.some((r) => r.scheduledFor?.getTime() === tick.getTime());
  const excused = (tick: Date) => runs.some((r) => r.createdAt.getTime() <= tick.getTime() + SCHEDULE_WINDOW_MS && (r.finishedAt === null || r.finishedAt >= tick));
  if (served(newest)) return 'served';
  if (ticks.length === MISSES_TO_FLAG && ticks.every((t) => !served(t) && !excused(t))) return 'missed';
  return 'unsure';
}

async function watchCron(pipeline: Watched, cron: Cron, now: Date): Promise<{ missing: boolean; opened: number; resolved: number }> {
  const ticks = recentFireTimes(cron.expression, cron.timezone, new Date(now.getTime() - SCHEDULE_GRACE_MS), MISSES_TO_FLAG, pipeline.since);
  const subject = { orgId: pipeline.orgId, pipelineId: pipeline.id, kind: 'MISSED_SCHEDULE' as const, subjectId: scheduleSubject(cron.expression, cron.timezone) };
  const found = await verdict(pipeline, ticks);
  if (found === 'served') return { missing: false, opened: 0, resolved: await inOrg(pipeline.orgId, (tx) => resolveIncidents(tx, subject, now)) };
  if (found === 'unsure') return { missing: false, opened: 0, resolved: 0 };
  const detail: MissedScheduleDetail = { ...cron, missed: ticks.map((t) => t.toISOString()).reverse() };
  // Checked again by the insert itself: a tick's run made since the look above means no miss.
  const ranSince = Prisma.sql`EXISTS (SELECT FROM "pipeline_run" WHERE "pipeline_id" = ${pipeline.id} AND "scheduled_for" IN (${Prisma.join(ticks)}))`;
  const opened = await inOrg(pipeline.orgId, (tx) => openIncident(tx, subject, detail, now, ranSince));
  return { missing: true, opened: opened ? 1 : 0, resolved: 0 };
}

/** Resolves open MISSED_SCHEDULE incidents no longer watched: the pipeline was paused or torn down, or the schedule changed. */
async function resolveUnwatched(watched: Watched[], now: Date): Promise<number> {
  const current = new Set(watched.flatMap((p) => p.crons.map((c) => `${p.id}\n${scheduleSubject(c.expression, c.timezone)}`)));
  return acrossOrgs(async (tx) => {
    const open = await tx.pipelineIncident.findMany({ where: { kind: 'MISSED_SCHEDULE', resolvedAt: null }, select: { id: true, pipelineId: true, subjectId: true } });
    const stale = open.filter((i) => !current.has(`${i.pipelineId}\n${i.subjectId}`)).map((i) => i.id);
    return stale.length > 0 ? resolveIncidents(tx, { id: { in: stale } }, now) : 0;
  });
}

export async function watchSchedules({ now }: { now: Date }): Promise<WatchdogPass> {
  const watched = await watchedPipelines();
  const pass: WatchdogPass = { missing: [], opened: 0, resolved: await resolveUnwatched(watched, now) };
  for (const pipeline of watched) {
    for (const cron of pipeline.crons) {
      const result = await watchCron(pipeline, cron, now);
      if (result.missing) pass.missing.push({ pipelineId: pipeline.id, subjectId: scheduleSubject(cron.expression, cron.timezone) });
      pass.opened += result.opened;
      pass.resolved += result.resolved;
    }
  }
  return pass;
}
