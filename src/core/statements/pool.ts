import type { ServiceContext } from '../context.js';
import type { BudgetDeps } from '../budgets/common.js';
import { poolAccess } from '../budgets/pools.js';
import { poolShareAccount } from '../budgets/model.js';
import { normalBalanceMinor } from '../ledger/model.js';
import { sumMinor } from '../money.js';
import { accountPostings } from './account.js';
import { mayRead } from '../redaction.js';
import { dayBefore, type Cell, type Statement } from './model.js';
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
  const headSeq = await snapshotHead(deps);
  // What the whole pool holds, from every member's share account: a member sees the total, not
  // the other members' shares.
  const poolHolds = { opening: 0, closing: 0 };
  for (const member of members) {
    const account = await deps.store.getAccount(poolShareAccount(poolId, member.budgetId));
    if (!account) continue;
    const at = async (date: string) =>
      normalBalanceMinor(
        account,
        await deps.statements.accountBalance({ accountId: account.id, date, headSeq }),
      );
    poolHolds.opening = sumMinor([poolHolds.opening, await at(dayBefore(period.from))]);
    poolHolds.closing = sumMinor([poolHolds.closing, await at(period.to)]);
  }
  const purchases = new Map(
    (await deps.budgets.listPoolPurchases(poolId)).map((p) => [p.entryId, p]),
  );
  const contributions: Record<string, Cell>[] = [];
  const charges: Record<string, Cell>[] = [];
  const leavings: Record<string, Cell>[] = [];
  const shares: Record<string, Cell>[] = [];
  const totals = { opening: 0, contributed: 0, charged: 0, left: 0, closing: 0 };
  for (const member of visible) {
    const account = await deps.store.getAccount(poolShareAccount(poolId, member.budgetId));
    if (!account) continue;
    const budget = await deps.budgets.getBudget(member.budgetId);
    const person = budget ? await deps.budgets.getPerson(budget.holderId) : null;
    const label =
      person?.name && mayRead(ctx.actor, 'name')
        ? `${person.name} (${person.reference})`
        : (person?.reference ?? 'a member');
    const opening = normalBalanceMinor(
      account,
      await deps.statements.accountBalance({
        accountId: account.id,
        date: dayBefore(period.from),
        headSeq,
      }),
    );
    let closing = opening;
    for await (const p of accountPostings(deps, account.id, period, headSeq)) {
      const amount = -p.amountMinor; // share accounts are credit-normal: a credit is money in
      closing = sumMinor([closing, amount]);
      const row = { date: p.effectiveDate, entry: String(p.seq), member: label };
      if (p.reasonCode === 'pool_contribution') {
        contributions.push({ ...row, amount: { minor: amount } });
        totals.contributed += amount;
      } else if (p.reasonCode === 'pool_purchase') {
        const purchase = purchases.get(p.entryId);
        charges.push({
          ...row,
          provider: purchase && mayRead(ctx.actor, 'provider') ? purchase.provider : '',
          // What the pool bought, in the words typed at the purchase, to those who may read them.
          description: purchase && mayRead(ctx.actor, 'description') ? purchase.description : '',
          purchase: purchase ? { minor: purchase.amountMinor } : '',
          charged: { minor: -amount },
        });
        totals.charged -= amount;
      } else {
        leavings.push({ ...row, amount: { minor: -amount } });
        totals.left -= amount;
      }
    }
    shares.push({ member: label, opening: { minor: opening }, closing: { minor: closing } });
    totals.opening += opening;
    totals.closing += closing;
  }
  const byDateThenEntry = (a: Record<string, Cell>, b: Record<string, Cell>) =>
    String(a.date).localeCompare(String(b.date)) ||
    Number(a.entry) - Number(b.entry) ||
    String(a.member).localeCompare(String(b.member));
  const table = (id: string, rows: Record<string, Cell>[], total: Record<string, Cell>) => ({
    kind: 'table' as const,
    id,
    rowCount: rows.length,
    rows: () => rows.sort(byDateThenEntry),
    totals: total,
  });
  const [alliance, seal] = await Promise.all([
    allianceFacts(deps, pool.allianceId),
    sealFor(deps, { allianceId: pool.allianceId, from: period.from, to: period.to, headSeq }),
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
      {
        kind: 'facts',
        id: seesAll ? 'summary' : 'yours',
        facts: [
          { key: 'opening', value: { minor: totals.opening } },
          { key: 'contributed', value: { minor: totals.contributed } },
          { key: 'charged', value: { minor: totals.charged } },
          { key: 'left', value: { minor: totals.left } },
          { key: 'closing', value: { minor: totals.closing } },
        ],
      },
      ...(seesAll
        ? []
        : [
            {
              kind: 'facts' as const,
              id: 'pool',
              facts: [
                { key: 'opening', value: { minor: poolHolds.opening } },
                { key: 'closing', value: { minor: poolHolds.closing } },
              ],
            },
          ]),
      table('contributions', contributions, { amount: { minor: totals.contributed } }),
      table('purchases', charges, { charged: { minor: totals.charged } }),
      table('leavings', leavings, { amount: { minor: totals.left } }),
      {
        kind: 'table',
        id: 'shares',
        rowCount: shares.length,
        rows: () => shares,
        totals: { opening: { minor: totals.opening }, closing: { minor: totals.closing } },
      },
    ],
    seal,
  };
}
