import type { ServiceContext } from '../context.js';
import {
  STATEMENT_READERS,
  generatedOn,
  organisationName,
  requireStatementRole,
  sealFor,
  type StatementsDeps,
} from './common.js';
import { localDate } from '../dates.js';
import { accountName } from './account-names.js';
import {
  earlier,
  resolveAsOf,
  STATEMENT_LIMITS,
  standingOf,
  type Cell,
  type Statement,
} from './model.js';
import type { TrialBalanceRowRead } from './store.js';

/**
 * Every account of the caller's alliance with a balance at the end of a date (today unless asked),
 * named in words, in debit and credit
 * columns whose totals agree: the same figures as GET /v1/ledger/trial-balance?asOf=.
 */
export async function trialBalanceStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  query: { asOf: string | null },
): Promise<Statement> {
  requireStatementRole(ctx, STATEMENT_READERS, 'the trial balance');
  const allianceId = ctx.actor.allianceId;
  const books = await deps.store.bookDates(allianceId);
  const today = localDate(ctx.now, books.timeZone);
  // Nothing is dated after today, so a later date would show today's balances under a date
  // that has not come: the statement is at today instead.
  const asOf = earlier(resolveAsOf(query.asOf, today), today);
  // The sums and their chain head come from one statement; the seal and every row are then read
  // as they stood at that head, so the two passes of the PDF (count, then draw) agree.
  const sums = await deps.statements.trialBalanceSums({ allianceId, asOf });
  const { headSeq, debitsMinor: debits, creditsMinor: credits } = sums;
  const [seal, organisation] = await Promise.all([
    sealFor(deps, { allianceId, from: null, to: asOf, headSeq }),
    organisationName(deps, allianceId),
  ]);
  // Double entry makes them equal; if they are not, the books are broken and the statement must not be issued.
  if (debits !== credits)
    throw new Error(
      `trial balance of ${allianceId} at ${asOf} does not balance: debits ${debits}, credits ${credits}`,
    );
  const at = { allianceId, asOf, headSeq };
  async function* rows(): AsyncGenerator<Record<string, Cell>> {
    for await (const r of inOrder(deps, at))
      yield {
        account: r.account,
        type: r.type,
        debit: r.balanceMinor > 0 ? { minor: r.balanceMinor } : '',
        credit: r.balanceMinor < 0 ? { minor: -r.balanceMinor } : '',
      };
  }
  return {
    template: 'trial-balance',
    organisation,
    period: { from: null, to: asOf },
    standing: standingOf(asOf, today, books.lockedThrough),
    generatedOn: generatedOn(ctx),
    vars: {},
    sections: [
      {
        kind: 'facts',
        id: 'summary',
        facts: [
          { key: 'accounts', value: String(sums.accounts) },
          { key: 'debits', value: { minor: debits } },
          { key: 'credits', value: { minor: credits } },
        ],
      },
      {
        kind: 'table',
        id: 'accounts',
        rowCount: sums.accounts,
        rows,
        totals: { debit: { minor: debits }, credit: { minor: credits } },
      },
    ],
    seal,
  };
}

const TYPE_ORDER: readonly string[] = ['asset', 'liability', 'fund', 'income', 'expense'];

type Named = TrialBalanceRowRead & { account: string };

/**
 * Grouped as a balance sheet reads (assets first), then by name: a reader finds an account by
 * what it is, not by its code.
 */
const byPlace = (a: Named, b: Named) =>
  TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
  a.account.localeCompare(b.account, 'en-GB') ||
  a.code.localeCompare(b.code);

/**
 * The rows in the statement's order, never all at once: the award and budget accounts (which
 * grow with the data) come from the database a page at a time already in that order (their names
 * are a fixed text and a reference, whose byte order is the en-GB order), merged with the few
 * other accounts, read at once and sorted here.
 */
async function* inOrder(
  deps: StatementsDeps,
  at: { allianceId: string; asOf: string; headSeq: number },
): AsyncGenerator<Named> {
  const named = (r: TrialBalanceRowRead): Named => ({
    ...r,
    account: accountName(r.code, r.name, r.subject),
  });
  const rest = (await deps.statements.trialBalanceRows({ ...at, bulk: null }))
    .map(named)
    .sort(byPlace);
  let next = 0;
  let after: { typeRank: number; name: string; code: string } | null = null;
  for (;;) {
    const limit = STATEMENT_LIMITS.pageSize;
    const page: Named[] = (
      await deps.statements.trialBalanceRows({ ...at, bulk: { after, limit } })
    ).map(named);
    for (const r of page) {
      while (next < rest.length && byPlace(rest[next]!, r) < 0) yield rest[next++]!;
      yield r;
    }
    if (page.length < limit) break;
    const last: Named = page[page.length - 1]!;
    after = { typeRank: last.typeRank, name: last.sortName!, code: last.code };
  }
  while (next < rest.length) yield rest[next++]!;
}
