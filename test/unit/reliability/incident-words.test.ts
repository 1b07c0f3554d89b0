// The watchdog's fire times (newest first, in the schedule's time zone, none from before the
// schedule was in force) and the words the incident notices use.
import { describe, expect, it } from 'vitest';
import { durationWords, fireTimesWords, incidentWords } from '@/components/pipelines/incident-notices';
import { recentFireTimes } from '@/lib/services/reliability/fire-times';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const EPOCH = new Date(0);

describe('recentFireTimes', () => {
  it('gives the latest fire times at or before the moment, newest first', () => {
    expect(iso(recentFireTimes('0 * * * *', 'UTC', new Date('2026-11-26T10:30:00Z'), 2, EPOCH))).toEqual(['2026-11-26T10:00:00.000Z', '2026-11-26T09:00:00.000Z']);
    expect(iso(recentFireTimes('0 * * * *', 'UTC', new Date('2026-11-26T10:00:00Z'), 2, EPOCH))).toEqual(['2026-11-26T10:00:00.000Z', '2026-11-26T09:00:00.000Z']);
  });

  it('counts none from before the schedule was in force', () => {
    expect(iso(recentFireTimes('0 * * * *', 'UTC', new Date('2026-11-26T10:30:00Z'), 2, new Date('2026-11-26T09:30:00Z')))).toEqual(['2026-11-26T10:00:00.000Z']);
    expect(recentFireTimes('0 * * * *', 'UTC', new Date('2026-11-26T10:30:00Z'), 2, new Date('2026-11-26T10:15:00Z'))).toEqual([]);
  });

  it('reads the schedule in its own time zone, across a daylight-saving change', () => {
    // Paris moved to summer time on 2026-03-29: 09:00 there was 08:00 UTC before, 07:00 UTC after.
    expect(iso(recentFireTimes('0 9 * * *', 'Europe/Paris', new Date('2026-03-29T12:00:00Z'), 2, EPOCH))).toEqual(['2026-03-29T07:00:00.000Z', '2026-03-28T08:00:00.000Z']);
  });

  it('has no fire times for an expression it cannot read', () => {
    expect(recentFireTimes('not a cron', 'UTC', new Date('2026-11-26T10:30:00Z'), 2, EPOCH)).toEqual([]);
  });
});

describe('incident words', () => {
  it('says how long, in the unit a person would use', () => {
    expect([30_000, 17 * 60_000, 119 * 60_000, 5 * 3_600_000, 72 * 3_600_000].map(durationWords)).toEqual(['less than a minute', '17 min', '119 min', '5 h', '3 days']);
  });

  it('gives fire times in the schedule’s time zone, with the day only when they fall on different days', () => {
    expect(fireTimesWords(['2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z'], 'UTC')).toBe('09:00, 10:00 UTC');
    expect(fireTimesWords(['2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z'], 'UTC')).toBe('25 Nov 09:00, 26 Nov 09:00 UTC');
    expect(fireTimesWords(['2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z'], 'Europe/Paris')).toBe('10:00, 11:00 Europe/Paris');
  });

  it('names what Tapestry keeps checking for a stalled run', () => {
    const now = new Date('2026-11-26T10:17:00Z');
    const stalled = (stage: 'INGEST' | 'TRANSFORM' | null, systems: string[]) =>
      incidentWords({ kind: 'STALLED_RUN', detail: { runNumber: 12, lastProgressAt: '2026-11-26T10:00:00Z', stage, systems } }, now);
    expect(stalled('INGEST', ['airbyte'])).toEqual({
      title: 'Run #12 has shown no progress for 17 min',
      body: 'Tapestry keeps checking Airbyte; cancel it or wait. The run carries on by itself as soon as Airbyte reports progress.',
    });
    expect(stalled('TRANSFORM', ['ecs']).body).toMatch(/^Tapestry keeps checking dbt on ECS; cancel it or wait/);
    expect(stalled('TRANSFORM', []).body).toMatch(/^Tapestry keeps checking dbt; /);
    expect(stalled(null, []).body).toMatch(/^Tapestry keeps checking its jobs; /);
  });

  it('asks whether the worker runs when scheduled runs did not start', () => {
    const words = incidentWords({ kind: 'MISSED_SCHEDULE', detail: { expression: '0 * * * *', timezone: 'UTC', missed: ['2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z'] } }, new Date());
    expect(words.title).toBe('2 scheduled runs did not start (09:00, 10:00 UTC): is the worker running?');
  });
});
