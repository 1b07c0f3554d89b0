// Dates rendered on the server in UTC, labelled as such, so what the page says does not
// depend on the server's or the browser's time zone.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "2026-11-24 11:02:03", for logs where sorting by eye matters. */
export function isoSeconds(value: Date): string {
  return value.toISOString().slice(0, 19).replace('T', ' ');
}

interface DateTimeProps {
  value: Date | null | undefined;
  /** "date": 24 Nov 2026; "datetime": 24 Nov 2026, 11:02 UTC; "iso": 2026-11-24 11:02:03 */
  format?: 'date' | 'datetime' | 'iso';
  empty?: string;
}

export function DateTime({ value, format = 'datetime', empty = 'Never' }: DateTimeProps) {
  if (!value) return <span className="text-muted">{empty}</span>;
  const text = format === 'date' ? DATE.format(value) : format === 'iso' ? isoSeconds(value) : `${DATE_TIME.format(value)} UTC`;
  return (
    <time dateTime={value.toISOString()} title={`${isoSeconds(value)} UTC`} className="whitespace-nowrap">
      {text}
    </time>
  );
}
