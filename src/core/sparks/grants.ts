import { pageOf, type Page } from '../paging.js';
import type { ApplicationFilter, AwardFilter } from './store.js';
import type { Actor, ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { inAlliance } from '../policy.js';
import { runIdempotent, type Outcome, createOnce, rereadById, type Once } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { isoDateOf } from '../ledger/model.js';
import { formatMinor } from '../money.js';
import { redact } from '../redaction.js';
import type { Write } from '../store.js';
import {
  COORDINATORS,
  PANEL_WORK,
  SPARKS_READERS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import {
  DOMAINS,
  addDays,
  allianceAccounts,
  awardAccount,
  daysBetween,
  followUpState,
  type Alliance,
  type Application,
  type Award,
  type AwardMoney,
  type Decision,
  type DisbursementMethod,
  type Domain,
  type FollowUp,
  type Outcome as DecisionOutcome,
  type Sitting,
} from './model.js';
import { requireApplicant } from './people.js';

// ---------------------------------------------------------------------------------------------
// Applications

export function applicationView(a: Application, actor: Actor) {
  const view = {
    id: a.id,
    applicantId: a.applicantId,
    amountAsked: formatMinor(a.amountAskedMinor),
    domain: a.domain,
    receivedOn: a.receivedOn,
    status: a.status,
    recordedBy: a.recordedBy,
    purpose: a.purpose,
    notes: a.notes,
  };
  return redact(actor, view, { purpose: 'purpose', notes: 'purpose' });
}

export interface ApplicationInput {
  applicantId: string;
  amountAskedMinor: number;
  purpose: string;
  domain: Domain;
  receivedOn: string;
  notes?: string | null | undefined;
}

/** Applications are made in person; a panel member records what was asked. */
export async function recordApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: ApplicationInput,
  once?: Once,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record applications');
  // Every check of the current state runs inside: a retry after the applicant was erased must
  // replay the record made then, not be refused because of what happened since.
  return createOnce<ReturnType<typeof applicationView>>(
    deps,
    ctx,
    once,
    { operation: `record_application:${allianceId}`, input },
    async (remember) => {
      const application = await newApplication(deps, ctx, alliance, input);
      const view = applicationView(application, ctx.actor);
      await deps.store.commit(() => [{ kind: 'application', application }, ...remember(view)]);
      return view;
    },
    {
      keep: (view) => ({ id: view.id }),
      reread: async (kept) =>
        applicationView(await requireApplication(deps, allianceId, kept.id), ctx.actor),
    },
  );
}

async function newApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  input: ApplicationInput,
): Promise<Application> {
  requireDate(input.receivedOn, 'receivedOn', todayOf(alliance, ctx));
  if (input.amountAskedMinor <= 0)
    throw invalid('invalid_amount', 'The amount asked must be more than 0.00.', [
      { path: 'amountAsked', message: 'must be positive' },
    ]);
  if (!DOMAINS.includes(input.domain))
    throw invalid('invalid_domain', `domain must be one of ${DOMAINS.join(', ')}.`, [
      { path: 'domain', message: 'unknown domain' },
    ]);
  const applicant = await requireApplicant(deps, alliance.id, input.applicantId);
  if (applicant.erasedAt)
    throw invalid(
      'applicant_erased',
      'This applicant’s personal data was erased; register them again.',
      [{ path: 'applicantId', message: 'erased' }],
    );
  return {
    id: deps.ids('app'),
    allianceId: alliance.id,
    applicantId: applicant.id,
    amountAskedMinor: input.amountAskedMinor,
    purpose: input.purpose,
    domain: input.domain,
    receivedOn: input.receivedOn,
    notes: input.notes ?? null,
    status: 'received',
    recordedBy: ctx.actor.tokenId,
    createdAt: ctx.now.toISOString(),
  };
}

const requireApplication = async (
  deps: SparksDeps,
  allianceId: string,
  id: string,
): Promise<Application> =>
  inAlliance(
    await deps.sparks.getApplication(id),
    allianceId,
    'application_not_found',
    `application ${id}`,
  );

