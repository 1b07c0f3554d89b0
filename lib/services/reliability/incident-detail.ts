// What an incident's `detail` holds, per kind: enough for a notice to say what happened in plain
// words (and for alerts to say it again) without reading the run, deployment or schedule.
// Parsed on the way out, so a row written by an older version reads as "no detail", not a crash.
import { z } from 'zod';
import type { IncidentKind } from '@/lib/generated/prisma/enums';

export const StalledRunDetail = z.object({
  runNumber: z.number().int(),
  /** ISO time of the run's last progress signal. */
  lastProgressAt: z.string(),
  /** The stage that was running, if any. */
  stage: z.enum(['INGEST', 'TRANSFORM', 'SYNC']).nullable(),
  /** The systems the stage's unfinished jobs run on (airbyte, ecs, dbt_cloud, grouparoo). */
  systems: z.array(z.string()),
});

export const StalledDeploymentDetail = z.object({
  step: z.string(),
  stackName: z.string(),
  /** ISO time of the stack's last event, when known. */
  lastEventAt: z.string().nullable(),
});

export const MissedScheduleDetail = z.object({
  expression: z.string(),
  timezone: z.string(),
  /** ISO fire times that started no run, oldest first. */
  missed: z.array(z.string()),
});

export type StalledRunDetail = z.infer<typeof StalledRunDetail>;
export type StalledDeploymentDetail = z.infer<typeof StalledDeploymentDetail>;
export type MissedScheduleDetail = z.infer<typeof MissedScheduleDetail>;

export type IncidentDetail =
  | { kind: 'STALLED_RUN'; detail: StalledRunDetail }
  | { kind: 'STALLED_DEPLOYMENT'; detail: StalledDeploymentDetail }
  | { kind: 'MISSED_SCHEDULE'; detail: MissedScheduleDetail };

/** The detail of a row, or undefined when it does not have the shape its kind promises. */
export function parseIncidentDetail(kind: IncidentKind, detail: unknown): IncidentDetail | undefined {
  switch (kind) {
    case 'STALLED_RUN': {
      const parsed = StalledRunDetail.safeParse(detail);
      return parsed.success ? { kind, detail: parsed.data } : undefined;
    }
    case 'STALLED_DEPLOYMENT': {
      const parsed = StalledDeploymentDetail.safeParse(detail);
      return parsed.success ? { kind, detail: parsed.data } : undefined;
    }
    case 'MISSED_SCHEDULE': {
      const parsed = MissedScheduleDetail.safeParse(detail);
      return parsed.success ? { kind, detail: parsed.data } : undefined;
    }
  }
}

/** The subject of a MISSED_SCHEDULE incident: one per distinct cron schedule of a pipeline. */
export function scheduleSubject(expression: string, timezone: string): string {
  return `${expression} ${timezone}`;
}
