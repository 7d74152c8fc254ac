import { sumMinor } from '../money.js';
import type { Classified } from './sparks-books.js';
import { awardIdOf } from './sparks-books.js';

/** Restricted and unrestricted money, in pence, as a charity's fund note keeps them apart. */
export interface Pots {
  restricted: number;
  unrestricted: number;
}

export type FundLine = 'receipts' | 'awards' | 'cancellations' | 'returns' | 'adjustments';

export interface FundNote {
  opening: Pots;
  lines: Record<FundLine, Pots>;
  closing: Pots;
}

const zero = (): Pots => ({ restricted: 0, unrestricted: 0 });
const add = (a: Pots, b: Pots): Pots => ({
  restricted: sumMinor([a.restricted, b.restricted]),
  unrestricted: sumMinor([a.unrestricted, b.unrestricted]),
});

/**
 * The fund's movements split into restricted and unrestricted money, in the order they happened.
 * A receipt goes to the pot its funder restricted it to. The restriction is for Small Sparks
 * grants, so an award draws on restricted money first and on unrestricted money for the rest;
 * what an award gives back (a cancelled remainder, money handed back) returns to the pots it was
 * drawn from, restricted first. Other adjustments, made by hand, are unrestricted.
 *
 * Both pots add up to the fund's own balance line for line, so the note ties to the ledger.
 */
export function fundNote(movements: readonly Classified[]): FundNote {
  const note: FundNote = {
    opening: zero(),
    lines: {
      receipts: zero(),
      awards: zero(),
      cancellations: zero(),
      returns: zero(),
      adjustments: zero(),
    },
    closing: zero(),
  };
  let held = zero();
  // Per award: how much of it was drawn on restricted money and not yet given back.
  const drawnRestricted = new Map<string, number>();
  // The fund side of an award or a cancellation does not name the award; the award account posted
  // in the same entry does.
  const awardByEntry = new Map<number, string>();
  for (const m of movements)
    if (m.account !== 'fund' && (m.event === 'award' || m.event === 'cancellation'))
      awardByEntry.set(m.seq, m.account.awardId);
  const ordered = [...movements]
    .filter((m) => m.account === 'fund')
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.seq - b.seq);
  for (const m of ordered) {
    const move = zero();
    const line: FundLine =
      m.event === 'receipt'
        ? 'receipts'
        : m.event === 'award'
          ? 'awards'
          : m.event === 'cancellation'
            ? 'cancellations'
            : m.event === 'return'
              ? 'returns'
              : 'adjustments';
    const awardId =
      line === 'awards' || line === 'cancellations'
        ? (awardByEntry.get(m.seq) ?? null)
        : awardIdOf(m);
    if (line === 'receipts' && m.receipt?.restricted) move.restricted = m.normalMinor;
    else if (line === 'receipts' || line === 'adjustments' || awardId === null)
      move.unrestricted = m.normalMinor;
    else if (line === 'awards') {
      const drawn = Math.max(0, Math.min(-m.normalMinor, held.restricted));
      move.restricted = -drawn;
      move.unrestricted = sumMinor([m.normalMinor, drawn]);
      drawnRestricted.set(awardId, sumMinor([drawnRestricted.get(awardId) ?? 0, drawn]));
    } else {
      const back = Math.max(0, Math.min(m.normalMinor, drawnRestricted.get(awardId) ?? 0));
      move.restricted = back;
      move.unrestricted = sumMinor([m.normalMinor, -back]);
      drawnRestricted.set(awardId, sumMinor([drawnRestricted.get(awardId) ?? 0, -back]));
    }
    held = add(held, move);
    if (m.inPeriod) note.lines[line] = add(note.lines[line], move);
    else note.opening = add(note.opening, move);
  }
  note.closing = held;
  return note;
}
