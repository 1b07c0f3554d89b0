// Every background job in one table: its queue policy, an optional cron schedule and its
// handler. A job that waits on the outside world belongs here, never in a request.
import type PgBoss from 'pg-boss';
import { pruneExpiredRows } from '@/lib/jobs/handlers/maintenance';
import { deliverDueEmail } from '@/lib/mail/outbox';
import { scheduleDueRuns } from '@/lib/services/runs/schedule-runs';

export interface JobDefinition {
  queue: PgBoss.Queue;
  /** Cron expression (UTC) when the job runs on a schedule; pg-boss fires each tick once cluster-wide. */
  cron?: string;
  handler: () => Promise<void>;
}

export const JOBS = {
  /** Deletes stale throttle buckets and long-expired invitations; safe to repeat. */
  'maintenance.prune': {
    queue: { name: 'maintenance.prune', policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 300 },
    cron: '17 * * * *',
    handler: async () => {
      await pruneExpiredRows(new Date());
    },
  },
  /**
   * Sends the email outbox. The worker queues it when a commit NOTIFYs the outbox channel; the
   * cron is the sweep for retries that came due and for messages queued while no worker ran.
   * "stately": one running and at most one more waiting, however many nudges arrive.
   */
  'mail.deliver': {
    queue: { name: 'mail.deliver', policy: 'stately', retryLimit: 3, retryBackoff: true, expireInSeconds: 600 },
    cron: '* * * * *',
    handler: async () => {
      await deliverDueEmail();
    },
  },
  /**
   * Starts the runs whose schedule ticked this minute. "singleton": one at a time; a tick makes
   * one run even if this job ran twice (the run's schedule tick is unique per pipeline).
   */
  'runs.schedule': {
    queue: { name: 'runs.schedule', policy: 'singleton', retryLimit: 2, retryBackoff: true, expireInSeconds: 120 },
    cron: '* * * * *',
    handler: async () => {
      await scheduleDueRuns(new Date());
    },
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
