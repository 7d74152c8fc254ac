import type { ServiceContext } from '../context.js';
import { sumMinor } from '../money.js';
import type { StatementsDeps } from './common.js';
import { normalBalanceMinor } from '../ledger/model.js';
import { allianceAccounts } from '../sparks/model.js';
import { accountName } from './account-names.js';
import { fundNote, type FundLine, type Pots } from './fund-note.js';
import type { Cell, Section, Statement } from './model.js';
import {
  awardIdOf,
  awardPositions,
  awardsMade,
  followUpStateOn,
  onAwards,
  onFund,
  readSparksBooks,
  total,
  type Classified,
  type FollowUpState,
  type SparksBooks,
} from './sparks-books.js';

/**
 * The Small Sparks fund statement of an alliance for a period: what the fund held at the start,
 * what came in (receipts, cancellations, returns) and went out (awards), what it held at the end;
 * the commitments (awarded, not yet paid) at both ends with the awards, payments and
 * cancellations between; every one of those movements by reference; the awards still to be paid
 * at the end; and where the follow-ups of the period's awards stand.
 *
 * The fund's closing balance is the fund account's balance at the end of the period and the
 * commitments are the award accounts' balances, so both tie to the trial balance at that date.
 */
export async function fundStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const books = await readSparksBooks(deps, ctx, allianceId, query, 'Small Sparks fund statements');
  const { fundClosing, commitments, commitmentsClosing } = fundTotals(books.movements, allianceId);
  const note = fundNote(books.movements);
  if (sumMinor([note.closing.restricted, note.closing.unrestricted]) !== fundClosing)
    throw new Error(`fund note of ${allianceId} does not add up`);
  const bankMinor = await bankBalance(deps, allianceId, books);
  const sparksCash = sumMinor([fundClosing, commitmentsClosing]);
  return {
    template: 'fund',
    organisation: books.organisation,
    period: books.period,
    standing: books.standing,
    contact: books.contact,
    generatedOn: books.generatedOn,
    vars: { statusDate: books.statusDate },
    sections: [
      table(
        'fund',
        [
          { line: 'opening', ...pots(note.opening) },
          ...FUND_LINES.map((line) => ({ line, ...pots(note.lines[line]) })),
        ],
        { line: 'closing', ...pots(note.closing) },
      ),
      facts('commitments', { ...commitments, closing: commitmentsClosing }),
      facts('bank', {
        fund: fundClosing,
        commitments: commitmentsClosing,
        sparks: sparksCash,
        other: sumMinor([bankMinor, -sparksCash]),
        bank: bankMinor,
      }),
      ...movementSections(books),
      outstandingSection(books),
      followUpFacts(books),
    ],
    seal: books.seal,
  };
}

const money = (minor: number): Cell => ({ minor });
const pots = (p: Pots): Record<string, Cell> => ({
  restricted: money(p.restricted),
  unrestricted: money(p.unrestricted),
  total: money(sumMinor([p.restricted, p.unrestricted])),
});
const table = (
  id: string,
  rows: Record<string, Cell>[],
  totals: Record<string, Cell> | null,
): Section => ({ kind: 'table', id, rowCount: rows.length, rows: () => rows, totals });
const facts = (id: string, amounts: Record<string, number>): Section => ({
  kind: 'facts',
  id,
  facts: Object.entries(amounts).map(([key, minor]) => ({ key, value: money(minor) })),
});
const reference = (x: Classified) => awardIdOf(x) ?? '';
/** An award as a reader knows it: the applicant's SP- reference, never the award's id. */
const applicantOf = (books: SparksBooks, awardId: string) =>
  books.awards.get(awardId)?.applicantReference ?? '';

/**
 * The fund's and the commitments' lines for the period. Every fund posting of the period falls in
 * exactly one line, so the lines must add up to the accounts' balances.
 */
function fundTotals(m: Classified[], allianceId: string) {
  const before = (keep: (x: Classified) => boolean) => total(m, (x) => !x.inPeriod && keep(x));
  const during = (keep: (x: Classified) => boolean) => total(m, (x) => x.inPeriod && keep(x));
  const fund = {
    opening: before(onFund),
    receipts: during((x) => onFund(x) && x.event === 'receipt'),
    awards: during((x) => onFund(x) && x.event === 'award'),
    cancellations: during((x) => onFund(x) && x.event === 'cancellation'),
    returns: during((x) => onFund(x) && x.event === 'return'),
    adjustments: during(
      (x) => onFund(x) && !['receipt', 'award', 'cancellation', 'return'].includes(x.event),
    ),
  };
  const fundClosing = sumMinor(Object.values(fund));
  const commitments = {
    opening: before(onAwards),
    awarded: during((x) => onAwards(x) && x.event === 'award'),
    paid: during((x) => onAwards(x) && x.event === 'payment'),
    cancelled: during((x) => onAwards(x) && x.event === 'cancellation'),
    adjustments: during(
      (x) => onAwards(x) && !['award', 'payment', 'cancellation'].includes(x.event),
    ),
  };
  const commitmentsClosing = sumMinor(Object.values(commitments));
  if (fundClosing !== total(m, onFund) || commitmentsClosing !== total(m, onAwards))
    throw new Error(`fund statement of ${allianceId} does not add up`);
  return { fundClosing, commitments, commitmentsClosing };
}

