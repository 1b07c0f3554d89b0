import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_TIME_SCALE, sandboxTimeScale } from '@/scripts/sandbox/time-scale';

describe('TAPESTRY_SANDBOX_TIME_SCALE', () => {
  it('defaults to a pace where a sandbox deploy takes about a minute', () => {
    expect(sandboxTimeScale(undefined)).toBe(DEFAULT_SANDBOX_TIME_SCALE);
    expect(sandboxTimeScale('  ')).toBe(DEFAULT_SANDBOX_TIME_SCALE);
  });

  it('takes any pace above 0 up to AWS’s own', () => {
    expect(sandboxTimeScale('0.02')).toBe(0.02);
    expect(sandboxTimeScale('1')).toBe(1);
  });

  it.each(['0', '-1', '2', 'fast', 'NaN'])('refuses %s with a message that names the variable', (value) => {
    expect(() => sandboxTimeScale(value)).toThrow(/TAPESTRY_SANDBOX_TIME_SCALE must be a number above 0 and at most 1/);
  });
});
