import type { ServiceContext } from '../context.js';
import type { BudgetDeps } from '../budgets/common.js';
import { poolAccess } from '../budgets/pools.js';
import { poolShareAccount, type PoolMember, type PoolPurchase } from '../budgets/model.js';
import { normalBalanceMinor } from '../ledger/model.js';
import { sumMinor } from '../money.js';
import { accountPostings } from './account.js';
import { mayRead } from '../redaction.js';
import type { Account } from '../ledger/model.js';
import { dayBefore, type Cell, type Period, type Section, type Statement } from './model.js';
import {
  allianceFacts,
  generatedOn,
  sealFor,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';

/**
 * A pool's statement for a period: each member's contributions, every purchase and how it was
 * shared among the members, leavings, and each member's share at the start and the end. The
 * pool's coordinator, the alliance coordinator and auditors see every member; a member sees the
 * pool's purchases and their own share only, as in the app.
 */
export async function poolStatement(
  deps: StatementsDeps & BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const { pool, members, visible, seesAll } = await poolAccess(deps, ctx, poolId);
  const { period, standing } = await statementDates(deps, ctx, pool.allianceId, query);
  const read: Reading = { deps, ctx, poolId, period, headSeq: await snapshotHead(deps) };
  const purchases = new Map(
    (await deps.budgets.listPoolPurchases(poolId)).map((p) => [p.entryId, p]),
  );
  const lines: MemberLines[] = [];
  for (const member of visible) {
    const got = await memberLines(read, member.budgetId, purchases);
    if (got) lines.push(got);
  }
  const all = (pick: (l: MemberLines) => Record<string, Cell>[]) => lines.flatMap(pick);
  const sum = (pick: (l: MemberLines) => number) => sumMinor(lines.map(pick));
  const totals = {
    opening: sum((l) => l.opening),
    contributed: sum((l) => l.contributed),
    charged: sum((l) => l.charged),
    left: sum((l) => l.left),
    closing: sum((l) => l.closing),
  };
  const [alliance, seal] = await Promise.all([
    allianceFacts(deps, pool.allianceId),
    sealFor(deps, {
      allianceId: pool.allianceId,
      from: period.from,
      to: period.to,
      headSeq: read.headSeq,
    }),
  ]);
  return {
    template: 'pool',
    organisation: alliance.organisation,
    period,
    standing,
    contact: alliance.contact,
    generatedOn: generatedOn(ctx),
    vars: {
      pool: pool.name,
      splitRule: pool.splitRule === 'pro_rata' ? 'in proportion to their shares' : 'equally',
    },
    sections: [
      facts(seesAll ? 'summary' : 'yours', totals),
      // A member sees what the whole pool holds, not the other members' shares.
      ...(seesAll ? [] : [facts('pool', await poolHoldings(read, members))]),
      table(
        'contributions',
        all((l) => l.contributions),
        { amount: { minor: totals.contributed } },
      ),
      table(
        'purchases',
        all((l) => l.charges),
        { charged: { minor: totals.charged } },
      ),
      table(
        'leavings',
        all((l) => l.leavings),
        { amount: { minor: totals.left } },
      ),
      {
        kind: 'table',
        id: 'shares',
        rowCount: lines.length,
        rows: () =>
          lines.map((l) => ({
            member: l.label,
            opening: { minor: l.opening },
            closing: { minor: l.closing },
          })),
        totals: { opening: { minor: totals.opening }, closing: { minor: totals.closing } },
      },
    ],
    seal,
  };
}

interface Reading {
  deps: StatementsDeps & BudgetDeps;
  ctx: ServiceContext;
  poolId: string;
  period: Period;
  headSeq: number;
}

interface MemberLines {
  label: string;
  opening: number;
  closing: number;
  contributed: number;
  charged: number;
  left: number;
  contributions: Record<string, Cell>[];
  charges: Record<string, Cell>[];
  leavings: Record<string, Cell>[];
}

const facts = (id: string, amounts: Record<string, number>): Section => ({
  kind: 'facts',
  id,
  facts: Object.entries(amounts).map(([key, minor]) => ({ key, value: { minor } })),
});

const byDateThenEntry = (a: Record<string, Cell>, b: Record<string, Cell>) =>
  String(a.date).localeCompare(String(b.date)) ||
  Number(a.entry) - Number(b.entry) ||
  String(a.member).localeCompare(String(b.member));

const table = (id: string, rows: Record<string, Cell>[], total: Record<string, Cell>): Section => ({
  kind: 'table',
  id,
  rowCount: rows.length,
  rows: () => rows.sort(byDateThenEntry),
  totals: total,
});

/** A share account's balance at the end of a day, as of the statement's chain head. */
async function shareAt(read: Reading, account: Account, date: string): Promise<number> {
  return normalBalanceMinor(
    account,
    await read.deps.statements.accountBalance({
      accountId: account.id,
      date,
      headSeq: read.headSeq,
    }),
  );
}

/** What the whole pool holds at the start and the end, from every member's share account. */
async function poolHoldings(read: Reading, members: PoolMember[]) {
  const opening: number[] = [];
  const closing: number[] = [];
  for (const member of members) {
    const account = await read.deps.store.getAccount(
      poolShareAccount(read.poolId, member.budgetId),
    );
    if (!account) continue;
    opening.push(await shareAt(read, account, dayBefore(read.period.from)));
    closing.push(await shareAt(read, account, read.period.to));
  }
  return { opening: sumMinor(opening), closing: sumMinor(closing) };
}

/** One member's share: what they put in, what purchases charged them, what they took back. */
async function memberLines(
  read: Reading,
  budgetId: string,
  purchases: Map<string, PoolPurchase>,
): Promise<MemberLines | null> {
  const { deps, ctx } = read;
  const account = await deps.store.getAccount(poolShareAccount(read.poolId, budgetId));
  if (!account) return null;
  const budget = await deps.budgets.getBudget(budgetId);
  const person = budget ? await deps.budgets.getPerson(budget.holderId) : null;
  const label =
    person?.name && mayRead(ctx.actor, 'name')
      ? `${person.name} (${person.reference})`
      : (person?.reference ?? 'a member');
  const opening = await shareAt(read, account, dayBefore(read.period.from));
  const out: MemberLines = {
    label,
    opening,
    closing: opening,
    contributed: 0,
    charged: 0,
    left: 0,
    contributions: [],
    charges: [],
    leavings: [],
  };
  for await (const p of accountPostings(deps, account.id, read.period, read.headSeq)) {
    const amount = -p.amountMinor; // share accounts are credit-normal: a credit is money in
    out.closing = sumMinor([out.closing, amount]);
    const row = { date: p.effectiveDate, entry: String(p.seq), member: label };
    if (p.reasonCode === 'pool_contribution') {
      out.contributions.push({ ...row, amount: { minor: amount } });
      out.contributed = sumMinor([out.contributed, amount]);
    } else if (p.reasonCode === 'pool_purchase') {
      const purchase = purchases.get(p.entryId);
      out.charges.push({
        ...row,
        provider: purchase && mayRead(ctx.actor, 'provider') ? purchase.provider : '',
        // What the pool bought, in the words typed at the purchase, to those who may read them.
        description: purchase && mayRead(ctx.actor, 'description') ? purchase.description : '',
        purchase: purchase ? { minor: purchase.amountMinor } : '',
        charged: { minor: -amount },
      });
      out.charged = sumMinor([out.charged, -amount]);
    } else {
      out.leavings.push({ ...row, amount: { minor: -amount } });
      out.left = sumMinor([out.left, -amount]);
    }
  }
  return out;
}
