import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, parseAmount, splitByWeights, sumMinor } from '../../src/core/money.js';
import { pence } from '../../src/store/pence.js';

describe('parseAmount', () => {
  it('reads decimal strings of pounds into pence exactly', () => {
    expect(parseAmount('120.00')).toEqual({ ok: true, minor: 12000 });
    expect(parseAmount('0.1')).toEqual({ ok: true, minor: 10 });
    expect(parseAmount('-7.05')).toEqual({ ok: true, minor: -705 });
    expect(parseAmount('1000000000.00')).toEqual({ ok: true, minor: 100_000_000_000 });
    expect(parseAmount('0.29')).toEqual({ ok: true, minor: 29 }); // 0.29 * 100 is 28.999… in floats
  });

  it('refuses what is not a plain two-decimal number, with a reason', () => {
    expect(parseAmount('12.345')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseAmount('-0')).toEqual({ ok: false, problem: 'negative_zero' });
    expect(parseAmount('-0.00')).toEqual({ ok: false, problem: 'negative_zero' });
    expect(parseAmount('1000000000.01')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseAmount('123456789012345')).toEqual({ ok: false, problem: 'too_large' });
    for (const text of [
      '1e3',
      'NaN',
      'Infinity',
      '',
      ' 1',
      '1 ',
      '+1',
      '01',
      '1.',
      '.5',
      '1,000',
      '0x1',
      '١',
    ]) {
      expect(parseAmount(text), text).toMatchObject({ ok: false, problem: 'format' });
    }
  });

  it('round-trips every amount in range through formatMinor', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), (minor) => {
        const text = formatMinor(minor);
        expect(parseAmount(text)).toEqual({ ok: true, minor });
      }),
      { seed: 20261123 },
    );
  });
  it('reads every string exactly as decimal.js would (digits, not arithmetic)', () => {
    // The reading decimal.js gives, as parseAmount did before it read the digits itself.
    const byDecimal = (text: string) => {
      const first = parseAmount(text);
      if (!first.ok && first.problem !== 'negative_zero' && first.problem !== 'too_large')
        return first; // the patterns decide these, before any reading
      if (!/^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/.test(text)) return first;
      const value = new Decimal(text);
      if (value.isZero() && text.startsWith('-')) return { ok: false, problem: 'negative_zero' };
      const minor = value.times(100);
      if (minor.abs().greaterThan(100_000_000_000)) return { ok: false, problem: 'too_large' };
      return { ok: true, minor: minor.toNumber() };
    };
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const amount = fc
      .tuple(fc.constantFrom('', '-'), digits(1, 14), fc.constantFrom('', '.'), digits(0, 3))
      .map(([sign, whole, point, fraction]) => sign + whole + point + fraction);
    fc.assert(
      fc.property(fc.oneof(amount, fc.string()), (text) => {
        expect(parseAmount(text)).toEqual(byDecimal(text));
      }),
      { seed: 20261202, numRuns: 5000 },
    );
  });
});

describe('splitByWeights', () => {
  it('splits to the penny with the remainder going to the largest fractions, then the earliest', () => {
    expect(splitByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByWeights(1000, [5000, 3000, 2000])).toEqual([500, 300, 200]);
    expect(splitByWeights(-100, [1, 1, 1])).toEqual([-33, -33, -34]);
  });

  it('always adds up exactly and never gives a share more than a penny from its exact part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = splitByWeights(total, weights);
          expect(sumMinor(parts)).toBe(total);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((part, i) => {
            expect(Math.abs(part - (total * weights[i]!) / weightSum)).toBeLessThan(1);
          });
        },
      ),
      { seed: 20261123 },
    );
  });
});

describe('pence (money read back from SQLite)', () => {
  it('takes whole pence as numbers, bigints or strings, and an empty SUM as zero', () => {
    expect(pence(12_000)).toBe(12_000);
    expect(pence(-700n)).toBe(-700);
    expect(pence('42')).toBe(42);
    expect(pence(null)).toBe(0);
  });

  it('refuses anything that is not a whole, safe number of pence', () => {
    for (const bad of [1.5, '12.30', Number.MAX_SAFE_INTEGER + 1, 2n ** 60n, 'abc', NaN, {}])
      expect(() => pence(bad)).toThrow(/not a whole number of pence/);
  });
});
