import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { formatMinor, sumMinor } from '../money.js';
import { LEDGER_READERS, requireRole } from '../policy.js';
import { entryHashInput } from './hash.js';
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
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  const account = await readableAccount(deps, ctx, code);
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

export type VerifyProblem =
  | 'sequence_gap'
  | 'previous_hash_mismatch'
  | 'hash_mismatch'
  | 'entry_unbalanced'
  | 'too_few_postings';

export interface VerifyReport {
  ok: boolean;
  entriesChecked: number;
  head: { seq: number; hash: string };
  firstBrokenLink: {
    seq: number;
    entryId: string;
    problem: VerifyProblem;
    expected: string;
    found: string;
  } | null;
  balanceMismatches: { account: string; stored: string; posted: string }[];
  /** The database engine's own check of its file (SQLite's quick_check), besides the books'. */
  storage: { check: 'quick_check'; ok: boolean; problems: string[] };
}

/**
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
      broken = checkLink(deps, previous, entry);
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

function checkLink(
  deps: LedgerDeps,
  previous: { seq: number; hash: string },
  entry: Entry,
): VerifyReport['firstBrokenLink'] {
  const at = { seq: entry.seq, entryId: entry.id };
  if (entry.seq !== previous.seq + 1)
    return {
      ...at,
      problem: 'sequence_gap',
      expected: String(previous.seq + 1),
      found: String(entry.seq),
    };
  if (entry.prevHash !== previous.hash)
    return {
      ...at,
      problem: 'previous_hash_mismatch',
      expected: previous.hash,
      found: entry.prevHash,
    };
  const recomputed = deps.hasher(entryHashInput(entry));
  if (recomputed !== entry.hash)
    return { ...at, problem: 'hash_mismatch', expected: recomputed, found: entry.hash };
  if (entry.postings.length < 2)
    return {
      ...at,
      problem: 'too_few_postings',
      expected: '2 or more',
      found: String(entry.postings.length),
    };
  const total = sumMinor(entry.postings.map((p) => p.amountMinor));
  if (total !== 0)
    return { ...at, problem: 'entry_unbalanced', expected: '0', found: String(total) };
  return null;
}
