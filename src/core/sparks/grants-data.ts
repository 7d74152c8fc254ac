import type { ServiceContext } from '../context.js';
import { SPARKS_READERS, ownAlliance, requireDate, todayOf, type SparksDeps } from './common.js';
import { followUpState } from './model.js';
import type { PublishInput } from './publish.js';

/** The publisher prefix for identifiers in published grants data. */
export const ORG_ID_PREFIX = '360G-kindling';

/**
 * The awards of a period in the shape the 360Giving package and the CSV register are made from.
 * The person appears only as a key derived from their random applicant id, never by name.
 */
export async function grantsForPublishing(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  period: { from: string | null; to: string | null },
): Promise<PublishInput> {
  const alliance = await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'export grants data');
  if (period.from) requireDate(period.from, 'from');
  if (period.to) requireDate(period.to, 'to');
  const awards = (await deps.sparks.listAwards(allianceId)).filter(
    (a) => (!period.from || a.awardedOn >= period.from) && (!period.to || a.awardedOn <= period.to),
  );
  const [money, followUps] = await Promise.all([
    deps.sparks.awardMoney(awards.map((a) => a.id)),
    deps.sparks.listFollowUps(allianceId),
  ]);
  const byAward = new Map(followUps.map((f) => [f.awardId, f]));
  const today = todayOf(alliance, ctx);
  return {
    alliance: { id: alliance.id, name: alliance.name },
    orgIdPrefix: ORG_ID_PREFIX,
    generatedAt: ctx.now.toISOString(),
    awards: awards.map((a) => {
      const m = money.get(a.id)!;
      const f = byAward.get(a.id);
      return {
        awardId: a.id,
        recipientKey: deps.hasher(`kindling-360g-recipient:${alliance.id}:${a.applicantId}`),
        amountMinor: a.amountMinor,
        awardedOn: a.awardedOn,
        domain: a.domain,
        status: a.cancelledOn ? 'cancelled' : 'active',
        paidMinor: m.paidMinor,
        cancelledMinor: m.cancelledMinor,
        returnedMinor: m.returnedMinor,
        followUpStatus: f ? followUpState(f, today) : 'waived',
      };
    }),
  };
}
