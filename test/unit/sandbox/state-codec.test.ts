// The sandbox's state codec (superjson with two gaps closed): what a stand-in saves comes back
// through JSON text as it was (Maps with any keys, Sets, Dates, undefined, non-finite numbers), a
// user's object comes back as the user wrote it whatever its keys, a value that would not come back
// is refused when saved, and a saved value that is not a snapshot is refused when read.
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, UnreadableSnapshot, type Snapshot } from '@/infra/local/core/state-codec';

/** Through the text a state file holds, as a restart reads it. */
function roundTrip<T>(value: T): T {
  return decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(value))) as Snapshot<T>);
}

describe('the state codec', () => {
  it('brings back Maps with non-string keys, in order, and Sets, at any depth', () => {
    const runs = new Map([
      [70_000_002, { steps: [{ index: 1, logs: ['a'] }], artifacts: new Map([[4, new Map([['run_results.json', '{}']])]]) }],
      [70_000_001, { steps: [], artifacts: new Map<number, Map<string, string>>() }],
    ]);
    const byObject = new Map<{ x: number } | null, string>([[{ x: 1 }, 'object key'], [null, 'null key']]);
    const journal = { created: new Set(['Logs', 'Queue']), nested: [new Map([['k', new Set([1, 2])]])] };
    const back = roundTrip({ runs, byObject, journal });
    expect(back).toEqual({ runs, byObject, journal });
    expect([...back.runs.keys()]).toEqual([70_000_002, 70_000_001]);
    expect(back.runs.get(70_000_002)?.artifacts.get(4)?.get('run_results.json')).toBe('{}');
    expect([...back.byObject.keys()]).toEqual([{ x: 1 }, null]);
    expect(back.journal.created).toBeInstanceOf(Set);
    expect(back.journal.nested[0]?.get('k')).toEqual(new Set([1, 2]));
  });

  it('brings back Dates, undefined fields and list items, NaN, ±Infinity and -0', () => {
    const value = { at: new Date('2026-01-06T09:45:00.123Z'), gone: undefined, list: [undefined, 1], nan: Number.NaN, up: Infinity, down: -Infinity, zero: -0 };
    const back = roundTrip(value);
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2026-01-06T09:45:00.123Z');
    expect(Object.keys(back)).toContain('gone');
    expect(back.gone).toBeUndefined();
    expect(back.list).toEqual([undefined, 1]);
    expect(back.nan).toBeNaN();
    expect([back.up, back.down]).toEqual([Infinity, -Infinity]);
    expect(Object.is(back.zero, -0)).toBe(true);
  });

  it('gives back a user object with tag-like keys exactly as written, never as a Map or Set', () => {
    const configuration = { $map: [['not', 'a map']], $set: [1], $object: { x: 1 }, $$x: 2, $: true, 'dotted.key': new Map([['a.b', 1]]) };
    const back = roundTrip({ configuration, list: [{ $map: 5 }] });
    expect(back).toEqual({ configuration, list: [{ $map: 5 }] });
    expect(back.configuration.$map).toEqual([['not', 'a map']]);
    expect(back.configuration.$set).not.toBeInstanceOf(Set);
    expect(back.configuration['dotted.key'].get('a.b')).toBe(1);
  });

  it('saves and gives back user objects with __proto__, constructor or prototype keys as plain keys', () => {
    const template = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "inner": {"prototype": 1}}') as Record<string, unknown>;
    template.cursors = new Map([['customers', new Date(0)]]);
    const back = roundTrip({ template });
    expect(Object.getPrototypeOf(back.template)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back.template, '__proto__')?.value).toEqual({ polluted: true });
    expect(back.template).toMatchObject({ constructor: 'c', inner: { prototype: 1 } });
    expect((back.template.cursors as Map<string, Date>).get('customers')).toEqual(new Date(0));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps objects shared within a snapshot shared', () => {
    const binding = { schema: 'marts' };
    const back = roundTrip({ a: { binding }, b: { binding } });
    expect(back.a.binding).toBe(back.b.binding);
  });

  it('refuses to save what would not come back (a class instance, a function, a symbol)', () => {
    class Registry {
      tasks = new Map([['t', 1]]);
    }
    expect(() => encodeSnapshot({ registry: new Registry() })).toThrow(/Registry/);
    expect(() => encodeSnapshot({ run: () => 1 })).toThrow(/function/);
    expect(() => encodeSnapshot({ tag: Symbol('x') })).toThrow(/symbol/);
  });

  it('refuses a saved value that is not a snapshot, or whose type notes do not fit its data', () => {
    const refused = (saved: unknown) => () => decodeSnapshot(saved as Snapshot<unknown>);
    for (const saved of [null, 5, 'text', [], {}, { meta: {} }, { json: {}, meta: 5 }, { json: {}, meta: { values: 'map' } }, { json: {}, meta: { v: 'one' } }]) {
      expect(refused(saved), JSON.stringify(saved)).toThrow(UnreadableSnapshot);
    }
    // Shaped like a snapshot, but its notes do not match its data.
    expect(refused({ json: { a: 1 }, meta: { values: { a: ['map'] } } })).toThrow(/does not decode/);
    expect(refused({ json: { a: 1 }, meta: { values: { a: ['no-such-type'] } } })).toThrow(UnreadableSnapshot);
    expect(refused({ json: {}, meta: { values: { '__proto__.polluted': ['undefined'] } } })).toThrow(UnreadableSnapshot);
    expect(refused({ json: { a: null }, meta: { values: { a: [['custom', 'refused']] } } })).toThrow(UnreadableSnapshot);
  });
});