export async function withdrawApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'withdraw applications');
  const view = async (appId: string) =>
    applicationView(await requireApplication(deps, allianceId, appId), ctx.actor);
  return createOnce<ReturnType<typeof applicationView>>(
    deps,
    ctx,
    once,
    { operation: `withdraw_application:${id}`, input: {}, status: 200 },
    async (remember) => {
      const application = await requireApplication(deps, allianceId, id);
      if (application.status !== 'received' && application.status !== 'deferred')
        throw sparksProblem('not_awaiting_decision');
      const answer = applicationView({ ...application, status: 'withdrawn' }, ctx.actor);
      try {
        await deps.store.commit(() => [
          { kind: 'application_status', applicationId: id, status: 'withdrawn' },
          ...remember(answer),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return answer;
    },
    rereadById(view),
  );
}

/**
 * Applications in received-date order. With a page (the API, the list pages), a keyset page
 * with the filters people use; without, all of them (for callers that need every one).
 */
export async function listApplications(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  status: Application['status'][] | null,
  paged?: { filter: Omit<ApplicationFilter, 'statuses'>; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list applications');
  if (!paged)
    return {
      items: (await deps.sparks.listApplications(allianceId, status)).map((a) =>
        applicationView(a, ctx.actor),
      ),
      next: null,
    };
  const rows = await deps.sparks.pageApplications(
    allianceId,
    { ...paged.filter, ...(status ? { statuses: status } : {}) },
    paged.page,
  );
  const { items, next } = pageOf(rows, paged.page.limit, (a) => a.receivedOn);
  return { items: items.map((a) => applicationView(a, ctx.actor)), next };
}

/** One application from received to heard, with how long each step took. */
export async function getApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read applications');
  const application = await requireApplication(deps, allianceId, id);
  const [decisions, award] = await Promise.all([
    deps.sparks.listDecisions(id),
    deps.sparks.getAwardByApplication(id),
  ]);
  const timeline: {
    on: string;
    event: string;
    amount?: string;
    detail?: string;
    entryId?: string;
  }[] = [
    {
      on: application.receivedOn,
      event: 'received',
      amount: formatMinor(application.amountAskedMinor),
    },
  ];
  for (const d of decisions)
    timeline.push({
      on: d.decidedOn,
      event: d.outcome === 'award' ? 'awarded' : d.outcome === 'decline' ? 'declined' : 'deferred',
      ...(d.amountMinor ? { amount: formatMinor(d.amountMinor) } : {}),
    });
  let awardSummary = null;
  if (award) {
    const [disbursements, returns, followUp, money] = await Promise.all([
      deps.sparks.listDisbursements(award.id),
      deps.sparks.listReturns(award.id),
      deps.sparks.getFollowUp(award.id),
      deps.sparks.awardMoney([award.id]),
    ]);
    for (const p of disbursements)
      timeline.push({
        on: p.paidOn,
        event: 'paid',
        amount: formatMinor(p.amountMinor),
        detail: p.method,
        entryId: p.entryId,
      });
    if (award.cancelledOn) timeline.push({ on: award.cancelledOn, event: 'cancelled' });
    for (const r of returns)
      timeline.push({
        on: r.returnedOn,
        event: 'returned',
        amount: formatMinor(r.amountMinor),
        entryId: r.entryId,
      });
    if (followUp?.status === 'heard' && followUp.heardOn)
      timeline.push({ on: followUp.heardOn, event: 'heard' });
    if (followUp?.status === 'waived')
      timeline.push({ on: followUp.updatedAt.slice(0, 10), event: 'follow-up waived' });
    awardSummary = awardView(award, money.get(award.id)!, followUp, ctx);
  }
  timeline.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const decided = decisions.find((d) => d.outcome !== 'defer');
  const firstPaid = timeline.find((t) => t.event === 'paid');
  return {
    ...applicationView(application, ctx.actor),
    decisions: decisions.map(decisionView),
    award: awardSummary,
    timeline,
    daysToDecision: decided ? daysBetween(application.receivedOn, decided.decidedOn) : null,
    daysToFirstPayment: firstPaid ? daysBetween(application.receivedOn, firstPaid.on) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Sittings and decisions

export function sittingView(s: Sitting) {
  return { id: s.id, heldOn: s.heldOn, members: s.members, conflicts: s.conflicts };
}

/** A sitting records who sat; each member's lived-experience flag is taken as it stands that day. */
export async function openSitting(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: { heldOn: string; memberIds: string[] },
  once?: Once,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record panel sittings');
  requireDate(input.heldOn, 'heldOn', todayOf(alliance, ctx));
  const ids = [...new Set(input.memberIds)];
  if (ids.length === 0 || ids.length > 30)
    throw invalid('invalid_members', 'A sitting lists the 1 to 30 members present.', [
      { path: 'memberIds', message: 'list the members present' },
    ]);
  const members = await deps.sparks.getPanelMembers(ids);
  const known = new Map(members.filter((m) => m.allianceId === allianceId).map((m) => [m.id, m]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw invalid(
      'unknown_member',
      `Not panel members of this alliance: ${unknown.join(', ')}.`,
      unknown.map((id) => ({ path: 'memberIds', message: `unknown member ${id}` })),
    );
  const retired = ids.filter((id) => {
    const on = known.get(id)!.retiredOn;
    return on !== null && on <= input.heldOn;
  });
  if (retired.length)
    throw sparksProblem(
      'panel_member_retired',
      `Retired from the panel before this sitting: ${retired.map((id) => known.get(id)!.name ?? id).join(', ')}.`,
    );
  const sitting: Sitting = {
    id: deps.ids('sit'),
    allianceId,
    heldOn: input.heldOn,
    recordedBy: ctx.actor.tokenId,
    createdAt: ctx.now.toISOString(),
    members: ids.map((id) => ({ memberId: id, livedExperience: known.get(id)!.livedExperience })),
    conflicts: [],
  };
  return createOnce<ReturnType<typeof sittingView>>(
    deps,
    ctx,
    once,
    { operation: `open_sitting:${allianceId}`, input },
    async (remember) => {
      const view = sittingView(sitting);
      await deps.store.commit(() => [{ kind: 'sitting', sitting }, ...remember(view)]);
      return view;
    },
  );
}

const requireSitting = async (deps: SparksDeps, allianceId: string, id: string): Promise<Sitting> =>
  inAlliance(await deps.sparks.getSitting(id), allianceId, 'sitting_not_found', `sitting ${id}`);

export async function getSitting(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read sittings');
  return sittingView(await requireSitting(deps, allianceId, id));
}

/** A member with a conflict on an application does not count towards that decision. */
export async function declareConflict(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  sittingId: string,
  input: { applicationId: string; memberId: string },
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'declare conflicts');
  const sitting = await requireSitting(deps, allianceId, sittingId);
  await requireApplication(deps, allianceId, input.applicationId);
  if (!sitting.members.some((m) => m.memberId === input.memberId))
    throw invalid(
      'member_not_at_sitting',
      `Member ${input.memberId} did not sit at ${sittingId}.`,
      [{ path: 'memberId', message: 'not at this sitting' }],
    );
  const view = async (id: string) => sittingView(await requireSitting(deps, allianceId, id));
  return createOnce<ReturnType<typeof sittingView>>(
    deps,
    ctx,
    once,
    { operation: `declare_conflict:${sittingId}`, input },
    async (remember) => {
      try {
        await deps.store.commit(() => [
          {
            kind: 'conflict',
            sittingId,
            applicationId: input.applicationId,
            memberId: input.memberId,
            declaredAt: ctx.now.toISOString(),
          },
          // Only the sitting's id is remembered; a replay reads the sitting as it is then.
          ...remember(sittingView(sitting)),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return view(sittingId);
    },
    rereadById(view),
  );
}

export function decisionView(d: Decision) {
  return {
    id: d.id,
    sittingId: d.sittingId,
    outcome: d.outcome,
    amount: d.amountMinor === null ? null : formatMinor(d.amountMinor),
    decidedOn: d.decidedOn,
    decidingMembers: d.decidingMembers,
    livedExperienceMembers: d.livedExperienceMembers,
  };
}

export interface DecisionInput {
  sittingId: string;
  outcome: DecisionOutcome;
  amountMinor?: number | undefined;
  purpose?: string | undefined;
  followUpDue?: string | undefined;
  reason?: string | undefined;
}

/**
 * A panel decision. Every rule is checked here first, to say precisely what is wrong, and again
 * by the database inside the batch that records it (decisions_rules trigger, the fund's balance
 * rule), so two decisions racing for the last money in the fund cannot both win.
 */
export async function decide(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicationId: string,
  input: DecisionInput,
  key: string | null | undefined,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'decide applications');
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `decide:${applicationId}`, input },
    async (remember) => {
      const application = await requireApplication(deps, allianceId, applicationId);
      const sitting = await requireSitting(deps, allianceId, input.sittingId);
      const deciding = sitting.members.filter(
        (m) =>
          !sitting.conflicts.some(
            (c) => c.applicationId === applicationId && c.memberId === m.memberId,
          ),
      );
      const lived = deciding.filter((m) => m.livedExperience).length;
      if (application.status !== 'received' && application.status !== 'deferred')
        throw sparksProblem(
          'not_awaiting_decision',
          `Application ${applicationId} is ${application.status}, not awaiting a decision.`,
        );
      if (sitting.heldOn < application.receivedOn) throw sparksProblem('decided_before_received');
      if (deciding.length < alliance.quorum)
        throw sparksProblem(
          'not_quorate',
          `${deciding.length} member(s) without a conflict are deciding; the quorum is ${alliance.quorum}.`,
          { deciding: deciding.length, quorum: alliance.quorum },
        );
      if (alliance.livedExperienceMajority && 2 * lived <= deciding.length)
        throw sparksProblem(
          'lived_experience_minority',
          `${lived} of ${deciding.length} deciding members have lived experience; they must be more than half.`,
          { deciding: deciding.length, livedExperience: lived },
        );

      const decision: Decision = {
        id: deps.ids('dec'),
        allianceId,
        applicationId,
        sittingId: sitting.id,
        outcome: input.outcome,
        amountMinor: input.outcome === 'award' ? (input.amountMinor ?? null) : null,
        reason: input.reason ?? null,
        decidedOn: sitting.heldOn,
        decidedBy: ctx.actor.tokenId,
        decidingMembers: deciding.length,
        livedExperienceMembers: lived,
        createdAt: ctx.now.toISOString(),
      };
      try {
        if (input.outcome !== 'award') {
          if (input.outcome === 'decline' && !input.reason)
            throw invalid('reason_required', 'A decline records its reason.', [
              { path: 'reason', message: 'required to decline' },
            ]);
          const outcome: Outcome = {
            status: 201,
            body: { decision: decisionView(decision), award: null },
          };
          await deps.store.commit(() => [
            { kind: 'decision', decision },
            {
              kind: 'application_status',
              applicationId,
              status: input.outcome === 'decline' ? 'declined' : 'deferred',
            },
            remember(outcome),
          ]);
          return outcome;
        }
        return await award(deps, ctx, alliance, application, decision, input, remember);
      } catch (error) {
        throw explainSparks(error);
      }
    },
  );
}

async function award(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  application: Application,
  decision: Decision,
  input: DecisionInput,
  remember: (o: Outcome) => Write,
): Promise<Outcome> {
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

  const accounts = allianceAccounts(alliance.id);
  const awardId = deps.ids('awd');
  const now = ctx.now.toISOString();
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
        const row: Award = {
          id: awardId,
          allianceId: alliance.id,
          applicationId: application.id,
          applicantId: application.applicantId,
          decisionId: decision.id,
          amountMinor: amount,
          purpose: input.purpose!,
          domain: application.domain,
          awardedOn: decision.decidedOn,
          entryId: entry.id,
          cancelledOn: null,
          cancelReason: null,
          createdAt: now,
        };
        const followUp: FollowUp = {
          awardId,
          allianceId: alliance.id,
          dueOn: followUpDue,
          status: 'due',
          heardOn: null,
          inPerson: null,
          difference: null,
          domainsImproved: null,
          waivedReason: null,
          recordedBy: null,
          updatedAt: now,
        };
        outcome = {
          status: 201,
          body: {
            decision: decisionView(decision),
            award: awardView(
              row,
              { paidMinor: 0, returnedMinor: 0, cancelledMinor: 0, outstandingMinor: amount },
              followUp,
              ctx,
            ),
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
              createdAt: now,
            },
          },
          { kind: 'award', award: row },
          { kind: 'follow_up', followUp },
          remember(outcome),
        ];
      },
    );
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      (error as { code: string }).code === 'balance_rule_violated'
    ) {
      // The fund must cover the award on the decision's date and on every day since: what it
      // held then and what it holds today are the two a panel can act on.
      const fund = await deps.store.getAccount(accounts.fund);
      const today = fund ? -fund.balanceMinor : 0;
      const then = fund ? -(await deps.store.balanceAsOf(fund.id, decision.decidedOn)) : 0;
      const available = Math.min(today, then);
      throw conflict(
        'insufficient_fund',
        'The fund cannot cover this award',
        `The Small Sparks fund held ${formatMinor(then)} on ${decision.decidedOn} and holds ${formatMinor(today)} today; it cannot cover an award of ${formatMinor(amount)} on the sitting's date and every day since. Nothing was written.`,
        { available: formatMinor(available), availableOnDecisionDate: formatMinor(then) },
      );
    }
    throw error;
  }
  return outcome!;
}

