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
});
