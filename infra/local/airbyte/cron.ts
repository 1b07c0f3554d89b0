// Connection cron schedules as Airbyte accepts them (AirbyteCatalogHelper.validateCronConfiguration):
// a Quartz expression — seconds, minutes, hours, day of month, month, day of week, optional year —
// optionally followed by ` UTC`; the seconds (and, in a 7-part expression, the minutes) must be
// plain numbers, which keeps schedules from firing more than once a minute. Returns Airbyte's
// message for a refused expression, or undefined when it is valid.

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  specials: RegExp;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: FieldRule[] = [
  { name: 'second', min: 0, max: 59, specials: /^$/ },
  { name: 'minute', min: 0, max: 59, specials: /^$/ },
  { name: 'hour', min: 0, max: 23, specials: /^$/ },
  { name: 'day of month', min: 1, max: 31, specials: /^(\?|L|LW|\d{1,2}W|L-\d{1,2})$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS, specials: /^$/ },
  { name: 'day of week', min: 1, max: 7, names: DAYS, specials: /^(\?|L|\d#\d|\dL)$/ },
  { name: 'year', min: 1970, max: 2099, specials: /^$/ },
];

function valueOk(value: string, rule: FieldRule): boolean {
  if (/^\d+$/.test(value)) return Number(value) >= rule.min && Number(value) <= rule.max;
  return rule.names?.includes(value.toUpperCase()) ?? false;
}

function partOk(part: string, rule: FieldRule): boolean {
  if (part === '*' || rule.specials.test(part)) return true;
  const [range = '', step] = part.split('/');
  if (step !== undefined && !/^\d+$/.test(step)) return false;
  if (range === '*') return step !== undefined;
  const bounds = range.split('-');
  return bounds.length <= 2 && bounds.every((b) => valueOk(b, rule));
}

function invalid(original: string, error: string): string {
  return (
    `The cron expression ${original} is not valid. Error: ${error}` +
    '. Please check the cron expression format at https://www.quartz-scheduler.org/documentation/quartz-2.3.0/tutorials/crontrigger.html'
  );
}

/** Strips the ` UTC` suffix Airbyte tolerates (normalizeCronExpression). */
export function normalizeCron(expression: string): string {
  return expression.endsWith('UTC') ? expression.replace('UTC', '').trim() : expression;
}

export function cronProblem(original: string): string | undefined {
  const parts = normalizeCron(original).split(/\s+/).filter(Boolean);
  if (parts.length !== 6 && parts.length !== 7) return invalid(original, `Cron expression contains ${parts.length} parts but we expect one of [6, 7]`);
  for (const [i, field] of parts.entries()) {
    const rule = FIELDS[i] as FieldRule;
    if (!field.split(',').every((p) => partOk(p, rule))) return invalid(original, `Invalid ${rule.name} value: ${field}`);
  }
  if ((parts[3] === '?') === (parts[5] === '?')) {
    return invalid(original, 'Both, a day-of-week AND a day-of-month parameter, are not supported.');
  }
  if (!/^\d+$/.test(parts[0] ?? '') || (parts.length === 7 && !/^\d+$/.test(parts[1] ?? ''))) {
    return `The cron expression ${original} is not valid or is less than the one hour minimum. The seconds and minutes values cannot be \`*\`.`;
  }
  return undefined;
}