// ---------------------------------------------------------------------------------------------
// Awards: payments, cancellation, returns

export function awardView(
  a: Award,
  money: AwardMoney,
  followUp: FollowUp | null,
  ctx: ServiceContext,
) {
  const base = {
    id: a.id,
    applicationId: a.applicationId,
    applicantId: a.applicantId,
    amount: formatMinor(a.amountMinor),
    domain: a.domain,
    awardedOn: a.awardedOn,
    status: a.cancelledOn
      ? 'cancelled'
      : money.outstandingMinor === 0
        ? 'paid'
        : money.paidMinor > 0
          ? 'part-paid'
          : 'awaiting payment',
    paid: formatMinor(money.paidMinor),
    outstanding: formatMinor(money.outstandingMinor),
    cancelled: formatMinor(money.cancelledMinor),
    returned: formatMinor(money.returnedMinor),
    cancelledOn: a.cancelledOn,
    account: awardAccount(a.id),
    entryId: a.entryId,
    followUp: followUp ? followUpView(followUp, ctx) : null,
  };
  return redact(
    ctx.actor,
    { ...base, purpose: a.purpose, cancelReason: a.cancelReason },
    { purpose: 'purpose', cancelReason: 'reason' },
  );
}

const requireAward = async (deps: SparksDeps, allianceId: string, id: string): Promise<Award> =>
  inAlliance(await deps.sparks.getAward(id), allianceId, 'award_not_found', `award ${id}`);

