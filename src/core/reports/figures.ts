import Decimal from 'decimal.js';
import { sumMinor } from '../money.js';

/**
 * What the Small Sparks reports need of the applications received in a period, already counted
 * and summed by the database (see store/reports-store.ts): a few rows per status, domain and
 * number of days, however many applications there are. Money is integer pence summed in SQL.
 */
export interface ReportFigures {
  /** Applications by status and by days from receipt to the first decision (null: none yet). */
  applications: { status: string; decisionDays: number | null; count: number }[];
  /** Their awards by domain and by days from application to first payment (null: not paid). */
  awards: { domain: string; paymentDays: number | null; count: number; paidMinor: number }[];
  /** Those awards' follow-ups by their state on the report's day. */
  followUps: { state: 'due' | 'overdue' | 'heard' | 'waived'; count: number }[];
}

export interface ReportFiguresQuery {
  allianceId: string;
  from: string;
  to: string;
  /** Follow-ups still due before this day are overdue. */
  today: string;
}

/**
 * What the commissioners' report needs of the budgets whose period meets the report's, counted
 * and summed by the database: a row per stream and way of holding, a row per spending category.
 */
export interface BudgetFigures {
  /** Budgets by their stream's name and control mode, with what was allocated and spent. */
  budgets: {
    stream: string;
    mode: string;
    count: number;
    allocatedMinor: number;
    spentMinor: number;
  }[];
  /** Approved spends in the period by category: how many budgets spent, and how much. */
  categories: { category: string; budgets: number; amountMinor: number }[];
  /** Budgets that were ever in one of the alliance's pools. */
  pooledBudgets: number;
  /** What the alliance's pools bought in the period, in pence. */
  poolBoughtMinor: number;
}

/** How many the rows kept count. */
export const countOf = <T extends { count: number }>(
  rows: readonly T[],
  keep: (row: T) => boolean = () => true,
): number => rows.reduce((n, r) => (keep(r) ? n + r.count : n), 0);

/** What the award rows kept paid, in pence. */
export const paidOf = (
  rows: ReportFigures['awards'],
  keep: (row: ReportFigures['awards'][number]) => boolean = () => true,
): number => sumMinor(rows.filter(keep).map((r) => r.paidMinor));

/** A histogram of days, `[days, how many]`, from rows that carry a day count or null. */
export function daysHistogram<T extends { count: number }>(
  rows: readonly T[],
  daysOf: (row: T) => number | null,
): [number, number][] {
  const out = new Map<number, number>();
  for (const r of rows) {
    const d = daysOf(r);
    if (d !== null) out.set(d, (out.get(d) ?? 0) + r.count);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * The median of the values a histogram counts: the middle one, or the mean of the middle two
 * (halved with decimal.js: a half day is exact), as sorting every value would give.
 */
export function medianOf(histogram: readonly [number, number][]): number | null {
  const n = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const [value, count] of histogram) {
      seen += count;
      if (index < seen) return value;
    }
    throw new Error('median index beyond the histogram');
  };
  const mid = Math.floor(n / 2);
  if (n % 2) return at(mid);
  return new Decimal(at(mid - 1)).plus(at(mid)).dividedBy(2).toNumber();
}
