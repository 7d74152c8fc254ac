import type { ServiceContext } from '../context.js';
import { visibleBudget, type BudgetDeps } from '../budgets/common.js';
import { budgetAccount, heldAccount } from '../budgets/model.js';
import { normalBalanceMinor } from '../ledger/model.js';
import { sumMinor } from '../money.js';
import { accountSections } from './account.js';
import {
  generatedOn,
  organisationName,
  sealFor,
  snapshotHead,
  type StatementsDeps,
} from './common.js';
import { resolvePeriod, type Cell, type Statement } from './model.js';

/**
 * A budget's statement for a period: who holds it (a reference; the holder's own statement may
 * show the name they gave), the money available at the start, every allocation, spend, pool
 * contribution and return with its date and description and a running balance, the money
 * available at the end, and the spends still waiting for approval at the end (their money held).
 *
 * For the coordinator and auditors of the alliance, and for the people who can see the budget:
 * its holder, co-holders and broker.
 */
export async function budgetStatement(
  deps: StatementsDeps & BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const access = await visibleBudget(deps, ctx, budgetId);
  const { budget } = access;
  const period = resolvePeriod(query, generatedOn(ctx));
  const headSeq = await snapshotHead(deps);
  const [account, held, holder, stream, organisation, seal] = await Promise.all([
    deps.store.getAccount(budgetAccount(budget.id)),
    deps.store.getAccount(heldAccount(budget.id)),
    deps.budgets.getPerson(budget.holderId),
    deps.budgets.getStream(budget.streamId),
    organisationName(deps, budget.allianceId),
    sealFor(deps, { allianceId: budget.allianceId, from: period.from, to: period.to, headSeq }),
  ]);
  if (!account || !held) throw new Error(`budget ${budget.id} has no accounts`);
  const sections = await accountSections(deps, account, period, headSeq, ctx.actor);
  const heldAtEnd = normalBalanceMinor(
    held,
    await deps.statements.accountBalance({ accountId: held.id, date: period.to, headSeq }),
  );
  // Pending at the end of the period. Decisions carry the time they were made, which never
  // changes, so a closed period prints the same list.
  const pending = await deps.budgets.spendsWaitingAt(budget.id, period.to);
  const ownName = access.as === 'holder' && holder?.name ? holder.name : null;
  return {
    template: 'budget',
    organisation,
    period,
    generatedOn: generatedOn(ctx),
    vars: { holder: ownName ?? holder?.reference ?? budget.holderId, budget: budget.id },
    sections: [
      {
        kind: 'facts',
        id: 'budget',
        facts: [
          {
            key: 'holder',
            value: ownName
              ? `${ownName} (${holder!.reference})`
              : (holder?.reference ?? budget.holderId),
          },
          { key: 'stream', value: stream?.name ?? budget.streamId },
          { key: 'budgetPeriod', value: `${budget.periodStart} to ${budget.periodEnd}` },
          { key: 'control', value: budget.controlMode },
          { key: 'account', value: account.code },
          ...(stream && stream.reserveMinor > 0
            ? [
                { key: 'reserve', value: { minor: stream.reserveMinor } },
                {
                  key: 'reserveFor',
                  value: [...stream.coreCategories, ...stream.coreProviders].join(', '),
                },
                { key: 'reserveReleased', value: `at the end of the period, ${budget.periodEnd}` },
              ]
            : []),
        ],
      },
      sections.summary,
      sections.postings,
      {
        kind: 'table',
        id: 'pending',
        rowCount: pending.length,
        rows: () =>
          pending.map(
            (s): Record<string, Cell> => ({
              date: s.spentOn,
              spend: s.id,
              provider: s.provider,
              category: s.category,
              amount: { minor: s.amountMinor },
            }),
          ),
        totals: { amount: { minor: sumMinor(pending.map((s) => s.amountMinor)) } },
      },
      { kind: 'facts', id: 'held', facts: [{ key: 'held', value: { minor: heldAtEnd } }] },
    ],
    seal,
  };
}