/** The alliance's bank balance at the end of the period, as of the statement's chain head. */
async function bankBalance(deps: StatementsDeps, allianceId: string, books: SparksBooks) {
  const bankAccount = await deps.store.getAccount(allianceAccounts(allianceId).bank);
  if (!bankAccount) return 0;
  return normalBalanceMinor(
    bankAccount,
    await deps.statements.accountBalance({
      accountId: bankAccount.id,
      date: books.period.to,
      headSeq: books.headSeq,
    }),
  );
}

/**
 * Every movement of the period by reference. Each list shows amounts as its line above reads
 * them: payments and cancellations reduce the commitments (sign -1 shows them positive); the rest
 * are what they add to the fund.
 */
function movementSections(books: SparksBooks): Section[] {
  const listed = (
    id: string,
    keep: (x: Classified) => boolean,
    sign: 1 | -1,
    extra: (x: Classified) => Record<string, Cell> = () => ({}),
  ) => {
    const rows = books.movements.filter((x) => x.inPeriod && keep(x));
    return table(
      id,
      rows.map((x) => ({
        date: x.effectiveDate,
        entry: String(x.seq),
        award: applicantOf(books, reference(x)),
        amount: money(sign * x.normalMinor),
        ...extra(x),
      })),
      { amount: money(sign * total(rows, () => true)) },
    );
  };
  return [
    listed(
      'receipts',
      (x) => onFund(x) && x.event === 'receipt',
      1,
      (x) => ({
        funder: x.receipt?.funder ?? '',
        reference: x.receipt?.reference ?? '',
        restricted: x.receipt ? (x.receipt.restricted ? 'yes' : 'no') : '',
      }),
    ),
    listed(
      'awards',
      (x) => onAwards(x) && x.event === 'award',
      1,
      (x) => ({ domain: books.awards.get(reference(x))?.domain ?? '' }),
    ),
    listed(
      'payments',
      (x) => onAwards(x) && x.event === 'payment',
      -1,
      (x) => ({ method: x.disbursement?.method ?? '' }),
    ),
    listed('cancellations', (x) => onAwards(x) && x.event === 'cancellation', -1),
    listed('returns', (x) => onFund(x) && x.event === 'return', 1),
    listed(
      'adjustments',
      (x) => x.event === 'adjustment',
      1,
      (x) => ({
        account: accountName(x.accountCode, null, applicantOf(books, reference(x)) || null),
        reason: x.reasonCode,
      }),
    ),
  ];
}

/** The awards still to be paid at the end of the period, in the order they were made. */
function outstandingSection(books: SparksBooks): Section {
  const outstanding = [...awardPositions(books).values()]
    .filter((p) => p.outstandingMinor !== 0)
    .sort((a, b) => compareAwards(books, a.awardId, b.awardId));
  return table(
    'outstanding',
    outstanding.map((p) => ({
      award: applicantOf(books, p.awardId),
      awardedOn: books.awards.get(p.awardId)?.awardedOn ?? '',
      amount: money(p.awardedMinor),
      paid: money(p.paidMinor),
      cancelled: money(p.cancelledMinor),
      outstanding: money(p.outstandingMinor),
    })),
    { outstanding: money(sumMinor(outstanding.map((p) => p.outstandingMinor))) },
  );
}

/** Where the follow-ups of the period's awards stand on the status date. */
function followUpFacts(books: SparksBooks): Section {
  const made = awardsMade(books);
  const counts: Record<FollowUpState, number> = {
    due: 0,
    overdue: 0,
    heard: 0,
    waived: 0,
    none: 0,
  };
  for (const x of made)
    counts[followUpStateOn(books.awards.get(reference(x)), books.statusDate)] += 1;
  return {
    kind: 'facts',
    id: 'followUps',
    facts: [
      { key: 'awards', value: String(made.length) },
      ...Object.entries(counts).map(([key, n]) => ({ key, value: String(n) })),
    ],
  };
}

/** Awards in the order they were made, then by id. */
export function compareAwards(
  books: { awards: Map<string, { awardedOn: string }> },
  a: string,
  b: string,
): number {
  const da = books.awards.get(a)?.awardedOn ?? '';
  const db = books.awards.get(b)?.awardedOn ?? '';
  return da < db ? -1 : da > db ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

const FUND_LINES: readonly FundLine[] = [
  'receipts',
  'awards',
  'cancellations',
  'returns',
  'adjustments',
];
