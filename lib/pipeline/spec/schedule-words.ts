// A source's sync schedule in words ("Every hour at :00 (UTC)"), for the wizard next to the cron
// expression and for the review. Client-safe: only the cron module's pure checks, no zod. Common
// shapes get a sentence a person would say; anything else is read field by field, never guessed.
import { cronProblem } from './cron';

/** The cron schedules offered by name; anything else is a custom expression. */
export const SCHEDULE_PRESETS = [
  { id: 'hourly', label: 'Hourly', expression: '0 * * * *' },
  { id: 'daily', label: 'Daily', expression: '0 0 * * *' },
] as const;

export type SchedulePresetId = (typeof SCHEDULE_PRESETS)[number]['id'] | 'custom';

/** The preset an expression is, or `custom` (whitespace between fields does not matter). */
export function presetOf(expression: string): SchedulePresetId {
  const normal = expression.trim().split(/\s+/).join(' ');
  return SCHEDULE_PRESETS.find((p) => p.expression === normal)?.id ?? 'custom';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_CODES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_CODES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type Unit = 'minute' | 'hour' | 'day' | 'month' | 'weekday';

const isNumber = (part: string) => /^\d+$/.test(part);
const pad = (n: string) => n.padStart(2, '0');

/** One value of a field as said: 9 → "9", MON or 1 → "Monday", 3 → "March". */
function valueWord(value: string, unit: Unit): string {
  const upper = value.toUpperCase();
  if (unit === 'weekday') return DAYS[isNumber(value) ? Number(value) % 7 : DAY_CODES.indexOf(upper)] ?? value;
  if (unit === 'month') return MONTHS[isNumber(value) ? Number(value) - 1 : MONTH_CODES.indexOf(upper)] ?? value;
  return value;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** One comma-separated item: `5`, `1-5`, `*\/15`, `10-40/10`. */
function itemWords(item: string, unit: Unit): string {
  const [range = '', step] = item.split('/');
  const span = range === '*' ? '' : range.split('-').map((v) => valueWord(v, unit)).join(' to ');
  if (step === undefined) return span;
  return `every ${ordinal(Number(step))} ${unit === 'weekday' ? 'day of the week' : unit}${span ? ` from ${span}` : ''}`;
}

/** "a", "a and b", "a, b and c". */
function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function listWords(part: string, unit: Unit): string {
  return joinWords(part.split(',').map((item) => itemWords(item, unit)));
}

/** "every hour", "every 6 hours". */
const every = (n: string | undefined, unit: string) => (n === '1' ? `every ${unit}` : `every ${n ?? ''} ${unit}s`);

/** A field as a phrase: "every 10th minute from 10 to 40", or "minute 5 to 10" after `at`/`past`. */
function fieldPhrase(part: string, unit: Unit, lead: string): string {
  const said = listWords(part, unit);
  return said.startsWith('every') ? said : `${lead} ${unit}${/[,-]/.test(part) && unit === 'day' ? 's' : ''} ${said}`;
}

/** How often within a day, and whether that is a fixed clock time (so "every day" applies). */
function timeWords(minute: string, hour: string): { words: string; clock: boolean } {
  const hours = hour.split(',');
  // Fixed clock times: "at 02:30", "at 06:00 and 18:00".
  if (isNumber(minute) && hours.every(isNumber)) return { words: `at ${joinWords(hours.map((h) => `${pad(h)}:${pad(minute)}`))}`, clock: true };
  const hourStep = /^\*\/(\d+)$/.exec(hour);
  const minuteStep = /^\*\/(\d+)$/.exec(minute);
  let words: string;
  if (isNumber(minute) && hour === '*') words = `every hour at :${pad(minute)}`;
  else if (isNumber(minute) && hourStep) words = `${every(hourStep[1], 'hour')} at :${pad(minute)}`;
  else if (minute === '*' && hour === '*') words = 'every minute';
  else if (minuteStep && hour === '*') words = every(minuteStep[1], 'minute');
  else {
    const minutes = minute === '*' ? 'every minute' : fieldPhrase(minute, 'minute', 'at');
    const hoursSaid = listWords(hour, 'hour');
    words = hour === '*' ? minutes : `${minutes} past ${hoursSaid.startsWith('every') ? hoursSaid : `hour ${hoursSaid}`}`;
  }
  return { words, clock: false };
}

/** Which days: "" for every day, else " on Monday to Friday", " on day 1 of the month", " in March". */
function dayWords(dom: string, month: string, dow: string): string {
  let words = '';
  if (dow !== '*') words += ` on ${listWords(dow, 'weekday')}`;
  if (dom !== '*') words += ` on ${fieldPhrase(dom, 'day', '').trim()} of the month`;
  if (month !== '*') words += ` in ${listWords(month, 'month')}`;
  return words;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A valid 5-field cron expression in words; undefined when cron.ts refuses it. */
export function cronInWords(expression: string): string | undefined {
  if (cronProblem(expression) !== undefined) return undefined;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = expression.trim().split(/\s+/);
  const time = timeWords(minute, hour);
  const days = dayWords(dom, month, dow);
  // A fixed time with no day restriction happens every day: say so.
  if (time.clock && days === '') return `Every day ${time.words}`;
  return capitalize(`${time.words}${days}`);
}

/** A draft's schedule in words, or undefined when it is incomplete or invalid (the form says why). */
export function scheduleInWords(schedule: unknown): string | undefined {
  if (typeof schedule !== 'object' || schedule === null) return undefined;
  const { kind, expression, timezone } = schedule as Record<string, unknown>;
  if (kind === 'manual') return 'Manual: syncs run only when started by hand';
  if (kind !== 'cron' || typeof expression !== 'string') return undefined;
  const words = cronInWords(expression);
  if (!words) return undefined;
  return typeof timezone === 'string' && timezone.trim() !== '' ? `${words} (${timezone.trim()})` : words;
}
