import { formatMinor } from '../money.js';

/** Counts of people below this are never shown, nor the money that goes with them. */
export const SUPPRESS_BELOW = 5;
export const FEWER_THAN = `fewer than ${SUPPRESS_BELOW}`;

export interface Cell {
  key: string;
  /** How many people (or budgets, or awards: one each) the cell counts. */
  count: number;
  amountMinor: number;
}

export interface ShownCell {
  key: string;
  count: number | string;
  amount: string;
}

export interface ShownGroup {
  cells: ShownCell[];
  total: { count: number | string; amount: string };
}

const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;

/**
 * Which cells of a group (parts of one total) must be hidden. Primary: every count from 1 to 4.
 * Secondary: if only one cell is hidden, the total less the others would give it away, so the
 * smallest other non-empty cell is hidden too; and if no other cell can be, the total is.
 */
export function suppressed(cells: readonly Cell[]): {
  cells: Set<string>;
  primary: Set<string>;
  total: boolean;
} {
  const primary = new Set(cells.filter((c) => small(c.count)).map((c) => c.key));
  const hidden = new Set(primary);
  const totalCount = cells.reduce((sum, c) => sum + c.count, 0);
  let total = small(totalCount);
  if (hidden.size === 1) {
    const partner = cells
      .filter((c) => !hidden.has(c.key) && c.count > 0)
      .sort((a, b) => a.count - b.count || a.key.localeCompare(b.key))[0];
    if (partner) hidden.add(partner.key);
    else total = true;
  }
  return { cells: hidden, primary, total };
}

/**
 * A group as it may be shown: small counts read "fewer than 5", a cell hidden only to protect
 * one reads "suppressed" (it is not small, so it is not called so), and their money "suppressed".
 */
export function showGroup(cells: readonly Cell[]): ShownGroup {
  const hide = suppressed(cells);
  const totalCount = cells.reduce((sum, c) => sum + c.count, 0);
  const totalMinor = cells.reduce((sum, c) => sum + c.amountMinor, 0);
  return {
    cells: cells.map((c) =>
      hide.cells.has(c.key)
        ? {
            key: c.key,
            count: hide.primary.has(c.key) ? FEWER_THAN : 'suppressed',
            amount: 'suppressed',
          }
        : { key: c.key, count: c.count, amount: formatMinor(c.amountMinor) },
    ),
    total: hide.total
      ? { count: FEWER_THAN, amount: 'suppressed' }
      : { count: totalCount, amount: formatMinor(totalMinor) },
  };
}
