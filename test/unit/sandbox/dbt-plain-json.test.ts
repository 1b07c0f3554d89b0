// The dbt Cloud stand-in's state-file encoding: records with Maps (runs by id, artifacts by step
// and path) survive a trip through JSON text unchanged, and nothing a client sent can come back
// as something else.
import { describe, expect, it } from 'vitest';
import { decode, encode } from '@/infra/local/dbt-cloud/plain-json';

const roundTrip = <T>(value: T): T => decode<T>(JSON.parse(JSON.stringify(encode(value))) as ReturnType<typeof encode<T>>);

describe('plain JSON for persisted records', () => {
  it('keeps Maps at any depth, with their key types and order', () => {
    const artifacts = new Map([
      [4, new Map([['run_results.json', '{"results":[]}'], ['manifest.json', '{}']])],
      [2, new Map<string, string>()],
    ]);
    const runs = new Map([[70_000_001, { id: 70_000_001, steps: [{ index: 1, logs: ['a', 'b'] }], artifacts }]]);
    const back = roundTrip({ runs, counters: { run: 70_000_002 } });
    expect(back).toEqual({ runs, counters: { run: 70_000_002 } });
    expect([...(back.runs.get(70_000_001)?.artifacts.keys() ?? [])]).toEqual([4, 2]);
  });

  it('gives back a client object with a "$map" or "$$x" key as that object, not as a Map', () => {
    const schedule = { $map: [['cron', '0 * * * *']], $$x: 1, plain: { $: true } };
    const back = roundTrip({ definition: { schedule } });
    expect(back.definition.schedule).toEqual(schedule);
    expect(back.definition.schedule).not.toBeInstanceOf(Map);
  });

  it('drops undefined fields, as a record read back has them absent', () => {
    expect(roundTrip({ a: 1, b: undefined, c: [1, null] })).toEqual({ a: 1, c: [1, null] });
    expect(Object.keys(roundTrip({ a: 1, b: undefined }))).toEqual(['a']);
  });
});