export async function getAward(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read awards');
  const award = await requireAward(deps, allianceId, id);
  const [money, followUp, disbursements, returns] = await Promise.all([
    deps.sparks.awardMoney([id]),
    deps.sparks.getFollowUp(id),
    deps.sparks.listDisbursements(id),
    deps.sparks.listReturns(id),
  ]);
  return {
    ...awardView(award, money.get(id)!, followUp, ctx),
    disbursements: disbursements.map((d) =>
      redact(
        ctx.actor,
        {
          id: d.id,
          method: d.method,
          supplier: d.supplier,
          reference: d.reference,
          amount: formatMinor(d.amountMinor),
          paidOn: d.paidOn,
          entryId: d.entryId,
        },
        { supplier: 'supplier', reference: 'paymentReference' },
      ),
    ),
    returns: returns.map((r) => ({
      id: r.id,
      amount: formatMinor(r.amountMinor),
      returnedOn: r.returnedOn,
      entryId: r.entryId,
    })),
  };
}

/** Awards in awarded-date order with their money: a keyset page when `paged` is given. */
export async function listAwards(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  paged?: { filter: AwardFilter; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list awards');
  const { items: awards, next } = paged
    ? pageOf(
        await deps.sparks.pageAwards(allianceId, paged.filter, paged.page),
        paged.page.limit,
        (a) => a.awardedOn,
      )
    : { items: await deps.sparks.listAwards(allianceId), next: null };
  const ids = awards.map((a) => a.id);
  const [money, followUps] = await Promise.all([
    deps.sparks.awardMoney(ids),
    deps.sparks.followUpsOf(ids),
  ]);
  const byAward = new Map(followUps.map((f) => [f.awardId, f]));
  return {
    items: awards.map((a) => awardView(a, money.get(a.id)!, byAward.get(a.id) ?? null, ctx)),
    next,
  };
}

export interface DisbursementInput {
  method: DisbursementMethod;
  amountMinor: number;
  paidOn: string;
  supplier?: string | undefined;
  reference?: string | undefined;
}

/** Pays (part of) an award. The award account may not go past zero, so payments never exceed the award. */
export async function disburse(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  input: DisbursementInput,
  key: string | null | undefined,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'pay awards');
  requireDate(input.paidOn, 'paidOn', todayOf(alliance, ctx));
  if (input.method === 'supplier_purchase' && !input.supplier)
    throw invalid('supplier_required', 'A purchase on the person’s behalf names the supplier.', [
      { path: 'supplier', message: 'required for supplier_purchase' },
    ]);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `disburse:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      if (award.cancelledOn) throw sparksProblem('award_cancelled');
      if (input.paidOn < award.awardedOn)
        throw invalid('invalid_date', 'A payment cannot precede its award.', [
          { path: 'paidOn', message: 'before the award' },
        ]);
      const money = (await deps.sparks.awardMoney([awardId])).get(awardId)!;
      if (input.amountMinor > money.outstandingMinor) {
        throw conflict(
          'exceeds_award',
          'More than is left on the award',
          `Award ${awardId} has ${formatMinor(money.outstandingMinor)} left to pay; ${formatMinor(input.amountMinor)} is more. Nothing was written.`,
          { outstanding: formatMinor(money.outstandingMinor) },
        );
      }
      const accounts = allianceAccounts(alliance.id);
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId,
            effectiveDate: input.paidOn,
            description: `Small Sparks payment on ${awardId} (${input.method.replace('_', ' ')})`,
            reasonCode: 'disbursement',
            reversesEntryId: null,
            postings: [
              { accountCode: awardAccount(awardId), amountMinor: input.amountMinor },
              { accountCode: accounts.bank, amountMinor: -input.amountMinor },
            ],
          },
          (entry): Write[] => {
            const disbursement = {
              id: deps.ids('dsb'),
              awardId,
              allianceId,
              method: input.method,
              supplier: input.supplier ?? null,
              reference: input.reference ?? null,
              amountMinor: input.amountMinor,
              paidOn: input.paidOn,
              entryId: entry.id,
              recordedBy: ctx.actor.tokenId,
              createdAt: ctx.now.toISOString(),
            };
            outcome = {
              status: 201,
              body: {
                id: disbursement.id,
                awardId,
                method: disbursement.method,
                supplier: disbursement.supplier,
                reference: disbursement.reference,
                amount: formatMinor(disbursement.amountMinor),
                paidOn: disbursement.paidOn,
                entryId: entry.id,
              },
            };
            return [{ kind: 'disbursement', disbursement }, remember(outcome)];
          },
        );
      } catch (error) {
        if (isBalanceRule(error))
          throw conflict(
            'exceeds_award',
            'More than is left on the award',
            `Award ${awardId} does not have ${formatMinor(input.amountMinor)} left to pay. Nothing was written.`,
          );
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}

function isBalanceRule(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'balance_rule_violated';
}

/** Cancels an award: what is still unpaid goes back to the fund, in one entry. */
export async function cancelAward(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  input: { reason: string; cancelledOn?: string | undefined },
  key: string | null | undefined,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'cancel awards');
  const today = todayOf(alliance, ctx);
  const cancelledOn = requireDate(input.cancelledOn ?? today, 'cancelledOn', today);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `cancel:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      if (award.cancelledOn) throw sparksProblem('already_cancelled');
      const [money, followUp] = [
        (await deps.sparks.awardMoney([awardId])).get(awardId)!,
        await deps.sparks.getFollowUp(awardId),
      ];
      if (money.outstandingMinor === 0)
        throw conflict(
          'award_fully_paid',
          'Nothing left to cancel',
          `Award ${awardId} has been paid in full; record money handed back as a return instead. Nothing was written.`,
        );
      const accounts = allianceAccounts(alliance.id);
      const now = ctx.now.toISOString();
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId,
            effectiveDate: cancelledOn,
            description: `Small Sparks award ${awardId} cancelled; unpaid remainder back to the fund`,
            reasonCode: 'award_cancellation',
            reversesEntryId: null,
            postings: [
              { accountCode: awardAccount(awardId), amountMinor: money.outstandingMinor },
              { accountCode: accounts.fund, amountMinor: -money.outstandingMinor },
            ],
          },
          (): Write[] => {
            const writes: Write[] = [
              { kind: 'award_cancel', awardId, cancelledOn, reason: input.reason },
            ];
            // Nothing was paid, so there is nothing to come back and tell: the follow-up is waived.
            if (money.paidMinor === 0 && followUp?.status === 'due') {
              writes.push({
                kind: 'follow_up_close',
                followUp: {
                  ...followUp,
                  status: 'waived',
                  waivedReason: 'Award cancelled before any payment',
                  recordedBy: ctx.actor.tokenId,
                  updatedAt: now,
                },
              });
            }
            outcome = {
              status: 201,
              body: { awardId, cancelledOn, returnedToFund: formatMinor(money.outstandingMinor) },
            };
            writes.push(remember(outcome));
            return writes;
          },
        );
      } catch (error) {
        if (isBalanceRule(error))
          throw conflict(
            'award_changed',
            'The award changed',
            'A payment was recorded on this award meanwhile; try again. Nothing was written.',
          );
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}

