import type { ServiceContext } from '../context.js';
import { pageOf, type Page } from '../paging.js';
import { receiptView } from './alliances.js';
import { SPARKS_READERS, ownAlliance, requireDate, todayOf, type SparksDeps } from './common.js';
import type { FollowUpFilter } from './follow-ups.js';
import { followUpView } from './views.js';
import { addDays } from './model.js';

export interface ReceiptFilter {
  /** Received on or after. */
  from?: string;
  /** Received on or before. */
  to?: string;
  restricted?: boolean;
}

/** What the follow-up page asks the store: the state as dates, so the database can filter it. */
export interface FollowUpQuery {
  state: FollowUpFilter;
  today: string;
  /** Last due date of "due soon". */
  horizon: string;
  /** Due on or after. */
  from?: string;
  /** Due on or before. */
  to?: string;
}

const checkDates = (f: { from?: string; to?: string }) => {
  if (f.from) requireDate(f.from, 'from');
  if (f.to) requireDate(f.to, 'to');
};

/** Money received into the fund, in received-date order, a page at a time. */
export async function pageReceipts(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  filter: ReceiptFilter,
  page: Page,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read receipts');
  checkDates(filter);
  const rows = await deps.sparks.pageReceipts(allianceId, filter, page);
  const { items, next } = pageOf(rows, page.limit, (r) => r.receivedOn);
  return { items: items.map(receiptView), next };
}

/**
 * Follow-ups in due-date order, a page at a time, by state (due soon, overdue, heard, waived)
 * and due dates. The state is judged on the alliance's today, in the query, so a page of
 * overdue follow-ups reads only those.
 */
export async function pageFollowUps(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  filter: { state: FollowUpFilter; withinDays: number; from?: string; to?: string },
  page: Page,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list follow-ups');
  checkDates(filter);
  const today = todayOf(alliance, ctx);
  const { withinDays, ...rest } = filter;
  const rows = await deps.sparks.pageFollowUps(
    allianceId,
    { ...rest, today, horizon: addDays(today, withinDays) },
    page,
  );
  const { items, next } = pageOf(
    rows.map((f) => ({ ...f, id: f.awardId })),
    page.limit,
    (f) => f.dueOn,
  );
  return {
    asOf: today,
    filter: filter.state,
    items: items.map(({ id: _id, ...f }) => followUpView(f, ctx)),
    next,
  };
}
