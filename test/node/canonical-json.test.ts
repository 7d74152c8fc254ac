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
});