/** Money the person hands back goes back into the fund; never more than they were paid. */
export async function recordReturn(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  input: { amountMinor: number; returnedOn: string },
  key: string | null | undefined,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'record returns');
  requireDate(input.returnedOn, 'returnedOn', todayOf(alliance, ctx));
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `return:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      const money = (await deps.sparks.awardMoney([awardId])).get(awardId)!;
      if (input.amountMinor > money.paidMinor - money.returnedMinor) {
        throw sparksProblem(
          'return_exceeds_paid',
          `Award ${awardId} has had ${formatMinor(money.paidMinor)} paid and ${formatMinor(money.returnedMinor)} returned; at most ${formatMinor(money.paidMinor - money.returnedMinor)} can come back.`,
        );
      }
      const accounts = allianceAccounts(alliance.id);
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId,
            effectiveDate: input.returnedOn,
            description: `Money handed back on Small Sparks award ${award.id}`,
            reasonCode: 'grant_return',
            reversesEntryId: null,
            postings: [
              { accountCode: accounts.bank, amountMinor: input.amountMinor },
              { accountCode: accounts.fund, amountMinor: -input.amountMinor },
            ],
          },
          (entry): Write[] => {
            const grantReturn = {
              id: deps.ids('ret'),
              awardId,
              allianceId,
              amountMinor: input.amountMinor,
              returnedOn: input.returnedOn,
              entryId: entry.id,
              recordedBy: ctx.actor.tokenId,
              createdAt: ctx.now.toISOString(),
            };
            outcome = {
              status: 201,
              body: {
                id: grantReturn.id,
                awardId,
                amount: formatMinor(grantReturn.amountMinor),
                returnedOn: grantReturn.returnedOn,
                entryId: entry.id,
              },
            };
            return [{ kind: 'grant_return', grantReturn }, remember(outcome)];
          },
        );
      } catch (error) {
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Impact follow-ups

export function followUpView(f: FollowUp, ctx: ServiceContext) {
  const base = {
    awardId: f.awardId,
    dueOn: f.dueOn,
    state: followUpState(f, isoDateOf(ctx.now)),
    heardOn: f.heardOn,
    inPerson: f.inPerson,
    domainsImproved: f.domainsImproved,
  };
  return redact(
    ctx.actor,
    { ...base, difference: f.difference, waivedReason: f.waivedReason },
    { difference: 'narrative', waivedReason: 'reason' },
  );
}

const requireFollowUp = async (
  deps: SparksDeps,
  allianceId: string,
  awardId: string,
): Promise<FollowUp> =>
  inAlliance(
    await deps.sparks.getFollowUp(awardId),
    allianceId,
    'follow_up_not_found',
    `follow-up for award ${awardId}`,
  );

/** The person came back and said what difference the grant made. */
export async function recordHeard(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  input: { heardOn: string; inPerson: boolean; difference: string; domainsImproved: Domain[] },
  once?: Once,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record follow-ups');
  requireDate(input.heardOn, 'heardOn', todayOf(alliance, ctx));
  const award = await requireAward(deps, allianceId, awardId);
  if (input.heardOn < award.awardedOn)
    throw invalid('invalid_date', 'A follow-up is heard after the award.', [
      { path: 'heardOn', message: 'before the award' },
    ]);
  return closeFollowUpOnce(deps, ctx, allianceId, awardId, once, 'hear', input, (followUp) => ({
    ...followUp,
    status: 'heard',
    heardOn: input.heardOn,
    inPerson: input.inPerson,
    difference: input.difference,
    domainsImproved: [...new Set(input.domainsImproved)],
    recordedBy: ctx.actor.tokenId,
    updatedAt: ctx.now.toISOString(),
  }));
}

/**
 * Closes a due follow-up (heard or waived) at most once per key. The stored answer is only the
 * award's id: a replay reads the follow-up again, so what the person said is never copied into
 * the idempotency table and erasing them erases it from the replay too.
 */
async function closeFollowUpOnce(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  once: Once | undefined,
  verb: 'hear' | 'waive',
  input: unknown,
  close: (followUp: FollowUp) => FollowUp,
) {
  type View = ReturnType<typeof followUpView>;
  const view = async (id: string) => followUpView(await requireFollowUp(deps, allianceId, id), ctx);
  return createOnce<View>(
    deps,
    ctx,
    once,
    { operation: `${verb}_follow_up:${awardId}`, input, status: 200 },
    async (remember) => {
      const followUp = await requireFollowUp(deps, allianceId, awardId);
      if (followUp.status !== 'due') throw sparksProblem('follow_up_closed');
      const next = close(followUp);
      const answer = followUpView(next, ctx);
      try {
        await deps.store.commit(() => [
          { kind: 'follow_up_close', followUp: next },
          ...remember(answer),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return answer;
    },
    { keep: (body) => ({ id: body.awardId }), reread: (kept) => view(kept.id) },
  );
}

export async function waiveFollowUp(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  input: { reason: string },
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'waive follow-ups');
  return closeFollowUpOnce(deps, ctx, allianceId, awardId, once, 'waive', input, (followUp) => ({
    ...followUp,
    status: 'waived',
    waivedReason: input.reason,
    recordedBy: ctx.actor.tokenId,
    updatedAt: ctx.now.toISOString(),
  }));
}

export type FollowUpFilter = 'due-soon' | 'overdue' | 'heard' | 'waived' | 'all';

export async function listFollowUps(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  filter: FollowUpFilter,
  withinDays: number,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list follow-ups');
  const today = todayOf(alliance, ctx);
  const horizon = addDays(today, withinDays);
  const items = (await deps.sparks.listFollowUps(allianceId)).filter((f) => {
    const state = followUpState(f, today);
    if (filter === 'all') return true;
    if (filter === 'due-soon') return state === 'due' && f.dueOn <= horizon;
    return state === filter;
  });
  return { asOf: today, filter, items: items.map((f) => followUpView(f, ctx)) };
}

/** What a sitting works through: who is waiting for a decision, for money, and to be heard. */
export async function workingList(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  withinDays: number,
) {
  const alliance = await ownAlliance(
    deps,
    ctx,
    allianceId,
    SPARKS_READERS,
    'read the working list',
  );
  const today = todayOf(alliance, ctx);
  const horizon = addDays(today, withinDays);
  // Open items only: what waits for a decision, for money, or for a follow-up. What is closed
  // (decided, paid, heard) is never read, however much of it there is.
  const [waiting, awards, followUps] = await Promise.all([
    deps.sparks.listApplications(allianceId, ['received', 'deferred']),
    deps.sparks.unpaidAwards(allianceId),
    deps.sparks.followUpsDueBy(allianceId, horizon),
  ]);
  const [money, ofUnpaid] = await Promise.all([
    deps.sparks.awardMoney(awards.map((a) => a.id)),
    deps.sparks.followUpsOf(awards.map((a) => a.id)),
  ]);
  const byAward = new Map(ofUnpaid.map((f) => [f.awardId, f]));
  return {
    asOf: today,
    awaitingDecision: waiting.map((a) => ({
      ...applicationView(a, ctx.actor),
      waitingDays: daysBetween(a.receivedOn, today),
    })),
    awaitingPayment: awards
      .filter((a) => !a.cancelledOn && money.get(a.id)!.outstandingMinor > 0)
      .map((a) => awardView(a, money.get(a.id)!, byAward.get(a.id) ?? null, ctx)),
    followUpsDue: followUps.map((f) => followUpView(f, ctx)),
  };
}
