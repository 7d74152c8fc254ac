import { invalid } from '../errors.js';
import { isIsoDate } from '../ledger/model.js';

/**
 * A statement is data: a header (who, what, when), sections of facts and tables, and a seal.
 * The core builds it from the ledger; src/pdf/ lays it out with a template from templates/, which
 * owns every word and every measurement. A new statement (a budget's, a pool's) is a new builder
 * here that returns this shape, plus a template with the same name: nothing else changes.
 */
export interface Statement {
  /** The template that lays it out: templates/statements/<template>.json. */
  template: string;
  /** The alliance's name as it stands: the organisation the statement is for. */
  organisation: string;
  /** Inclusive dates; `from` is null for a statement at a date (a trial balance). */
  period: { from: string | null; to: string };
  /**
   * The day it was generated (YYYY-MM-DD, UTC), from the request's clock. Day precision on
   * purpose: the same closed period gives the same bytes all day, and the only thing that
   * changes from one day to the next is this printed date.
   */
  generatedOn: string;
  /**
   * Values a template's wording may name as `{key}`, besides the header's own. A value that is a
   * date (YYYY-MM-DD) is printed the way the template writes dates.
   */
  vars: Record<string, string>;
  /** Whether the period is closed (the statement is final) or still open ("to date"). */
  standing: Standing;
  /** Who to contact if something on the statement looks wrong (the alliance's setting), if set. */
  contact?: string | null;
  sections: Section[];
  seal: Seal;
}

/**
 * A statement of a period the books are closed for (its end on or before the lock date) is final:
 * nothing dated in it can change. Any other runs "to date": to the end of the period or to the
 * alliance's today, whichever is earlier, because nothing is ever dated after today.
 */
export interface Standing {
  final: boolean;
  /** The last day the figures cover: the period's end, or today while the period runs on. */
  runsTo: string;
  lockedThrough: string | null;
}

/** The standing of a period ending `to`, given the alliance's today and its lock date. */
export function standingOf(to: string, today: string, lockedThrough: string | null): Standing {
  const final = lockedThrough !== null && to <= lockedThrough;
  return { final, runsTo: final ? to : earlier(to, today), lockedThrough };
}

/** Money is pence until the template formats it; everything else is already words. */
export type Cell = string | { minor: number };

export interface FactsSection {
  kind: 'facts';
  /** The key of the section in the template: its heading and the label of each fact. */
  id: string;
  facts: { key: string; value: Cell }[];
}

export interface TableSection {
  kind: 'table';
  id: string;
  /**
   * How many rows `rows()` will yield, known before any is read: page numbers ("Page 2 of 5")
   * are worked out from counts, so the rows can stream from the database into the PDF instead of
   * being held in memory.
   */
  rowCount: number;
  /**
   * Rows keyed by column key; called once per pass of the layout (it measures, then draws), so it
   * must give the same rows each time: a database read is bounded by the statement's chain head.
   */
  rows: () => AsyncIterable<Record<string, Cell>> | Iterable<Record<string, Cell>>;
  totals: Record<string, Cell> | null;
}

export type Section = FactsSection | TableSection;

/**
 * What the statement covers, for checking with GET /v1/ledger/verify: the first and last entry
 * of the alliance dated within the period (by their place in the hash chain), and the chain head
 * at the last one. An auditor reads that entry (GET /v1/entries/{id}) to see the same hash, and
 * verify to see the chain up to it unbroken: then no entry this statement covers was altered.
 */
export interface Seal {
  firstSeq: number | null;
  last: { seq: number; entryId: string; hash: string; recordedAt: string } | null;
}

/** Bounds on what one statement may hold: a longer one belongs in the CSV export. */
export const STATEMENT_LIMITS = {
  /** Lines in one PDF table (about 2,000 pages). */
  tableRows: 100_000,
  /** Rows read from the database at a time while a statement or an export streams. */
  pageSize: 500,
} as const;

export interface Period {
  from: string;
  to: string;
}

/**
 * The UK financial year (1 April to 31 March) that contains `date`. It is the default period of
 * every statement: the one charities, councils and commissioners report on.
 */
export function ukFinancialYear(date: string): Period {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= '04-01' ? year : year - 1;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/**
 * The period asked for. Either end may be left out: it then comes from the financial year of the
 * other end, or of `today` when both are left out.
 */
export function resolvePeriod(
  query: { from: string | null; to: string | null },
  today: string,
): Period {
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== null && !isIsoDate(value))
      throw invalid('invalid_date', `${name} must be a real date written YYYY-MM-DD (2000–2099).`, [
        { path: name, message: 'not a date' },
      ]);
  }
  const from = query.from ?? ukFinancialYear(query.to ?? today).from;
  const to = query.to ?? ukFinancialYear(query.from ?? today).to;
  if (from > to)
    throw invalid('invalid_period', `The period starts (${from}) after it ends (${to}).`, [
      { path: 'from', message: 'after to' },
    ]);
  return { from, to };
}

/** The date a statement at a date is at: the one asked for, or today. */
export function resolveAsOf(asOf: string | null, today: string): string {
  if (asOf !== null && !isIsoDate(asOf))
    throw invalid('invalid_date', 'asOf must be a real date written YYYY-MM-DD (2000–2099).', [
      { path: 'asOf', message: 'not a date' },
    ]);
  return asOf ?? today;
}

/** The day before an ISO date: balances "brought forward" are at the end of it. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The earlier of two ISO dates. */
export function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}
