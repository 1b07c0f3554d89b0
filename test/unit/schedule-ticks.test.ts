// Schedule ticks: a tick is due during the minute it names, in the schedule's own time zone,
// across a daylight-saving change, and never outside that minute (the scheduler runs each minute).
import { describe, expect, it } from 'vitest';
import { dueTick } from '@/lib/pipeline/schedule-ticks';

describe('dueTick', () => {
  it('fires an hourly schedule during the first minute of the hour only', () => {
    expect(dueTick('0 * * * *', 'UTC', new Date('2026-11-26T10:00:30Z'))?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(dueTick('0 * * * *', 'UTC', new Date('2026-11-26T10:00:00Z'))?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(dueTick('0 * * * *', 'UTC', new Date('2026-11-26T10:01:00Z'))).toBeUndefined();
    expect(dueTick('0 * * * *', 'UTC', new Date('2026-11-26T09:59:59Z'))).toBeUndefined();
  });

  it('reads the expression in the schedule’s time zone', () => {
    // 06:00 in Paris is 05:00 UTC in winter.
    expect(dueTick('0 6 * * *', 'Europe/Paris', new Date('2026-11-26T05:00:10Z'))?.toISOString()).toBe('2026-11-26T05:00:00.000Z');
    expect(dueTick('0 6 * * *', 'Europe/Paris', new Date('2026-11-26T06:00:10Z'))).toBeUndefined();
    // …and 04:00 UTC in summer.
    expect(dueTick('0 6 * * *', 'Europe/Paris', new Date('2026-07-01T04:00:10Z'))?.toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });

  it('gives every-five-minutes ticks on the fives, weekdays only when asked', () => {
    expect(dueTick('*/5 * * * *', 'UTC', new Date('2026-11-26T10:05:59Z'))?.toISOString()).toBe('2026-11-26T10:05:00.000Z');
    expect(dueTick('*/5 * * * *', 'UTC', new Date('2026-11-26T10:06:00Z'))).toBeUndefined();
    // 2026-11-28 is a Saturday.
    expect(dueTick('0 9 * * 1-5', 'UTC', new Date('2026-11-28T09:00:05Z'))).toBeUndefined();
    expect(dueTick('0 9 * * 1-5', 'UTC', new Date('2026-11-27T09:00:05Z'))?.toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });
});
