import type { ServiceContext } from '../context.js';
import { isoDateOf } from '../ledger/model.js';
import Decimal from 'decimal.js';
import { formatMinor } from '../money.js';
import { countOf, daysHistogram, medianOf, paidOf } from '../reports/figures.js';
import { SPARKS_READERS, ownAlliance, requireDate, type SparksDeps } from './common.js';
import { DOMAINS, type Domain } from './model.js';

/** Counts below this are shown as "<5", so no one can be recognised from a small number. */
export const SUPPRESS_BELOW = 5;

const count = (n: number): number | string =>
  n > 0 && n < SUPPRESS_BELOW ? `<${SUPPRESS_BELOW}` : n;

/**
 * Totals for commissioners and the alliance: how many asked, how quickly they were decided and
 * paid (awards are meant to be quick), what the money was for by recovery-capital domain, and
 * how many came back to say what difference it made. Applications received in the period; no
 * person appears, and small counts are suppressed.
 */
export async function sparksReport(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  period: { from: string; to: string },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read reports');
  requireDate(period.from, 'from');
  requireDate(period.to, 'to');
  const f = await deps.sparks.reportFigures({
    allianceId,
    from: period.from,
    to: period.to,
    today: isoDateOf(ctx.now),
  });
  const withStatus = (...statuses: string[]) =>
    count(countOf(f.applications, (r) => statuses.includes(r.status)));
  const followUps = (state: string) => countOf(f.followUps, (r) => r.state === state);
  const heard = followUps('heard');
  const closedOrLate = countOf(f.followUps, (r) => r.state !== 'due');
  const byDomain = Object.fromEntries(
    DOMAINS.map((d: Domain) => {
      const inDomain = countOf(f.awards, (r) => r.domain === d);
      const paid = paidOf(f.awards, (r) => r.domain === d);
      return [
        d,
        {
          awards: count(inDomain),
          paid: inDomain >= SUPPRESS_BELOW || inDomain === 0 ? formatMinor(paid) : 'suppressed',
        },
      ];
    }),
  ) as Record<Domain, { awards: number | string; paid: string }>;
  return {
    allianceId,
    period,
    suppressedBelow: SUPPRESS_BELOW,
    applications: count(countOf(f.applications)),
    awarded: withStatus('awarded'),
    declined: withStatus('declined'),
    awaitingDecision: withStatus('received', 'deferred'),
    medianDaysToDecision: medianOf(daysHistogram(f.applications, (r) => r.decisionDays)),
    medianDaysToFirstPayment: medianOf(daysHistogram(f.awards, (r) => r.paymentDays)),
    paid: formatMinor(paidOf(f.awards)),
    followUps: {
      heard: count(heard),
      overdue: count(followUps('overdue')),
      waived: count(followUps('waived')),
      heardRate: closedOrLate
        ? `${new Decimal(100).times(heard).dividedBy(closedOrLate).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()}%`
        : null,
    },
    byDomain,
  };
}
