import type { ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import type { Outcome } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import type { Write } from '../store.js';
import { requireDate, sparksProblem, type SparksDeps } from './common.js';
import type { DecisionInput } from './decisions.js';
import {
  addDays,
  allianceAccounts,
  awardAccount,
  type Alliance,
  type Application,
  type Award,
  type Decision,
  type FollowUp,
} from './model.js';
import { awardView, decisionView } from './views.js';

/**
 * An award decision: the fund pays into the award's own account in one entry, written with the
 * decision, the award, its follow-up and the remembered answer, all in one batch.
 */
export async function recordAward(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  application: Application,
  decision: Decision,
  input: DecisionInput,
  remember: (o: Outcome) => Write,
): Promise<Outcome> {
  const { amount, followUpDue } = await awardRules(deps, alliance, application, decision, input);
  const accounts = allianceAccounts(alliance.id);
  const awardId = deps.ids('awd');
  let outcome: Outcome | null = null;
  try {
    await commitEntry(
      deps,
      ctx,
      {
        allianceId: alliance.id,
        effectiveDate: decision.decidedOn,
        description: `Small Sparks award ${awardId}`,
        reasonCode: 'award',
        reversesEntryId: null,
        postings: [
          { accountCode: accounts.fund, amountMinor: amount },
          { accountCode: awardAccount(awardId), amountMinor: -amount },
        ],
      },
      (entry): Write[] => {
        const { award, followUp } = newAward(ctx, awardId, entry.id, application, decision, {
          amount,
          purpose: input.purpose!,
          followUpDue,
        });
        const money = {
          paidMinor: 0,
          returnedMinor: 0,
          cancelledMinor: 0,
          outstandingMinor: amount,
        };
        outcome = {
          status: 201,
          body: {
            decision: decisionView(decision),
            award: awardView(award, money, followUp, ctx),
          },
        };
        return [
          { kind: 'decision', decision },
          { kind: 'application_status', applicationId: application.id, status: 'awarded' },
          {
            kind: 'open_account',
            account: {
              code: awardAccount(awardId),
              type: 'liability',
              allowNegative: false,
              allianceId: alliance.id,
              name: null,
              createdAt: award.createdAt,
            },
          },
          { kind: 'award', award },
          { kind: 'follow_up', followUp },
          remember(outcome),
        ];
      },
    );
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'balance_rule_violated')
      throw await insufficientFund(deps, accounts.fund, decision.decidedOn, amount);
    throw error;
  }
  return outcome!;
}

/** What an award must satisfy beyond the decision itself; returns its amount and due date. */
async function awardRules(
  deps: SparksDeps,
  alliance: Alliance,
  application: Application,
  decision: Decision,
  input: DecisionInput,
): Promise<{ amount: number; followUpDue: string }> {
  const amount = input.amountMinor;
  if (
    amount === undefined ||
    amount < alliance.grantFloorMinor ||
    amount > alliance.grantCeilingMinor
  ) {
    throw invalid(
      'amount_out_of_range',
      `An award must be between ${formatMinor(alliance.grantFloorMinor)} and ${formatMinor(alliance.grantCeilingMinor)}. Nothing was written.`,
      [{ path: 'amount', message: 'outside the alliance’s floor and ceiling' }],
    );
  }
  if (!input.purpose)
    throw invalid('purpose_required', 'An award says what it is for.', [
      { path: 'purpose', message: 'required to award' },
    ]);
  if (!alliance.allowAwardWhenOverdue) {
    const overdue = await deps.sparks.overdueFollowUps(application.applicantId, decision.decidedOn);
    if (overdue.length)
      throw sparksProblem(
        'applicant_overdue_follow_up',
        `The applicant has ${overdue.length} follow-up(s) overdue since ${overdue[0]!.dueOn}; hear or waive them first.`,
      );
  }
  const followUpDue = input.followUpDue ?? addDays(decision.decidedOn, alliance.followUpDays);
  requireDate(followUpDue, 'followUpDue');
  if (followUpDue <= decision.decidedOn)
    throw invalid('invalid_date', 'The follow-up is due after the decision.', [
      { path: 'followUpDue', message: 'on or before the decision' },
    ]);
  return { amount, followUpDue };
}

function newAward(
  ctx: ServiceContext,
  awardId: string,
  entryId: string,
  application: Application,
  decision: Decision,
  terms: { amount: number; purpose: string; followUpDue: string },
): { award: Award; followUp: FollowUp } {
  const now = ctx.now.toISOString();
  const award: Award = {
    id: awardId,
    allianceId: application.allianceId,
    applicationId: application.id,
    applicantId: application.applicantId,
    decisionId: decision.id,
    amountMinor: terms.amount,
    purpose: terms.purpose,
    domain: application.domain,
    awardedOn: decision.decidedOn,
    entryId,
    cancelledOn: null,
    cancelReason: null,
    createdAt: now,
  };
  const followUp: FollowUp = {
    awardId,
    allianceId: application.allianceId,
    dueOn: terms.followUpDue,
    status: 'due',
    heardOn: null,
    inPerson: null,
    difference: null,
    domainsImproved: null,
    waivedReason: null,
    recordedBy: null,
    updatedAt: now,
  };
  return { award, followUp };
}

/**
 * The fund must cover the award on the decision's date and on every day since: what it held then
 * and what it holds today are the two a panel can act on.
 */
async function insufficientFund(
  deps: SparksDeps,
  fundCode: string,
  decidedOn: string,
  amount: number,
) {
  const fund = await deps.store.getAccount(fundCode);
  const today = fund ? -fund.balanceMinor : 0;
  const then = fund ? -(await deps.store.balanceAsOf(fund.id, decidedOn)) : 0;
  const available = Math.min(today, then);
  return conflict(
    'insufficient_fund',
    'The fund cannot cover this award',
    `The Small Sparks fund held ${formatMinor(then)} on ${decidedOn} and holds ${formatMinor(today)} today; it cannot cover an award of ${formatMinor(amount)} on the sitting's date and every day since. Nothing was written.`,
    { available: formatMinor(available), availableOnDecisionDate: formatMinor(then) },
  );
}
