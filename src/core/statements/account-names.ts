import type { ServiceContext } from '../context.js';
import { pageOf, type Page } from '../paging.js';
import { allianceAccounts } from '../sparks/model.js';
import { STATEMENT_READERS, requireStatementRole, type StatementsDeps } from './common.js';

/**
 * Accounts in words, as a treasurer or an auditor knows them: "Bank account", "Small Sparks
 * fund", "Award to SP-7KQ2-M9XD, not yet paid", "Budget of IB-4F2K". The code (with its internal
 * ids) stays in the API; statements name the account and the reference of whom it is about.
 *
 * `subject` is what the store found the account is about: the applicant's SP- reference for an
 * award, the holder's IB- reference for a budget, the stream's name, or "pool name · IB-…" for a
 * share of a pool. It never holds a person's name.
 */
export function accountName(code: string, storedName: string | null, subject: string | null) {
  const parts = code.split(':');
  const about = subject ?? parts[1] ?? code;
  switch (parts[0]) {
    case 'alliance': {
      const rest = parts.slice(2).join(':');
      if (rest === 'bank') return 'Bank account';
      if (rest === 'fund:sparks') return 'Small Sparks fund';
      if (rest === 'income:brokerage') return 'Brokerage top-slice (income)';
      return storedName ?? rest.replaceAll(':', ' ').replaceAll('_', ' ');
    }
    case 'award':
      return `Award to ${about}, not yet paid`;
    case 'budget':
      return parts[2] === 'held'
        ? `Budget of ${about}: held for spends waiting for approval`
        : `Budget of ${about}`;
    case 'stream':
      return `Funding stream: ${about}`;
    case 'pool': {
      const [pool, member] = subject?.split(' · ') ?? [parts[1], parts[3]];
      return `Pool ${pool}: share of ${member}`;
    }
    default:
      return storedName ?? code;
  }
}

/** "asset" -> "an asset account", "fund" -> "a fund account": the article a reader expects. */
export function accountKind(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} account`;
}

/** How many of the alliance's own accounts a choice of account offers at most. */
export const OWN_ACCOUNTS_LIMIT = 100;

/**
 * The alliance's own accounts (the bank, the fund, income and those a treasurer opened), named,
 * for choosing one: the bank first (the one a treasurer ticks against the bank's own statement),
 * then the Small Sparks fund, then the rest by name. One read of at most `OWN_ACCOUNTS_LIMIT`
 * rows: never the award, budget and pool accounts, one per award and budget, which grow with the
 * alliance's history (issue 14).
 */
export async function ownAccounts(
  deps: StatementsDeps,
  ctx: ServiceContext,
): Promise<{ code: string; name: string }[]> {
  requireStatementRole(ctx, STATEMENT_READERS, 'account statements');
  const allianceId = ctx.actor.allianceId;
  const prefix = `alliance:${allianceId}:`;
  const rows = await deps.statements.accountsPage({
    allianceId,
    after: prefix,
    before: `alliance:${allianceId};`, // ';' follows ':': the codes that start with the prefix
    limit: OWN_ACCOUNTS_LIMIT,
  });
  const own = rows
    .filter((a) => a.code.startsWith(prefix))
    .map((a) => ({ code: a.code, name: accountName(a.code, a.name, a.subject) }));
  const first = [allianceAccounts(allianceId).bank, allianceAccounts(allianceId).fund];
  const rank = (code: string) => (first.includes(code) ? first.indexOf(code) : first.length);
  return own.sort((a, b) => rank(a.code) - rank(b.code) || a.name.localeCompare(b.name, 'en-GB'));
}

/** The accounts of the codes given, in words, those the alliance has. One read of those rows. */
export async function accountNames(
  deps: StatementsDeps,
  ctx: ServiceContext,
  codes: readonly string[],
): Promise<Map<string, string>> {
  requireStatementRole(ctx, STATEMENT_READERS, 'account statements');
  const rows = await deps.statements.accountsNamed({ allianceId: ctx.actor.allianceId, codes });
  return new Map(rows.map((a) => [a.code, accountName(a.code, a.name, a.subject)]));
}

/**
 * One keyset page of the alliance's accounts, named, in code order (so by kind: the alliance's
 * own, then awards, budgets, pools and streams): for choosing a statement when an alliance has
 * thousands of accounts. One read a page; the cursor is `code~code`.
 */
export async function statementAccountsPage(deps: StatementsDeps, ctx: ServiceContext, page: Page) {
  requireStatementRole(ctx, STATEMENT_READERS, 'account statements');
  const rows = await deps.statements.accountsPage({
    allianceId: ctx.actor.allianceId,
    after: page.after?.key ?? null,
    limit: page.limit + 1,
  });
  const named = rows.map((a) => ({
    id: a.code,
    code: a.code,
    name: accountName(a.code, a.name, a.subject),
  }));
  return pageOf(named, page.limit, (a) => a.code);
}

/**
 * The bank account and the Small Sparks fund, named, those the alliance has: the accounts a
 * treasurer ticks first, the bank against the bank's own statement. One read.
 */
export async function firstStatementAccounts(deps: StatementsDeps, ctx: ServiceContext) {
  requireStatementRole(ctx, STATEMENT_READERS, 'account statements');
  const { bank, fund } = allianceAccounts(ctx.actor.allianceId);
  const found = await deps.store.getAccounts([bank, fund]);
  return [bank, fund]
    .filter((code) => found.has(code))
    .map((code) => ({ code, name: accountName(code, found.get(code)!.name, null) }));
}
