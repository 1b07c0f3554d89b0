// How dbt Cloud writes times and durations: timestamps as Python prints an aware datetime
// (`2024-05-01 12:00:00.123000+00:00`, which RFC 3339 validators accept), durations as
// `HH:MM:SS` plus a humanized form ("1 minute, 5 seconds"), and ages as "3 minutes ago".

export function dbtTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

/** dbt's own artifacts use ISO 8601 with microseconds and a Z. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export function clockDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

function unit(n: number, name: string): string {
  return `${n} ${name}${n === 1 ? '' : 's'}`;
}

export function humanDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')}, ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0) return seconds > 0 ? `${unit(minutes, 'minute')}, ${unit(seconds, 'second')}` : unit(minutes, 'minute');
  return unit(seconds, 'second');
}

export function humanAgo(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${unit(seconds, 'second')} ago`;
  if (seconds < 3600) return `${unit(Math.floor(seconds / 60), 'minute')} ago`;
  if (seconds < 86_400) return `${unit(Math.floor(seconds / 3600), 'hour')} ago`;
  return `${unit(Math.floor(seconds / 86_400), 'day')} ago`;
}

/** Log lines as dbt prints them: `HH:MM:SS  message`. */
export function logLine(ms: number, text: string): string {
  return `${new Date(ms).toISOString().slice(11, 19)}  ${text}`;
}
