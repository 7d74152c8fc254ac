import type { Actor, ServiceContext } from '../context.js';
import { isoDateOf } from '../ledger/model.js';
import { formatMinor } from '../money.js';
import { redact } from '../redaction.js';
import {
  awardAccount,
  followUpState,
  type Application,
  type Award,
  type AwardMoney,
  type Decision,
  type FollowUp,
  type Sitting,
} from './model.js';

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

export function sittingView(s: Sitting) {
  return { id: s.id, heldOn: s.heldOn, members: s.members, conflicts: s.conflicts };
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
