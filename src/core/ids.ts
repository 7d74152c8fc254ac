import type { IdGenerator } from './context.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

/**
 * Prefixed ids that sort by creation time: `ent_` + 10 characters of milliseconds + 16 random
 * characters (80 bits). The clock and the random source are injected.
 *
 * A batch makes a thousand at once, so each is made with little garbage: the time characters are
 * kept while the millisecond lasts, the random bytes land in one buffer, and the 16 characters are
 * made in one step (building them one by one made a string each, and an id cost about 900 bytes).
 */
export function timeSortableIds(
  clock: () => Date,
  random: (bytes: Uint8Array) => void = pooledRandom(),
): IdGenerator {
  const bytes = new Uint8Array(16);
  const codes: number[] = new Array(16).fill(0);
  let lastMs = Number.NaN;
  let time = '';
  return (prefix) => {
    const now = clock().getTime();
    if (now !== lastMs) {
      lastMs = now;
      let ms = now;
      time = '';
      for (let i = 0; i < 10; i++) {
        time = ALPHABET[ms % 32] + time;
        ms = Math.floor(ms / 32);
      }
    }
    random(bytes);
    for (let i = 0; i < 16; i++) codes[i] = ALPHABET_CODES[bytes[i]! % 32]!;
    return `${prefix}_${time}${String.fromCharCode(...codes)}`;
  };
}

const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));

/**
 * Random bytes drawn from the system in 4 KiB blocks: asking for 16 bytes at a time cost a
 * system call per id, a measurable share of a request.
 */
function pooledRandom(): (bytes: Uint8Array) => void {
  const pool = new Uint8Array(4096);
  let used = pool.length;
  return (bytes) => {
    if (used + bytes.length > pool.length) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    for (let i = 0; i < bytes.length; i++) bytes[i] = pool[used + i]!;
    used += bytes.length;
  };
}

/** Deterministic ids for tests: `ent_000001`, `ent_000002`, … one counter per generator. */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(6, '0')}`;
}
