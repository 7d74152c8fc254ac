import type { ServiceContext } from '../context.js';
import { SPARKS_READERS, ownAlliance, requireDate, todayOf, type SparksDeps } from './common.js';
import type { Alliance, Award } from './model.js';
import { followUpState } from './model.js';
import type { PublishHead, PublishedAward } from './publish.js';
import type { AwardPages } from './publish-stream.js';

/** The publisher prefix for identifiers in published grants data. */
export const ORG_ID_PREFIX = '360G-kindling';

/** Awards read at a time while a published file streams: four queries a page, whatever the size. */
export const PUBLISH_PAGE_SIZE = 500;

/**
 * The awards of a period in the shape the 360Giving package and the CSV register are made from,
 * a page at a time: each page is one keyset read of awards (award date, then id: the published
 * order), one of their money in the ledger and one of their follow-ups. The first page is read
 * here, before anything is sent, so an empty period can still be refused with a problem; the
 * rest are read as the file is written. The person appears only as a key derived from their
 * random applicant id, never by name.
 *
 * Pages are read one after another, not in one transaction: an award made while the file is
 * being written appears in it if it sorts after the page being read, and a payment recorded
 * meanwhile shows in the awards read after it. The file is a true account of each award as it
 * was read, which is what a download at a moment gives anyway.
 */
export async function grantsForPublishing(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  period: { from: string | null; to: string | null },
  pageSize: number = PUBLISH_PAGE_SIZE,
): Promise<AwardPages & { empty: boolean }> {
  const alliance = await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'export grants data');
  if (period.from) requireDate(period.from, 'from');
  if (period.to) requireDate(period.to, 'to');
  const head: PublishHead = {
    alliance: { id: alliance.id, name: alliance.name },
    orgIdPrefix: ORG_ID_PREFIX,
    generatedAt: ctx.now.toISOString(),
  };
  const filter = { ...(period.from && { from: period.from }), ...(period.to && { to: period.to }) };
  const read = async (after: { key: string; id: string } | null) => {
    const rows = await deps.sparks.pageAwards(allianceId, filter, { after, limit: pageSize });
    const awards = rows.slice(0, pageSize);
    const last = awards[awards.length - 1];
    return {
      published: await published(deps, ctx, alliance, awards),
      next: rows.length > pageSize && last ? { key: last.awardedOn, id: last.id } : null,
    };
  };
  const first = await read(null);
  async function* pages(): AsyncGenerator<readonly PublishedAward[]> {
    let page = first;
    yield page.published;
    while (page.next) {
      page = await read(page.next);
      yield page.published;
    }
  }
  return { head, pages: pages(), empty: first.published.length === 0 };
}

async function published(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  awards: readonly Award[],
): Promise<PublishedAward[]> {
  if (awards.length === 0) return [];
  const ids = awards.map((a) => a.id);
  const [money, followUps] = await Promise.all([
    deps.sparks.awardMoney(ids),
    deps.sparks.followUpsOf(ids),
  ]);
  const byAward = new Map(followUps.map((f) => [f.awardId, f]));
  const today = todayOf(alliance, ctx);
  return awards.map((a) => {
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
  });
}
