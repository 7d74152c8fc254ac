import type { ServiceContext } from '../context.js';
import { sumMinor } from '../money.js';
import { allianceAccounts } from '../sparks/model.js';
import type { StatementsDeps } from './common.js';
import { STATEMENT_LIMITS, type Cell, type Statement } from './model.js';
import { followUpStateOn, sparksBooksHead, type AwardPosition } from './sparks-books.js';
import type { AwardFlows } from './store.js';

/**
 * The grant register of an alliance for a period: every award made in it, by reference, with
 * what had been paid, cancelled and handed back by the period's end, what was still to pay, and
 * where its follow-up stood. Its total awarded is the fund statement's "awards made".
 *
 * A register grows with every award ever made, so it never holds them all: the count and the
 * totals are sums in the database (three queries), and the rows are read a page of 500 awards
 * at a time while the PDF is laid out (four queries a page: the awards, their postings, their
 * returns, their facts), all bounded by the statement's chain head.
 */
export async function grantRegisterStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const books = await sparksBooksHead(deps, ctx, allianceId, query, 'grant registers');
  const fundCode = allianceAccounts(allianceId).fund;
  const register = { allianceId, ...books.period, headSeq: books.headSeq };
  const [count, all] = await Promise.all([
    deps.statements.awardsMadeCount(register),
    deps.statements.awardFlows({ ...register, fundCode, awardIds: null }),
  ]);
  const sums = positionsOf(all).get(null) ?? emptyPosition(null);
  const money = (minor: number): Cell => ({ minor });
  const totals = {
    amount: money(sums.awardedMinor),
    paid: money(sums.paidMinor),
    cancelled: money(sums.cancelledMinor),
    returned: money(sums.returnedMinor),
    outstanding: money(sums.outstandingMinor),
  };
  async function* rows(): AsyncGenerator<Record<string, Cell>> {
    let afterSeq = 0;
    for (;;) {
      const page = await deps.statements.awardsMadePage({
        ...register,
        afterSeq,
        limit: STATEMENT_LIMITS.pageSize,
      });
      if (page.length === 0) return;
      const ids = page.map((p) => p.awardId);
      const [flows, facts] = await Promise.all([
        deps.statements.awardFlows({ ...register, fundCode, awardIds: ids }),
        deps.statements.awardFacts(ids),
      ]);
      const positions = positionsOf(flows);
      const byId = new Map(facts.map((f) => [f.id, f]));
      for (const id of ids) {
        const p = positions.get(id) ?? emptyPosition(id);
        const f = byId.get(id);
        yield {
          award: id,
          applicant: f?.applicantReference ?? '',
          domain: f?.domain ?? '',
          awardedOn: f?.awardedOn ?? '',
          amount: money(p.awardedMinor),
          paid: money(p.paidMinor),
          cancelled: money(p.cancelledMinor),
          returned: money(p.returnedMinor),
          outstanding: money(p.outstandingMinor),
          status: statusOf(p),
          followUp: followUpStateOn(f, books.statusDate),
        };
      }
      if (page.length < STATEMENT_LIMITS.pageSize) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }
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
          { key: 'awards', value: String(count) },
          { key: 'awarded', value: totals.amount },
          { key: 'paid', value: totals.paid },
          { key: 'cancelled', value: totals.cancelled },
          { key: 'returned', value: totals.returned },
          { key: 'outstanding', value: totals.outstanding },
        ],
      },
      { kind: 'table', id: 'awards', rowCount: count, rows, totals },
    ],
    seal: books.seal,
  };
}

function emptyPosition(awardId: string | null): AwardPosition {
  return {
    awardId: awardId ?? '',
    awardedMinor: 0,
    paidMinor: 0,
    cancelledMinor: 0,
    returnedMinor: 0,
    outstandingMinor: 0,
  };
}

/**
 * Where each award stands, from its award account's sums by reason and its returns, as
 * awardPositions (sparks-books.ts) works it out movement by movement: the award account is
 * credit-normal, so the award credits it and payments and cancellations debit it.
 */
function positionsOf(read: AwardFlows): Map<string | null, AwardPosition> {
  const positions = new Map<string | null, AwardPosition>();
  const position = (awardId: string | null) => {
    const known = positions.get(awardId);
    if (known) return known;
    const p = emptyPosition(awardId);
    positions.set(awardId, p);
    return p;
  };
  for (const f of read.flows) {
    const p = position(f.awardId);
    p.outstandingMinor = sumMinor([p.outstandingMinor, -f.amountMinor]);
    if (f.reasonCode === 'award') p.awardedMinor = sumMinor([p.awardedMinor, -f.amountMinor]);
    if (f.reasonCode === 'disbursement') p.paidMinor = sumMinor([p.paidMinor, f.amountMinor]);
    if (f.reasonCode === 'award_cancellation')
      p.cancelledMinor = sumMinor([p.cancelledMinor, f.amountMinor]);
  }
  for (const r of read.returns) {
    const p = position(r.awardId);
    p.returnedMinor = sumMinor([p.returnedMinor, -r.amountMinor]);
  }
  return positions;
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
