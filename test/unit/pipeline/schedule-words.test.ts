// Schedules in words: the sentence next to the cron input and in the review must say what the
// expression does, and say nothing for an expression the server refuses (the form shows why).
import { describe, expect, it } from 'vitest';
import { cronProblem } from '@/lib/pipeline/spec/cron';
import { cronInWords, presetOf, SCHEDULE_PRESETS, scheduleInWords } from '@/lib/pipeline/spec/schedule-words';

describe('cronInWords', () => {
  it.each([
    ['0 * * * *', 'Every hour at :00'],
    ['15 * * * *', 'Every hour at :15'],
    ['0 0 * * *', 'Every day at 00:00'],
    ['30 2 * * *', 'Every day at 02:30'],
    ['0 6,18 * * *', 'Every day at 06:00 and 18:00'],
    ['15 */6 * * *', 'Every 6 hours at :15'],
    ['0 */1 * * *', 'Every hour at :00'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['* * * * *', 'Every minute'],
    ['0 9 * * 1-5', 'At 09:00 on Monday to Friday'],
    ['0 9 * * MON,wed', 'At 09:00 on Monday and Wednesday'],
    ['0 9 * * 7', 'At 09:00 on Sunday'],
    ['0 3 1 * *', 'At 03:00 on day 1 of the month'],
    ['0 3 1,15 * *', 'At 03:00 on days 1 and 15 of the month'],
    ['0 0 1 1 *', 'At 00:00 on day 1 of the month in January'],
    ['0 0 * JUN-AUG 0', 'At 00:00 on Sunday in June to August'],
    ['5-10 * * * *', 'At minute 5 to 10'],
    ['10-40/10 * * * *', 'Every 10th minute from 10 to 40'],
    ['0 9-17 * * *', 'At minute 0 past hour 9 to 17'],
    ['  0   *  * * *  ', 'Every hour at :00'],
  ])('%s → %s', (expression, words) => {
    expect(cronInWords(expression)).toBe(words);
  });

  it('says nothing exactly where cron.ts refuses the expression', () => {
    const samples = ['', 'bad', '0 * * *', '60 * * * *', '0 24 * * *', '0 0 32 * *', '0 0 * 13 *', '0 0 * * 8', '0 9 1 * 1', '*/0 * * * *', '0 0 * FOO *', ...SCHEDULE_PRESETS.map((p) => p.expression)];
    for (const expression of samples) {
      expect(cronInWords(expression) === undefined, expression).toBe(cronProblem(expression) !== undefined);
    }
  });
});

describe('scheduleInWords', () => {
  it('adds the time zone, says manual plainly, and nothing for a half-filled schedule', () => {
    expect(scheduleInWords({ kind: 'cron', expression: '0 * * * *', timezone: 'UTC' })).toBe('Every hour at :00 (UTC)');
    expect(scheduleInWords({ kind: 'cron', expression: '30 2 * * *', timezone: 'Europe/Paris' })).toBe('Every day at 02:30 (Europe/Paris)');
    expect(scheduleInWords({ kind: 'cron', expression: '0 * * * *', timezone: ' ' })).toBe('Every hour at :00');
    expect(scheduleInWords({ kind: 'manual' })).toBe('Manual: syncs run only when started by hand');
    expect(scheduleInWords({ kind: 'cron', expression: '0 * *' })).toBeUndefined();
    expect(scheduleInWords({ kind: 'weekly' })).toBeUndefined();
    expect(scheduleInWords('0 * * * *')).toBeUndefined();
    expect(scheduleInWords(undefined)).toBeUndefined();
  });
});

describe('presetOf', () => {
  it('names the presets whatever the spacing, and anything else custom', () => {
    expect(presetOf('0 * * * *')).toBe('hourly');
    expect(presetOf(' 0  0 * * * ')).toBe('daily');
    expect(presetOf('0 1 * * *')).toBe('custom');
    expect(presetOf('')).toBe('custom');
  });
});
