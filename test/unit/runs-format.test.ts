// The run pages' numbers in words: rows, SI bytes, durations in their two largest units, percentages.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatPercent, formatRows } from '@/components/runs/format';

describe('run formatters', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1_000, '1 kB'],
    [1_536, '1.5 kB'],
    [6_200_000, '6.2 MB'],
    [3_000_000_000_000, '3 TB'],
    [5e18, '5,000 PB'],
  ])('bytes %d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [4_250, '4.2 s'],
    [42_000, '42 s'],
    [184_000, '3 min 4 s'],
    [180_000, '3 min'],
    [3_720_000, '1 h 2 min'],
    [7_200_000, '2 h'],
    [2 * 86_400_000 + 3 * 3_600_000 + 59_000, '2 d 3 h'],
  ])('duration %d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('counts rows with separators and the right noun, and ratios as percentages', () => {
    expect(formatRows(1)).toBe('1 row');
    expect(formatRows(12_345)).toBe('12,345 rows');
    expect(formatPercent(0.8)).toBe('80%');
    expect(formatPercent(0.9751)).toBe('97.5%');
    expect(formatPercent(1)).toBe('100%');
  });
});
