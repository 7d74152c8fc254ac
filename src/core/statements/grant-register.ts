import type { ServiceContext } from '../context.js';
import { sumMinor } from '../money.js';
import type { StatementsDeps } from './common.js';
import type { Cell, Statement } from './model.js';
import {
  awardIdOf,
  awardPositions,
  awardsMade,
  followUpStateOn,
  readSparksBooks,
  type AwardPosition,
} from './sparks-books.js';

/**
 * The grant register of an alliance for a period: every award made in it, by reference, with
 * what had been paid, cancelled and handed back by the period's end, what was still to pay, and
 * where its follow-up stood. Its total awarded is the fund statement's "awards made".
 */
export async function grantRegisterStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const books = await readSparksBooks(deps, ctx, allianceId, query, 'grant registers');
  const positions = awardPositions(books);
  const made = awardsMade(books).map((x) => awardIdOf(x)!);
  const rows = made.map((id) => positions.get(id)!);
  const sum = (pick: (p: AwardPosition) => number) => sumMinor(rows.map(pick));
  const money = (minor: number): Cell => ({ minor });
  const totals = {
    amount: money(sum((p) => p.awardedMinor)),
    paid: money(sum((p) => p.paidMinor)),
    cancelled: money(sum((p) => p.cancelledMinor)),
    returned: money(sum((p) => p.returnedMinor)),
    outstanding: money(sum((p) => p.outstandingMinor)),
  };
  return {
    template: 'grant-register',
    organisation: books.organisation,
    period: books.period,
    standing: books.standing,
    generatedOn: books.generatedOn,
    vars: { statusDate: books.statusDate },
    sections: [
      {
        kind: 'facts',
        id: 'summary',
        facts: [
          { key: 'awards', value: String(rows.length) },
          { key: 'awarded', value: totals.amount },
          { key: 'paid', value: totals.paid },
          { key: 'cancelled', value: totals.cancelled },
          { key: 'returned', value: totals.returned },
          { key: 'outstanding', value: totals.outstanding },
        ],
      },
      {
        kind: 'table',
        id: 'awards',
        rowCount: rows.length,
        rows: () =>
          rows.map((p) => {
            const facts = books.awards.get(p.awardId);
            return {
              award: p.awardId,
              applicant: facts?.applicantReference ?? '',
              domain: facts?.domain ?? '',
              awardedOn: facts?.awardedOn ?? '',
              amount: money(p.awardedMinor),
              paid: money(p.paidMinor),
              cancelled: money(p.cancelledMinor),
              returned: money(p.returnedMinor),
              outstanding: money(p.outstandingMinor),
              status: statusOf(p),
              followUp: followUpStateOn(facts, books.statusDate),
            };
          }),
        totals,
      },
    ],
    seal: books.seal,
  };
}

/**
 * What happened to an award's money by the end of the period, as the CSV register says it
 * (publish.ts whatHappened): paid, part paid, cancelled, handed back, or still to pay.
 */
function statusOf(p: AwardPosition): string {
  const paid =
    p.cancelledMinor > 0
      ? p.paidMinor > 0
        ? 'part-paid-rest-cancelled'
        : 'cancelled'
      : p.paidMinor >= p.awardedMinor
        ? 'paid'
        : p.paidMinor > 0
          ? 'part-paid'
          : 'to-pay';
  if (p.returnedMinor === 0) return paid;
  return `${paid}+${p.returnedMinor >= p.paidMinor ? 'all-returned' : 'part-returned'}`;
}
