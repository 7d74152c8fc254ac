import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { formatMinor } from '../money.js';
import { LEDGER_READERS, requireRole } from '../policy.js';
import type { BrokenLink } from './checkpoints.js';
import { checkLink } from './verify-walk.js';
import { readableAccount, type LedgerDeps } from './ledger.js';
import { GENESIS, isIsoDate, type Entry } from './model.js';
import { postingView, trialBalanceView } from './views.js';

export interface PostingsQuery {
  cursor: string | null;
  limit: number;
  from: string | null;
  to: string | null;
}

/** Keyset pagination in (effective date, posting id) order: page N costs what page 1 costs. */
export async function listPostings(
  deps: LedgerDeps,
  ctx: ServiceContext,
  code: string,
  query: PostingsQuery,
) {
  const account = await readableAccount(deps, ctx, code); // scope before role
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== null && !isIsoDate(value))
      throw invalid('invalid_date', `${name} must be a date written YYYY-MM-DD.`, [
        { path: name, message: 'not a date' },
      ]);
  }
  const after = query.cursor === null ? null : decodeCursor(query.cursor);
  const rows = await deps.store.listPostings({
    accountId: account.id,
    after,
    from: query.from,
    to: query.to,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    account: account.code,
    items: page.map((row) => postingView(row, ctx.actor)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(last.effectiveDate, last.id) : null,
  };
}

function encodeCursor(effectiveDate: string, id: number): string {
  return btoa(`${effectiveDate}|${id}`).replace(/=+$/, '');
}

function decodeCursor(cursor: string): { effectiveDate: string; id: number } {
  let text = '';
  try {
    text = atob(cursor);
  } catch {
    /* fall through to the problem below */
  }
  const match = /^(\d{4}-\d{2}-\d{2})\|(\d{1,15})$/.exec(text);
  if (!match || !isIsoDate(match[1]!))
    throw invalid('invalid_cursor', 'The cursor is not one this API returned.', [
      { path: 'cursor', message: 'not a valid cursor' },
    ]);
  return { effectiveDate: match[1]!, id: Number(match[2]) };
}

export async function trialBalance(deps: LedgerDeps, ctx: ServiceContext, asOf: string | null) {
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  if (asOf !== null && !isIsoDate(asOf))
    throw invalid('invalid_date', 'asOf must be a date written YYYY-MM-DD.', [
      { path: 'asOf', message: 'not a date' },
    ]);
  const rows = await deps.store.trialBalance({ allianceId: ctx.actor.allianceId, asOf });
  return trialBalanceView(rows, asOf, ctx.actor.allianceId);
}

export interface VerifyReport {
  ok: boolean;
  entriesChecked: number;
  head: { seq: number; hash: string };
  firstBrokenLink: BrokenLink | null;
  balanceMismatches: { account: string; stored: string; posted: string }[];
  /** The database engine's own check of its file (SQLite's quick_check), besides the books'. */
  storage: { check: 'quick_check'; ok: boolean; problems: string[] };
}

/**
 * One pass over everything, in one call: for checking a copy of the database file (backups), where
 * nothing may be written. The service's checks are in verify.ts: incremental, and in pages.
 *
 * Recomputes the whole hash chain from the genesis and checks every stored balance against the
 * sum of its postings. Reports the first entry where the chain breaks. Streams the chain in
 * pages, so memory stays flat however long the ledger is.
 */
export async function verifyLedger(deps: LedgerDeps, ctx: ServiceContext): Promise<VerifyReport> {
  requireRole(ctx.actor, LEDGER_READERS, 'verify the ledger');
  // First, so a damaged file is reported even when reading the chain then fails on it.
  const storageProblems = (await deps.store.integrityCheck()).slice(0, 20);
  let previous = GENESIS;
  let checked = 0;
  let broken: VerifyReport['firstBrokenLink'] = null;
  const pageSize = 1000;
  outer: for (;;) {
    const page: Entry[] = await deps.store.chainPage(previous.seq, pageSize);
    for (const entry of page) {
      broken = checkLink(deps.hasher, previous, entry);
      if (broken) break outer;
      previous = { seq: entry.seq, hash: entry.hash };
      checked += 1;
    }
    if (page.length < pageSize) break;
  }
  const mismatches = await deps.store.balanceMismatches(20);
  return {
    ok: broken === null && mismatches.length === 0 && storageProblems.length === 0,
    entriesChecked: checked,
    head: previous,
    firstBrokenLink: broken,
    balanceMismatches: mismatches.map((m) => ({
      account: m.code,
      stored: formatMinor(m.storedMinor),
      posted: formatMinor(m.postedMinor),
    })),
    storage: { check: 'quick_check', ok: storageProblems.length === 0, problems: storageProblems },
  };
}
