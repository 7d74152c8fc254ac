/**
 * The Small Sparks report as it was computed before issue 14 (in JS, from every application of
 * the alliance): the oracle the SQL aggregates are checked against.
 */
import type { ServiceContext } from '../../src/core/context.js';
import { isoDateOf } from '../../src/core/ledger/model.js';
import { formatMinor, sumMinor } from '../../src/core/money.js';
import {
  SPARKS_READERS,
  ownAlliance,
  requireDate,
  type SparksDeps,
} from '../../src/core/sparks/common.js';
import { DOMAINS, daysBetween, followUpState, type Domain } from '../../src/core/sparks/model.js';

/** Counts below this are shown as "<5", so no one can be recognised from a small number. */
export const SUPPRESS_BELOW = 5;

const count = (n: number): number | string =>
  n > 0 && n < SUPPRESS_BELOW ? `<${SUPPRESS_BELOW}` : n;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Totals for commissioners and the alliance: how many asked, how quickly they were decided and
 * paid (awards are meant to be quick), what the money was for by recovery-capital domain, and
 * how many came back to say what difference it made. Applications received in the period; no
 * person appears, and small counts are suppressed.
 */
export async function oldSparksReport(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  period: { from: string; to: string },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read reports');
  requireDate(period.from, 'from');
  requireDate(period.to, 'to');
  const today = isoDateOf(ctx.now);
  const applications = (await deps.sparks.listApplications(allianceId, null)).filter(
    (a) => a.receivedOn >= period.from && a.receivedOn <= period.to,
  );
  const received = new Set(applications.map((a) => a.id));
  const awards = (await deps.sparks.listAwards(allianceId)).filter((w) =>
    received.has(w.applicationId),
  );
  const [money, followUps, times] = await Promise.all([
    deps.sparks.awardMoney(awards.map((w) => w.id)),
    deps.sparks.listFollowUps(allianceId),
    deps.sparks.applicationTimes(allianceId),
  ]);
  const followUpOf = new Map(followUps.map((f) => [f.awardId, f]));
  const toDecision: number[] = [];
  const toPayment: number[] = [];
  for (const a of applications) {
    const { decidedOn, firstPaidOn } = times.get(a.id) ?? { decidedOn: null, firstPaidOn: null };
    if (decidedOn) toDecision.push(daysBetween(a.receivedOn, decidedOn));
    if (firstPaidOn) toPayment.push(daysBetween(a.receivedOn, firstPaidOn));
  }
  const states = awards
    .map((w) => followUpOf.get(w.id))
    .filter((f) => f !== undefined)
    .map((f) => followUpState(f, today));
  const heard = states.filter((s) => s === 'heard').length;
  const closedOrLate = states.filter((s) => s !== 'due').length;
  const byDomain = Object.fromEntries(
    DOMAINS.map((d: Domain) => {
      const inDomain = awards.filter((w) => w.domain === d);
      const paid = sumMinor(inDomain.map((w) => money.get(w.id)!.paidMinor));
      return [
        d,
        {
          awards: count(inDomain.length),
          paid:
            inDomain.length >= SUPPRESS_BELOW || inDomain.length === 0
              ? formatMinor(paid)
              : 'suppressed',
        },
      ];
    }),
  ) as Record<Domain, { awards: number | string; paid: string }>;
  return {
    allianceId,
    period,
    suppressedBelow: SUPPRESS_BELOW,
    applications: count(applications.length),
    awarded: count(applications.filter((a) => a.status === 'awarded').length),
    declined: count(applications.filter((a) => a.status === 'declined').length),
    awaitingDecision: count(
      applications.filter((a) => a.status === 'received' || a.status === 'deferred').length,
    ),
    medianDaysToDecision: median(toDecision),
    medianDaysToFirstPayment: median(toPayment),
    paid: formatMinor(sumMinor(awards.map((w) => money.get(w.id)!.paidMinor))),
    followUps: {
      heard: count(heard),
      overdue: count(states.filter((s) => s === 'overdue').length),
      waived: count(states.filter((s) => s === 'waived').length),
      heardRate: closedOrLate ? `${Math.round((100 * heard) / closedOrLate)}%` : null,
    },
    byDomain,
  };
}
