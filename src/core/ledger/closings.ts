import { pageOf, type Page } from '../paging.js';
import { localDate } from '../dates.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { LEDGER_READERS, requireRole } from '../policy.js';
import { createOnce, type Once } from '../idempotency.js';
import { StoreRejection, type Write } from '../store.js';
import { todayFor, type LedgerDeps } from './ledger.js';
import { isIsoDate } from './model.js';

/** One closing of the books: nothing dated on or before `closedThrough` is written after it. */
export interface PeriodClosing {
  id: string;
  allianceId: string;
  closedThrough: string;
  /** The token that closed them (the ledger's actor, never a person's name). */
  closedBy: string;
  closedAt: string;
}

export const closingView = (c: PeriodClosing) => ({
  id: c.id,
  closedThrough: c.closedThrough,
  closedBy: c.closedBy,
  closedAt: c.closedAt,
});

/**
 * A coordinator closes the books up to a date (usually the end of a period whose statements went
 * to the auditor). The lock date only moves forward, and never past today: the database refuses
 * both too (drizzle/0009), and from then on refuses every entry dated on or before it.
 */
export async function closePeriod(
  deps: LedgerDeps,
  ctx: ServiceContext,
  input: { closedThrough: string },
  once?: Once,
) {
  requireRole(ctx.actor, ['coordinator'], 'close the books');
  if (!isIsoDate(input.closedThrough))
    throw invalid('invalid_date', 'closedThrough must be a real date written YYYY-MM-DD.', [
      { path: 'closedThrough', message: 'not a date' },
    ]);
  return createOnce<ReturnType<typeof closingView>>(
    deps,
    ctx,
    once,
    { operation: 'close_period', input },
    (remember) => close(deps, ctx, input.closedThrough, remember),
  );
}

async function close(
  deps: LedgerDeps,
  ctx: ServiceContext,
  closedThrough: string,
  remember: (view: ReturnType<typeof closingView>) => Write[],
) {
  const allianceId = ctx.actor.allianceId;
  const input = { closedThrough };
  const [books, today] = [
    await deps.store.bookDates(allianceId),
    await todayFor(deps, ctx, allianceId),
  ];
  if (input.closedThrough > today)
    throw invalid(
      'future_date',
      `The books can be closed up to today (${today}) at the latest; ${input.closedThrough} is ahead. Nothing was written.`,
      [{ path: 'closedThrough', message: `after today (${today})` }],
    );
  if (books.lockedThrough !== null && input.closedThrough <= books.lockedThrough)
    throw lockNotForward(books.lockedThrough);
  const closing: PeriodClosing = {
    id: deps.ids('cls'),
    allianceId,
    closedThrough: input.closedThrough,
    closedBy: ctx.actor.tokenId,
    closedAt: ctx.now.toISOString(),
  };
  try {
    await deps.store.commit(() => [
      { kind: 'period_closing', closing },
      ...remember(closingView(closing)),
    ]);
  } catch (error) {
    if (error instanceof StoreRejection && error.reason === 'lock_not_forward')
      throw lockNotForward((await deps.store.bookDates(allianceId)).lockedThrough);
    throw error;
  }
  return closingView(closing);
}

function lockNotForward(lockedThrough: string | null) {
  return conflict(
    'lock_not_forward',
    'The books are already closed further',
    `The books are already closed up to ${lockedThrough}; a closing only moves that date forward. Nothing was written.`,
    { lockedThrough },
  );
}

/** The lock date that stands, today, and the closings a keyset page at a time, latest first. */
export async function listClosings(deps: LedgerDeps, ctx: ServiceContext, page: Page) {
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  const allianceId = ctx.actor.allianceId;
  const [rows, books] = await Promise.all([
    deps.store.listClosings(allianceId, page),
    deps.store.bookDates(allianceId),
  ]);
  const { items, next } = pageOf(rows, page.limit, (x) => x.closedThrough);
  return {
    lockedThrough: books.lockedThrough,
    today: localDate(ctx.now, books.timeZone),
    items: items.map(closingView),
    next,
  };
}
