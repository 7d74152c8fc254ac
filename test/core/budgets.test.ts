import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPeriod, topSliceMinor } from '../../src/core/budgets/budgets.js';
import { chargesFor } from '../../src/core/budgets/pools.js';
import { sumMinor } from '../../src/core/money.js';

describe('nextPeriod', () => {
  it('rolls a financial year into the next one, leap day or not', () => {
    expect(nextPeriod('2026-04-01', '2027-03-31')).toEqual({
      start: '2027-04-01',
      end: '2028-03-31',
    });
    expect(nextPeriod('2027-04-01', '2028-03-31')).toEqual({
      start: '2028-04-01',
      end: '2029-03-31',
    });
    expect(nextPeriod('2026-01-01', '2026-02-28')).toEqual({
      start: '2026-03-01',
      end: '2026-04-30',
    });
  });

  it('keeps the length in days for periods that are not whole months', () => {
    expect(nextPeriod('2026-04-06', '2026-05-05')).toEqual({
      start: '2026-05-06',
      end: '2026-06-04',
    });
  });
});

describe('topSliceMinor', () => {
  it('rounds half up to the penny', () => {
    expect(topSliceMinor(40_000, 500)).toBe(2_000);
    expect(topSliceMinor(10, 500)).toBe(1); // 0.5p rounds up
    expect(topSliceMinor(9, 500)).toBe(0); // 0.45p rounds down
    expect(topSliceMinor(12_345, 250)).toBe(309); // 308.625p
  });
});

describe('chargesFor', () => {
  it('never charges a share more than it holds, and charges exactly the purchase', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('pro_rata' as const, 'equal' as const),
        (shares, amount, rule) => {
          const members = shares.map((shareMinor, i) => ({ budgetId: `b${i}`, shareMinor }));
          const charges = chargesFor(rule, amount, members);
          if (charges === null) {
            // Refused only when it truly cannot be covered under the rule.
            const total = sumMinor(shares);
            const holding = shares.filter((s) => s > 0);
            if (rule === 'pro_rata') expect(total < amount || holding.length === 0).toBe(true);
            return;
          }
          expect(sumMinor(charges.map((c) => c.amountMinor))).toBe(amount);
          for (const c of charges)
            expect(c.amountMinor).toBeLessThanOrEqual(
              members.find((m) => m.budgetId === c.budgetId)!.shareMinor,
            );
        },
      ),
      { seed: 20261123 },
    );
  });

  it('gives the penny left by rounding to the earliest member among equals', () => {
    expect(
      chargesFor('equal', 100, [
        { budgetId: 'a', shareMinor: 50 },
        { budgetId: 'b', shareMinor: 50 },
        { budgetId: 'c', shareMinor: 50 },
      ])!.map((c) => c.amountMinor),
    ).toEqual([34, 33, 33]);
  });
});
