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
  const m = books.movements;
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
  const fundClosing = sumMinor([
    fund.opening,
    fund.receipts,
    fund.awards,
    fund.cancellations,
    fund.returns,
    fund.adjustments,
  ]);
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
  // Every fund posting of the period falls in exactly one line above, so the lines must add up.
  if (fundClosing !== total(m, onFund) || commitmentsClosing !== total(m, onAwards))
    throw new Error(`fund statement of ${allianceId} does not add up`);

  const money = (minor: number): Cell => ({ minor });
  const note = fundNote(m);
  const pots = (p: Pots): Record<string, Cell> => ({
    restricted: money(p.restricted),
    unrestricted: money(p.unrestricted),
    total: money(sumMinor([p.restricted, p.unrestricted])),
  });
  if (sumMinor([note.closing.restricted, note.closing.unrestricted]) !== fundClosing)
    throw new Error(`fund note of ${allianceId} does not add up`);
  const bankAccount = await deps.store.getAccount(allianceAccounts(allianceId).bank);
  const bankMinor = bankAccount
    ? normalBalanceMinor(
        bankAccount,
        await deps.statements.accountBalance({
          accountId: bankAccount.id,
          date: books.period.to,
          headSeq: books.headSeq,
        }),
      )
    : 0;
  const sparksCash = sumMinor([fundClosing, commitmentsClosing]);
  const inPeriod = (keep: (x: Classified) => boolean) => m.filter((x) => x.inPeriod && keep(x));
  const reference = (x: Classified) => awardIdOf(x) ?? '';
  /** An award as a reader knows it: the applicant's SP- reference, never the award's id. */
  const applicantOf = (awardId: string) => books.awards.get(awardId)?.applicantReference ?? '';
  const table = (
    id: string,
    rows: Record<string, Cell>[],
    totals: Record<string, Cell> | null,
  ): Section => ({ kind: 'table', id, rowCount: rows.length, rows: () => rows, totals });
  // Each list shows amounts as its line above reads them: payments and cancellations reduce the
  // commitments (sign -1 shows them positive); the rest are what they add to the fund.
  const listed = (
    id: string,
    keep: (x: Classified) => boolean,
    sign: 1 | -1,
    extra: (x: Classified) => Record<string, Cell> = () => ({}),
  ) => {
    const rows = inPeriod(keep);
    return table(
      id,
      rows.map((x) => ({
        date: x.effectiveDate,
        entry: String(x.seq),
        award: applicantOf(reference(x)),
        amount: money(sign * x.normalMinor),
        ...extra(x),
      })),
      { amount: money(sign * total(rows, () => true)) },
    );
  };

  const positions = awardPositions(books);
  const outstanding = [...positions.values()]
    .filter((p) => p.outstandingMinor !== 0)
    .sort((a, b) => compareAwards(books, a.awardId, b.awardId));
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
      {
        kind: 'facts',
        id: 'commitments',
        facts: [
          { key: 'opening', value: money(commitments.opening) },
          { key: 'awarded', value: money(commitments.awarded) },
          { key: 'paid', value: money(commitments.paid) },
          { key: 'cancelled', value: money(commitments.cancelled) },
          { key: 'adjustments', value: money(commitments.adjustments) },
          { key: 'closing', value: money(commitmentsClosing) },
        ],
      },
      {
        kind: 'facts',
        id: 'bank',
        facts: [
          { key: 'fund', value: money(fundClosing) },
          { key: 'commitments', value: money(commitmentsClosing) },
          { key: 'sparks', value: money(sparksCash) },
          { key: 'other', value: money(sumMinor([bankMinor, -sparksCash])) },
          { key: 'bank', value: money(bankMinor) },
        ],
      },
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
          account: accountName(x.accountCode, null, applicantOf(awardIdOf(x) ?? '') || null),
          reason: x.reasonCode,
        }),
      ),
      table(
        'outstanding',
        outstanding.map((p) => ({
          award: applicantOf(p.awardId),
          awardedOn: books.awards.get(p.awardId)?.awardedOn ?? '',
          amount: money(p.awardedMinor),
          paid: money(p.paidMinor),
          cancelled: money(p.cancelledMinor),
          outstanding: money(p.outstandingMinor),
        })),
        { outstanding: money(sumMinor(outstanding.map((p) => p.outstandingMinor))) },
      ),
      {
        kind: 'facts',
        id: 'followUps',
        facts: [
          { key: 'awards', value: String(made.length) },
          { key: 'due', value: String(counts.due) },
          { key: 'overdue', value: String(counts.overdue) },
          { key: 'heard', value: String(counts.heard) },
          { key: 'waived', value: String(counts.waived) },
          { key: 'none', value: String(counts.none) },
        ],
      },
    ],
    seal: books.seal,
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
