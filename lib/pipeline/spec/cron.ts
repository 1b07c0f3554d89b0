// Sync schedules as a data engineer writes them: a standard 5-field cron expression (minute, hour,
// day of month, month, day of week) and an IANA time zone. Airbyte wants Quartz (seconds first,
// `?` in one of the day fields), so `toQuartzCron` converts when connections are registered.

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 0 and 7 are both Sunday, as in crontab.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

function valueOk(value: string, field: CronField): boolean {
  if (/^\d+$/.test(value)) return Number(value) >= field.min && Number(value) <= field.max;
  return field.names?.includes(value.toUpperCase()) ?? false;
}

function partOk(part: string, field: CronField): boolean {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  return bounds.length <= 2 && bounds.every((b) => valueOk(b, field));
}

/** Why a 5-field cron expression is refused, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5) return `A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${parts.length}`;
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i] as CronField;
    if (!part.split(',').every((p) => partOk(p, field))) return `Invalid ${field.name} in the cron expression: ${part}`;
  }
  // Airbyte's (Quartz) schedules take one of the two day fields only, where crontab would OR them.
  if (parts[2] !== '*' && parts[4] !== '*') return 'Restrict either the day of month or the day of week, not both';
  return undefined;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The Quartz form Airbyte's connection schedules take (`0 m h dom mon dow`, one day field `?`). */
export function toQuartzCron(expression: string): string {
  const [minute, hour, dom, month, dow] = expression.trim().split(/\s+/) as [string, string, string, string, string];
  // Quartz numbers weekdays 1–7 from Sunday; crontab 0–7 (0 and 7 Sunday).
  const quartzDow = dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  if (dow === '*') return `0 ${minute} ${hour} ${dom} ${month} ?`;
  return `0 ${minute} ${hour} ${dom === '*' ? '?' : dom} ${month} ${quartzDow}`;
}
