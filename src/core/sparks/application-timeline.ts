import type { ServiceContext } from '../context.js';
import { formatMinor } from '../money.js';
import { SPARKS_READERS, ownAlliance, type SparksDeps } from './common.js';
import { daysBetween } from './model.js';
import { requireApplication } from './applications.js';
import { applicationView, decisionView, awardView } from './views.js';

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
