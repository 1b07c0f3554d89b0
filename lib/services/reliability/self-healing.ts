// The worker's self-healing loop (REL-6): the reconciler and the schedule watchdog, once at boot
// and then every minute on the worker's own timer. A timer and not a pg-boss cron job, because
// the watchdog exists to notice when pg-boss's cron stops firing (its schedule row deleted, its
// queue wedged); every worker runs it, which is safe because each pass is conditional writes.
import type { Logger } from 'pino';
import { reconcile } from './reconcile';
import { watchSchedules } from './schedule-watchdog';

export const SELF_HEALING_INTERVAL_MS = 60_000;

export interface SelfHealingOptions {
  log: Logger;
  intervalMs?: number;
  /** More upkeep for each pass (the worker re-registers its cron schedules). */
  also?: () => Promise<void>;
}

/** One pass; every part runs even when another fails, and says what it repaired or found. */
export async function selfHealingPass(log: Logger, now: Date, also?: () => Promise<void>): Promise<void> {
  try {
    const { reattached, runs, deployments } = await reconcile({ now });
    if (reattached.runs.length + reattached.deployments.length > 0) log.warn({ ...reattached }, 'reconciler re-attached work that had no tick due');
    if (runs.stalled.length > 0) log.warn({ runs: runs.stalled }, 'runs stalled: no progress signal');
    if (deployments.opened > 0) log.warn({ deployments: deployments.flagged }, 'deployments stalled: the stack has sent no event');
  } catch (error) {
    log.error({ err: error }, 'reconciler pass failed');
  }
  try {
    const { missing, opened } = await watchSchedules({ now });
    if (opened > 0) log.warn({ missing }, 'schedules missed their last fire times: is the scheduler running?');
  } catch (error) {
    log.error({ err: error }, 'schedule watchdog pass failed');
  }
  if (also) await also().catch((error: unknown) => log.warn({ err: error }, 'self-healing upkeep failed'));
}

/** Starts the loop (a pass at once, then one per interval, never two at a time); the returned function stops it. */
export function startSelfHealing(options: SelfHealingOptions): () => Promise<void> {
  const interval = options.intervalMs ?? SELF_HEALING_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    current = selfHealingPass(options.log, new Date(), options.also).finally(() => {
      if (!stopped) timer = setTimeout(loop, interval);
    });
  };
  loop();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}
