// The most recent fire times of a cron schedule, for the watchdog: the same calendar arithmetic as
// the scheduler's (cron-parser, in the schedule's own time zone, daylight saving included).
import parser from 'cron-parser';

/**
 * Up to `count` fire times of `expression` at or before `until`, newest first, none before
 * `since` (a schedule cannot have missed a tick from before it was in force).
 */
export function recentFireTimes(expression: string, timezone: string, until: Date, count: number, since: Date): Date[] {
  const times: Date[] = [];
  try {
    const ticks = parser.parseExpression(expression, { currentDate: new Date(until.getTime() + 1), tz: timezone });
    while (times.length < count) {
      const tick = ticks.prev().toDate();
      if (tick < since) break;
      times.push(tick);
    }
  } catch {
    // An expression cron-parser cannot walk (the spec validates them, so none should reach here)
    // has no fire times to miss; the scheduler cannot fire it either.
  }
  return times;
}
