// Numbers of the run pages in words people scan quickly: rows with thousands separators, bytes in
// SI units (1 kB = 1000 B, as Airbyte's sync summaries count them), durations in the two largest
// units that matter ("3 min 4 s", "1 h 2 min"). Pure, so server components and tests share them.

const ROWS = new Intl.NumberFormat('en');
const ONE_DECIMAL = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

export function formatRows(rows: number): string {
  return `${ROWS.format(rows)} ${rows === 1 ? 'row' : 'rows'}`;
}

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : ONE_DECIMAL.format(value)} ${BYTE_UNITS[unit]}`;
}

const SPANS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${ONE_DECIMAL.format(Math.floor(ms / 100) / 10)} s`;
  const at = SPANS.findIndex(([, size]) => ms >= size);
  const [unit, size] = SPANS[at] ?? ['s', 1_000];
  const whole = Math.floor(ms / size);
  const next = SPANS[at + 1];
  const rest = next ? Math.floor((ms - whole * size) / next[1]) : 0;
  // "2 h" rather than "2 h 0 min".
  return next && rest > 0 ? `${whole} ${unit} ${rest} ${next[0]}` : `${whole} ${unit}`;
}

/** 0…1 as "97.5%"; whole numbers without a decimal. */
export function formatPercent(ratio: number): string {
  return `${ONE_DECIMAL.format(ratio * 100)}%`;
}
