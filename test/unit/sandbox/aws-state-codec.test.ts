// The AWS stand-in's state codec: Maps and Sets (nested in arrays and objects) survive a trip
// through JSON text, a user's template that looks like a tag comes back as the user wrote it, and
// a tag holding the wrong thing is refused rather than guessed at.
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '@/infra/local/aws/state-codec';

function roundTrip<T>(value: T): T {
  return decodeState<T>(JSON.parse(JSON.stringify(encodeState(value))));
}

describe('the state codec', () => {
  it('brings back Maps and Sets wherever they sit, with their order and key types', () => {
    const stack = {
      resources: new Map([
        ['Vpc', { status: 'CREATE_COMPLETE', attributes: { CidrBlockAssociations: ['a', 'b'] } }],
        ['Subnet', { status: 'CREATE_IN_PROGRESS', attributes: {} }],
      ]),
      journal: { created: new Set(['Logs', 'Queue']), replacedNew: new Map([['Subnet', 'subnet-0new']]) },
      revisions: new Map([[2, [{ revision: 2 }]]]),
      nested: [new Map([['k', new Set([1, 2])]])],
    };
    const back = roundTrip(stack);
    expect(back).toEqual(stack);
    expect([...back.resources.keys()]).toEqual(['Vpc', 'Subnet']);
    expect(back.revisions.get(2)).toEqual([{ revision: 2 }]);
    expect(back.nested[0]?.get('k')).toBeInstanceOf(Set);
  });

  it('keeps a plain object that looks like a tag as it was written', () => {
    const template = { Metadata: { $map: [['not', 'a map']] }, Other: { $set: 5 }, Wrapped: { $object: { x: 1 } }, Two: { $map: [], y: 1 } };
    expect(roundTrip(template)).toEqual(template);
  });

  it('leaves undefined fields out, turns undefined list items and non-finite numbers into null', () => {
    expect(encodeState({ a: undefined, b: [undefined, 1], c: Number.NaN, d: Infinity })).toEqual({ b: [null, 1], c: null, d: null });
  });

  it('refuses what JSON cannot hold, and tags that hold the wrong thing', () => {
    expect(() => encodeState({ run: () => 1 })).toThrow(/function/);
    expect(() => encodeState(10n)).toThrow(/bigint/);
    expect(() => decodeState({ $map: 5 })).toThrow(TypeError);
    expect(() => decodeState({ $map: [['only a key']] })).toThrow(/pairs/);
    expect(() => decodeState({ $set: { a: 1 } })).toThrow(TypeError);
  });
});
