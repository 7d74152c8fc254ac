import type { Actor, ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { readableAccount } from '../ledger/ledger.js';
import { normalBalanceMinor, type Account } from '../ledger/model.js';
import { sumMinor } from '../money.js';
import { allianceAccounts } from '../sparks/model.js';
import { accountKind, accountName } from './account-names.js';
import {
  STATEMENT_READERS,
  allianceFacts,
  generatedOn,
  requireStatementRole,
  sealFor,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';
import { partiesOf, partyWords, statementDescription } from './parties.js';
import {
  STATEMENT_LIMITS,
  dayBefore,
  type Cell,
  type Period,
  type Section,
  type Statement,
} from './model.js';
import type { StatementPosting } from './store.js';

/**
 * One account over a period: the balance brought forward, every posting with its date, entry and
 * description, a running balance, and the balance carried forward. Balances are seen from the
 * account's normal side (a fund holding £2,000 shows 2,000.00), as a statement reader expects.
 * A budget statement is this for the budget's account, with its own template and sections added.
 */
export async function accountStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  code: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const account = await readableAccount(deps, ctx, code); // scope before role
  requireStatementRole(ctx, STATEMENT_READERS, 'account statements');
  const { period, standing } = await statementDates(deps, ctx, account.allianceId, query);
  const headSeq = await snapshotHead(deps);
  const [sections, seal, alliance] = await Promise.all([
    accountSections(deps, account, period, headSeq, ctx.actor),
    sealFor(deps, { allianceId: account.allianceId, from: period.from, to: period.to, headSeq }),
    allianceFacts(deps, account.allianceId),
  ]);
  const name = accountName(account.code, account.name, null);
  const isBank = account.code === allianceAccounts(account.allianceId).bank;
  const identity: Section = {
    kind: 'facts',
    id: 'account',
    facts: [
      { key: 'name', value: name },
      { key: 'kind', value: accountKind(account.type) },
      ...(isBank && alliance.bankName ? [{ key: 'bank', value: alliance.bankName }] : []),
      ...(isBank && alliance.bankAccountEnding
        ? [{ key: 'ending', value: `ending ${alliance.bankAccountEnding}` }]
        : []),
    ],
  };
  return {
    template: 'account',
    organisation: alliance.organisation,
    period,
    standing,
    contact: alliance.contact,
    generatedOn: generatedOn(ctx),
    vars: {
      account: name,
      kind: accountKind(account.type),
      normalSide: account.normalSide,
    },
    sections: [identity, sections.summary, sections.postings],
    seal,
  };
}

export interface AccountSections {
  summary: Section;
  postings: Section;
  openingMinor: number;
  closingMinor: number;
}

/**
 * The summary and the postings table of one account, for any statement built on an account.
 * Refuses a period with more postings than one PDF may hold, before reading any of them.
 */
export async function accountSections(
  deps: StatementsDeps,
  account: Account,
  period: Period,
  headSeq: number,
  reader: Pick<Actor, 'role'>,
): Promise<AccountSections> {
  const [openingSigned, movement] = await Promise.all([
    deps.statements.accountBalance({
      accountId: account.id,
      date: dayBefore(period.from),
      headSeq,
    }),
    deps.statements.accountMovement({
      accountId: account.id,
      from: period.from,
      to: period.to,
      headSeq,
    }),
  ]);
  if (movement.postings > STATEMENT_LIMITS.tableRows) {
    throw invalid(
      'statement_too_long',
      `Account ${account.code} has ${movement.postings} postings in this period; a statement holds at most ${STATEMENT_LIMITS.tableRows}. Choose a shorter period, or export the postings as CSV.`,
      [{ path: 'from', message: 'period too long for one statement' }],
    );
  }
  const closingSigned = sumMinor([openingSigned, movement.debitsMinor, movement.creditsMinor]);
  const normal = (signed: number) => normalBalanceMinor(account, signed);
  const summary: Section = {
    kind: 'facts',
    id: 'summary',
    facts: [
      { key: 'opening', value: { minor: normal(openingSigned) } },
      { key: 'debits', value: { minor: movement.debitsMinor } },
      { key: 'credits', value: { minor: -movement.creditsMinor } },
      { key: 'closing', value: { minor: normal(closingSigned) } },
    ],
  };
  const postings: Section = {
    kind: 'table',
    id: 'postings',
    rowCount: movement.postings,
    rows: () => postingLines(deps, account, period, headSeq, openingSigned, reader),
    totals: { debit: { minor: movement.debitsMinor }, credit: { minor: -movement.creditsMinor } },
  };
  return {
    summary,
    postings,
    openingMinor: normal(openingSigned),
    closingMinor: normal(closingSigned),
  };
}

async function* postingLines(
  deps: StatementsDeps,
  account: Account,
  period: Period,
  headSeq: number,
  openingSigned: number,
  reader: Pick<Actor, 'role'>,
): AsyncGenerator<Record<string, Cell>> {
  let balance = openingSigned;
  for await (const page of accountPostingPages(deps, account.id, period, headSeq)) {
    const parties = await partiesOf(deps, page);
    for (const p of page) {
      balance = sumMinor([balance, p.amountMinor]);
      const { party, reference } = partyWords(reader, parties.get(p.entryId));
      yield {
        date: p.effectiveDate,
        entry: String(p.seq),
        description: statementDescription(reader, p),
        party,
        reference,
        debit: p.amountMinor > 0 ? { minor: p.amountMinor } : '',
        credit: p.amountMinor < 0 ? { minor: -p.amountMinor } : '',
        balance: { minor: normalBalanceMinor(account, balance) },
      };
    }
  }
}

/** An account's postings in a period, read a keyset page at a time: memory stays flat. */
export async function* accountPostings(
  deps: StatementsDeps,
  accountId: number,
  period: Period,
  headSeq: number,
): AsyncGenerator<StatementPosting> {
  for await (const page of accountPostingPages(deps, accountId, period, headSeq)) yield* page;
}

async function* accountPostingPages(
  deps: StatementsDeps,
  accountId: number,
  period: Period,
  headSeq: number,
): AsyncGenerator<StatementPosting[]> {
  let after: { effectiveDate: string; id: number } | null = null;
  for (;;) {
    const page = await deps.statements.accountPostings({
      accountId,
      from: period.from,
      to: period.to,
      headSeq,
      after,
      limit: STATEMENT_LIMITS.pageSize,
    });
    if (page.length) yield page;
    const last = page[page.length - 1];
    if (!last || page.length < STATEMENT_LIMITS.pageSize) return;
    after = { effectiveDate: last.effectiveDate, id: last.id };
  }
}
