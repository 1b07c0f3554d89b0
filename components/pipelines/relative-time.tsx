// "5 minutes ago", with the exact UTC time as the element's datetime and tooltip. Rendered on
// the server at request time, like DateTime, so it does not depend on the browser's clock.
import { isoSeconds } from '@/components/ui/date-time';

const WORDS = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** `value` relative to `now` in words; under a minute is "just now". */
export function relativeWords(value: Date, now: Date): string {
  const seconds = (value.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return WORDS.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

export function RelativeTime({ value, now }: { value: Date; now: Date }) {
  return (
    <time dateTime={value.toISOString()} title={`${isoSeconds(value)} UTC`} className="whitespace-nowrap">
      {relativeWords(value, now)}
    </time>
  );
}
