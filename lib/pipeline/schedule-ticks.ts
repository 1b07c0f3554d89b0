// When a source's cron schedule fires, in its own time zone. cron-parser (pg-boss's own cron
// dependency) does the calendar arithmetic, daylight-saving changes included.
import parser from 'cron-parser';

/** The latest tick of `expression` at or before `now`, if it fell within the last minute. */
export function dueTick(expression: string, timezone: string, now: Date): Date | undefined {
  const previous = parser.parseExpression(expression, { currentDate: new Date(now.getTime() + 1), tz: timezone }).prev().toDate();
  return now.getTime() - previous.getTime() < 60_000 ? previous : undefined;
}
