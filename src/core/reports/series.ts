import { formatMinor } from '../money.js';
import type { Store } from '../store.js';
import { allianceAccounts } from '../sparks/model.js';
import { countOf, paidOf, type ReportFigures } from './figures.js';
import { showGroup, type ShownGroup } from './suppress.js';

/** The last day of each month the period touches, cut at the period's end and at today. */
export function monthEnds(from: string, to: string, today: string): string[] {
  const last = to < today ? to : today;
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last.slice(0, 7)) break;
    // Day 0 of the next month is the last of this one; computed on UTC dates, no clock involved.
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    out.push(end < last ? end : last);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/**
 * The Small Sparks fund over the period: what it held at each month's end, read from the ledger
 * (the fund account's postings up to that date) in one read, so the line is the books and
 * nothing else. A fund is money, not people: nothing here is small-count data.
 */
export async function fundByMonth(
  store: Store,
  allianceId: string,
  from: string,
  to: string,
  today: string,
): Promise<{ asOf: string; held: string }[]> {
  const ends = monthEnds(from, to, today);
  const balances = await store.balancesAsOf(allianceAccounts(allianceId).fund, ends);
  // The fund is credit-normal: what it holds is the negative of its postings' sum.
  return ends.map((asOf, i) => ({ asOf, held: formatMinor(-balances[i]! + 0) }));
}

export const PAYMENT_SPEED = ['within a week', '8 to 14 days', '15 to 28 days', 'over 28 days'];

/** Days from application to first payment, in bands, each band a count suppressed like any. */
export function paymentSpeed(awards: ReportFigures['awards']): ShownGroup {
  const band = (d: number) => (d <= 7 ? 0 : d <= 14 ? 1 : d <= 28 ? 2 : 3);
  const inBand = (i: number) => (r: ReportFigures['awards'][number]) =>
    r.paymentDays !== null && band(r.paymentDays) === i;
  return showGroup(
    PAYMENT_SPEED.map((key, i) => ({
      key,
      count: countOf(awards, inBand(i)),
      amountMinor: paidOf(awards, inBand(i)),
    })),
  );
}
