// The trial balance statement as it was built before it streamed (every row in memory, sorted
// in JS): the oracle the streamed PDF is checked against (test/statements/trial-balance-stream).
import type { ServiceContext } from '../../src/core/context.js';
import { sumMinor } from '../../src/core/money.js';
import {
  STATEMENT_READERS,
  generatedOn,
  organisationName,
  requireStatementRole,
  sealFor,
  type StatementsDeps,
} from '../../src/core/statements/common.js';
import { localDate } from '../../src/core/dates.js';
import { accountName } from '../../src/core/statements/account-names.js';
import {
  earlier,
  resolveAsOf,
  standingOf,
  type Statement,
} from '../../src/core/statements/model.js';

/**
 * Every account of the caller's alliance with a balance at the end of a date (today unless asked),
 * named in words, in debit and credit
 * columns whose totals agree: the same figures as GET /v1/ledger/trial-balance?asOf=.
 */
export async function oldTrialBalanceStatement(
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
  // The sums and their chain head come from one statement; the seal is then read up to that head.
  const { headSeq, rows } = await deps.statements.trialBalanceAt({ allianceId, asOf });
  const [seal, organisation] = await Promise.all([
    sealFor(deps, { allianceId, from: null, to: asOf, headSeq }),
    organisationName(deps, allianceId),
  ]);
  const debits = sumMinor(rows.filter((r) => r.balanceMinor > 0).map((r) => r.balanceMinor));
  const credits = -sumMinor(rows.filter((r) => r.balanceMinor < 0).map((r) => r.balanceMinor));
  // Double entry makes them equal; if they are not, the books are broken and the statement must not be issued.
  if (debits !== credits)
    throw new Error(
      `trial balance of ${allianceId} at ${asOf} does not balance: debits ${debits}, credits ${credits}`,
    );
  // Grouped as a balance sheet reads (assets first), then by name: a reader finds an account by
  // what it is, not by its code.
  const named = rows
    .map((r) => ({ ...r, account: accountName(r.code, r.name, r.subject) }))
    .sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
        a.account.localeCompare(b.account, 'en-GB') ||
        a.code.localeCompare(b.code),
    );
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
          { key: 'accounts', value: String(rows.length) },
          { key: 'debits', value: { minor: debits } },
          { key: 'credits', value: { minor: credits } },
        ],
      },
      {
        kind: 'table',
        id: 'accounts',
        rowCount: rows.length,
        rows: () =>
          named.map((r) => ({
            account: r.account,
            type: r.type,
            debit: r.balanceMinor > 0 ? { minor: r.balanceMinor } : '',
            credit: r.balanceMinor < 0 ? { minor: -r.balanceMinor } : '',
          })),
        totals: { debit: { minor: debits }, credit: { minor: credits } },
      },
    ],
    seal,
  };
}

const TYPE_ORDER: readonly string[] = ['asset', 'liability', 'fund', 'income', 'expense'];
