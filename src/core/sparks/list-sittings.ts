import type { ServiceContext } from '../context.js';
import { pageOf, type Page } from '../paging.js';
import { PANEL_WORK, ownAlliance, requireDate, type SparksDeps } from './common.js';

/** A sitting as the panel remembers it: the day, who sat, and what it heard and decided. */
export interface SittingSummary {
  id: string;
  heldOn: string;
  /** How many members sat. */
  members: number;
  /** Applications heard: every decision made there, deferrals included. */
  heard: number;
  awarded: number;
  declined: number;
  deferred: number;
}

export interface SittingFilter {
  /** Held on or after. */
  from?: string;
  /** Held on or before. */
  to?: string;
  /** `open`: nothing decided there yet; `decided`: at least one decision made there. */
  state?: 'open' | 'decided';
}

export const SITTING_STATES = ['open', 'decided'] as const;

/**
 * The alliance's sittings, latest first, a page at a time. Minutes carry the panel's words, so
 * the list (which leads to them) is for the panel and coordinators, as the minutes are.
 */
export async function pageSittings(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  filter: SittingFilter,
  page: Page,
): Promise<{ items: SittingSummary[]; next: string | null }> {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'read panel sittings');
  if (filter.from) requireDate(filter.from, 'from');
  if (filter.to) requireDate(filter.to, 'to');
  const rows = await deps.sparks.pageSittings(allianceId, filter, page);
  return pageOf(rows, page.limit, (s) => s.heldOn);
}
