import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeSortableIds } from '../../src/core/ids.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The id as first made, character by character, for the same instant and bytes. */
function firstWay(prefix: string, instant: number, bytes: Uint8Array): string {
  let ms = instant;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % 32];
  return `${prefix}_${time}${tail}`;
}

describe('timeSortableIds', () => {
  it('writes the time and the random bytes as it always did, one instant or many', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 2 ** 45 }),
            fc.uint8Array({ minLength: 16, maxLength: 16 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (draws) => {
          let at = 0;
          const ids = timeSortableIds(
            () => new Date(draws[at]![0]),
            (bytes) => bytes.set(draws[at]![1]),
          );
          for (at = 0; at < draws.length; at++) {
            const [instant, bytes] = draws[at]!;
            expect(ids('ent')).toBe(firstWay('ent', instant, bytes));
          }
        },
      ),
      { seed: 20261202 },
    );
  });

  it('sorts by time, and draws different random characters for ids of the same millisecond', () => {
    let now = Date.UTC(2026, 11, 2, 10, 0, 0);
    const ids = timeSortableIds(() => new Date(now));
    const first = ids('ent');
    const second = ids('ent');
    now += 1;
    const later = ids('ent');
    expect(first).toMatch(/^ent_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(first.slice(0, 14)).toBe(second.slice(0, 14));
    expect(first).not.toBe(second);
    expect(later > first && later > second).toBe(true);
    // A thousand in one millisecond, all different (80 random bits each).
    expect(new Set(Array.from({ length: 1000 }, () => ids('ent'))).size).toBe(1000);
  });
});
