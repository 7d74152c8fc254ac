import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/ledger/hash.js';

// Idempotency fingerprints already stored were made from this exact text: a change to it would
// turn a client's honest retry into a 409.
describe('canonicalJson', () => {
  it('writes keys in order, drops undefined members and keeps array places', () => {
    expect(
      canonicalJson({
        b: [1, { d: undefined, c: 'x"é' }, undefined, null],
        a: null,
        A: { z: true, y: [] },
        '10': -1.5,
        '2': {},
      }),
    ).toBe('{"10":-1.5,"2":{},"A":{"y":[],"z":true},"a":null,"b":[1,{"c":"x\\"é"},null,null]}');
  });

  it('writes a lone value as JSON does', () => {
    expect([canonicalJson('x'), canonicalJson(undefined), canonicalJson([])]).toEqual([
      '"x"',
      'null',
      '[]',
    ]);
  });

  it('quotes keys the same the second time and past the keys it remembers', () => {
    const odd = { 'q"\\é\n': 1 };
    expect(canonicalJson([odd, odd])).toBe('[{"q\\"\\\\é\\n":1},{"q\\"\\\\é\\n":1}]');
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}"`, i]));
    expect(canonicalJson(many)).toBe(canonicalJson(many));
    expect(JSON.parse(canonicalJson(many))).toEqual(many);
  });

  it('writes what it always wrote, whether the keys come in order or not', () => {
    // The text as canonicalJson first wrote it, for every value: the keys sorted by `<`, members
    // left undefined dropped, anything else as JSON.stringify writes it.
    const first = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(first).join(',')}]`;
      if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record)
          .sort()
          .filter((k) => record[k] !== undefined);
        return `{${keys.map((k) => `${JSON.stringify(k)}:${first(record[k])}`).join(',')}}`;
      }
      return JSON.stringify(value) ?? 'null';
    };
    // The same value with every object's keys put in order, as a handler in a hurry gives them.
    const ordered = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(ordered);
      if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        return Object.fromEntries(
          Object.keys(record)
            .sort()
            .map((k) => [k, ordered(record[k])]),
        );
      }
      return value;
    };
    const values = fc.oneof(
      fc.jsonValue(),
      fc.jsonValue().map(ordered),
      fc.anything({ withNullPrototype: true, withDate: true, withBoxedValues: true }).map(ordered),
      fc.anything({ withNullPrototype: true, withDate: true, withBoxedValues: true }),
    );
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(first(value));
      }),
      { seed: 20261202, numRuns: 3000 },
    );
    for (const odd of [
      { b: 1, a: 2 },
      { a: 1, b: undefined },
      { '9': 1, '10': 2 },
      { a: new Date(0) },
      [1, undefined, () => 1],
      { a: -0, b: Number.NaN, c: Number.POSITIVE_INFINITY },
    ])
      expect(canonicalJson(odd)).toBe(first(odd));
  });
});
