import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEWER_THAN, showGroup, type Cell } from '../../src/core/reports/suppress.js';

const cells = fc
  .array(fc.record({ count: fc.nat(40), amountMinor: fc.nat(1_000_000) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((xs) => xs.map((x, i): Cell => ({ key: `k${i}`, ...x })));

describe('small-count suppression', () => {
  it('never shows a count from 1 to 4, nor lets the total less the shown cells reveal one', () => {
    fc.assert(
      fc.property(cells, (group) => {
        const shown = showGroup(group);
        for (const c of shown.cells)
          if (typeof c.count === 'number') expect(c.count === 0 || c.count >= 5).toBe(true);
        const hidden = shown.cells.filter((c) => typeof c.count === 'string');
        if (typeof shown.total.count === 'number') {
          expect(shown.total.count === 0 || shown.total.count >= 5).toBe(true);
          // With the total shown, a hidden cell is never alone: subtraction gives only a sum.
          expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
        }
        // Shown amounts and the total agree with the data to the penny.
        shown.cells.forEach((c, i) => {
          if (typeof c.count === 'number') expect(c.count).toBe(group[i]!.count);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('hides a cell of 3 and its smallest neighbour, keeping the total', () => {
    const shown = showGroup([
      { key: 'self', count: 3, amountMinor: 30000 },
      { key: 'joint', count: 6, amountMinor: 60000 },
      { key: 'managed', count: 9, amountMinor: 90000 },
    ]);
    expect(shown.cells.map((c) => c.count)).toEqual([FEWER_THAN, 'suppressed', 9]);
    expect(shown.total).toEqual({ count: 18, amount: '1800.00' });
  });
});
