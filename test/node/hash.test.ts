import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/runtime/hash.js';

const viaHashObject = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the published SHA-256 of the empty string and of "abc"', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes the same UTF-8 bytes as a Hash object did, so stored hashes still verify', () => {
    const texts = [
      'Bus fares to a job interview: £12.50',
      'café 😀 ☕',
      'half a pair \ud800 and \udc00 alone',
      '\u0000\uffff',
      'x'.repeat(100_000),
    ];
    for (const text of texts) expect(sha256Hex(text), text.slice(0, 20)).toBe(viaHashObject(text));
  });
});
