import type { IdGenerator } from './context.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

/**
 * Prefixed ids that sort by creation time: `ent_` + 10 characters of milliseconds + 16 random
 * characters (80 bits). The clock and the random source are injected.
 */
export function timeSortableIds(
  clock: () => Date,
  random: (bytes: Uint8Array) => void = pooledRandom(),
): IdGenerator {
  return (prefix) => {
    let ms = clock().getTime();
    let time = '';
    for (let i = 0; i < 10; i++) {
      time = ALPHABET[ms % 32] + time;
      ms = Math.floor(ms / 32);
    }
    const bytes = new Uint8Array(16);
    random(bytes);
    let tail = '';
    for (const b of bytes) tail += ALPHABET[b % 32];
    return `${prefix}_${time}${tail}`;
  };
}

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
    bytes.set(pool.subarray(used, used + bytes.length));
    used += bytes.length;
  };
}

/** Deterministic ids for tests: `ent_000001`, `ent_000002`, … one counter per generator. */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(6, '0')}`;
}
