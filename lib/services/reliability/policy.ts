// The thresholds of self-healing (REL-6), in one place so the reconciler, the watchdog, the
// notices and the tests agree on them.
import { servicePollMs } from '@/lib/services/deployments/step-types';

/**
 * A RUNNING run with no progress signal for this long is STALLED: max(3 × its poll interval,
 * 15 min). Runs poll Airbyte, dbt and Grouparoo at the unwatched cadence (advance-run passes
 * `watched: false`), the slowest one, so this is the longest three polls can take.
 */
export const RUN_STALL_AFTER_MS = Math.max(3 * servicePollMs(false), 15 * 60_000);

/**
 * A non-terminal row whose tick has been due this long has been left behind: the stepper claims
 * due rows within about a second, so a row this overdue has no worker looking after it.
 */
export const ORPHAN_AFTER_MS = 10 * 60_000;

/** A fire time counts only this long after it passed: the scheduler fires within its minute and may be late by a retry. */
export const SCHEDULE_GRACE_MS = 2 * 60_000;

/** The scheduler makes a tick's run within this window after the tick (lib/pipeline/schedule-ticks.ts dueTick). */
export const SCHEDULE_WINDOW_MS = 60_000;

/** How many consecutive fire times must start no run before the watchdog raises MISSED_SCHEDULE. */
export const MISSES_TO_FLAG = 2;
