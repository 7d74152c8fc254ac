import Decimal from 'decimal.js';

/**
 * Money crosses the API as a decimal string of pounds ("120.00", "-7.5") and lives everywhere
 * else as an integer number of pence. Every calculation goes through decimal.js, and an amount
 * from the wire is read from its digits (no arithmetic at all), so no value ever passes through a
 * binary float.
 */

/** The largest single amount we accept: £1,000,000,000.00. Sums of many stay far below 2^53. */
export const MAX_AMOUNT_MINOR = 100_000_000_000;
const MINUS = 45; // '-'

// One optional minus sign, no leading zeros, at most two decimal places. No exponents, no
// plus sign, no spaces, no thousands separators: a wire format, not a user-typed one.
const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

export type AmountProblem = 'format' | 'too_many_decimals' | 'negative_zero' | 'too_large';

export type ParsedAmount = { ok: true; minor: number } | { ok: false; problem: AmountProblem };

export function parseAmount(text: string): ParsedAmount {
  if (typeof text !== 'string') return { ok: false, problem: 'format' };
  if (/^-?(0|[1-9][0-9]*)\.[0-9]{3,}$/.test(text))
    return { ok: false, problem: 'too_many_decimals' };
  if (!DECIMAL_PATTERN.test(text)) {
    return /^-?[0-9]{13,}(\.[0-9]{1,2})?$/.test(text)
      ? { ok: false, problem: 'too_large' }
      : { ok: false, problem: 'format' };
  }
  // The pattern has let through only digits: pence are those digits with the fraction padded to
  // two places, read as a whole number of at most 14 digits (exact, far below 2^53). No
  // arithmetic happens here, so nothing can pass through a binary float.
  const negative = text.charCodeAt(0) === MINUS;
  const point = text.indexOf('.');
  const whole = text.slice(negative ? 1 : 0, point === -1 ? text.length : point);
  const pence = point === -1 ? '00' : text.slice(point + 1).padEnd(2, '0');
  const magnitude = Number(whole + pence);
  if (magnitude === 0)
    return negative ? { ok: false, problem: 'negative_zero' } : { ok: true, minor: 0 };
  if (magnitude > MAX_AMOUNT_MINOR) return { ok: false, problem: 'too_large' };
  return { ok: true, minor: negative ? -magnitude : magnitude };
}

export const AMOUNT_PROBLEM_TEXT: Record<AmountProblem, string> = {
  format: 'must be a decimal string such as "120.00" (no exponent, no plus sign, no spaces)',
  too_many_decimals: 'must have at most two decimal places',
  negative_zero: 'must not be negative zero',
  too_large: `must not exceed ${formatMinor(MAX_AMOUNT_MINOR)} in size`,
};

/** Pence to the wire format, always with two decimal places: 12000 -> "120.00". */
export function formatMinor(minor: number): string {
  assertSafeMinor(minor);
  return new Decimal(minor).dividedBy(100).toFixed(2);
}

export function assertSafeMinor(minor: number): void {
  if (!Number.isSafeInteger(minor))
    throw new Error(`amount in pence is not a safe integer: ${minor}`);
}

/** Adds pence exactly, refusing to leave the safe integer range. */
export function sumMinor(values: Iterable<number>): number {
  let total = new Decimal(0);
  for (const value of values) {
    assertSafeMinor(value);
    total = total.plus(value);
  }
  const result = total.toNumber();
  assertSafeMinor(result);
  return result;
}

/**
 * Splits `totalMinor` into parts proportional to `weights` by the largest-remainder method, so
 * the parts always add up to the total exactly. Ties in the remainder go to the earlier index,
 * which makes the split deterministic for a given order of weights.
 */
export function splitByWeights(totalMinor: number, weights: readonly number[]): number[] {
  assertSafeMinor(totalMinor);
  if (weights.length === 0) throw new Error('cannot split among no one');
  const weightSum = sumMinor(weights);
  if (weights.some((w) => w < 0) || weightSum === 0)
    throw new Error('weights must be non-negative and not all zero');
  const total = new Decimal(totalMinor);
  const exact = weights.map((w) => total.times(w).dividedBy(weightSum));
  const floors = exact.map((x) => x.floor());
  let remainder = total.minus(floors.reduce((a, b) => a.plus(b), new Decimal(0))).toNumber();
  const order = exact
    .map((x, index) => ({ index, fraction: x.minus(floors[index]!) }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  const parts = floors.map((x) => x.toNumber());
  for (const { index } of order) {
    if (remainder <= 0) break;
    parts[index]! += 1;
    remainder -= 1;
  }
  return parts;
}
