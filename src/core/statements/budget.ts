import type { ServiceContext } from '../context.js';
import { visibleBudget, type BudgetDeps } from '../budgets/common.js';
import {
  brokerageAccount,
  budgetAccount,
  heldAccount,
  type Budget,
  type Person,
  type Spend,
  type Stream,
} from '../budgets/model.js';
import { categoryLabel, controlLabel } from '../labels.js';
import { normalBalanceMinor } from '../ledger/model.js';
import { sumMinor } from '../money.js';
import { mayRead } from '../redaction.js';
import { accountPostings, accountSections } from './account.js';
import {
  allianceFacts,
  generatedOn,
  sealFor,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';
import type { Cell, Period, Section, Statement } from './model.js';

/**
 * A budget's statement for a period: who holds it and who shares control, the money available at
 * the start, every allocation (with the brokerage top-slice on its own line), spend, pool
 * contribution and return with a running balance, the money available at the end, and the spends
 * still waiting for approval at the end (their money held).
 *
 * For the coordinator and auditors of the alliance, and for the people who can see the budget:
 * its holder, co-holders and broker. Names and providers follow the redaction policy: an auditor
 * reads IB- references, never a name or a provider.
 */
export async function budgetStatement(
  deps: StatementsDeps & BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  query: { from: string | null; to: string | null },
): Promise<Statement> {
  const access = await visibleBudget(deps, ctx, budgetId);
  const { budget } = access;
  const { period, standing } = await statementDates(deps, ctx, budget.allianceId, query);
  const headSeq = await snapshotHead(deps);
  const [account, held, holder, stream, alliance, seal] = await Promise.all([
    deps.store.getAccount(budgetAccount(budget.id)),
    deps.store.getAccount(heldAccount(budget.id)),
    deps.budgets.getPerson(budget.holderId),
    deps.budgets.getStream(budget.streamId),
    allianceFacts(deps, budget.allianceId),
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
  const named = (p: Person | null, fallback: string) =>
    p?.name && mayRead(ctx.actor, 'name')
      ? `${p.name} (${p.reference})`
      : (p?.reference ?? fallback);
  const sharing = await Promise.all(
    access.parties
      .filter((p) => p.removedAt === null)
      .map(async (p) => ({
        key: p.role === 'co_holder' ? 'coHolder' : 'broker',
        value: named(await deps.budgets.getPerson(p.personId), 'a person'),
      })),
  );
  const allocations = await allocationLines(deps, account.id, budget.allianceId, period, headSeq);
  return {
    template: 'budget',
    organisation: alliance.organisation,
    period,
    standing,
    contact: alliance.contact,
    generatedOn: generatedOn(ctx),
    vars: { holder: named(holder, budget.holderId) },
    sections: [
      budgetFacts(budget, stream, named(holder, budget.holderId), sharing),
      sections.summary,
      allocationsSection(allocations),
      sections.postings,
      pendingSection(pending, mayRead(ctx.actor, 'provider')),
      { kind: 'facts', id: 'held', facts: [{ key: 'held', value: { minor: heldAtEnd } }] },
    ],
    seal,
  };
}

/** Whose budget it is, who shares it, its stream, period, control and reserve. */
function budgetFacts(
  budget: Budget,
  stream: Stream | null,
  holder: string,
  sharing: { key: string; value: string }[],
): Section {
  return {
    kind: 'facts',
    id: 'budget',
    facts: [
      { key: 'holder', value: holder },
      ...sharing,
      { key: 'stream', value: stream?.name ?? '' },
      { key: 'budgetStart', value: budget.periodStart },
      { key: 'budgetEnd', value: budget.periodEnd },
      { key: 'control', value: controlLabel(budget.controlMode) },
      ...(stream && stream.reserveMinor > 0
        ? [
            { key: 'reserve', value: { minor: stream.reserveMinor } },
            {
              key: 'reserveFor',
              value: [...stream.coreCategories.map(categoryLabel), ...stream.coreProviders].join(
                ', ',
              ),
            },
            { key: 'reserveReleased', value: budget.periodEnd },
          ]
        : []),
    ],
  };
}

function allocationsSection(allocations: Record<string, Cell>[]): Section {
  return {
    kind: 'table',
    id: 'allocations',
    rowCount: allocations.length,
    rows: () => allocations,
    totals: {
      gross: { minor: sumMinor(allocations.map((a) => (a.gross as { minor: number }).minor)) },
      topSlice: {
        minor: sumMinor(allocations.map((a) => (a.topSlice as { minor: number }).minor)),
      },
      net: { minor: sumMinor(allocations.map((a) => (a.net as { minor: number }).minor)) },
    },
  };
}

/** Spends waiting for approval at the end of the period; the provider as the reader may see it. */
function pendingSection(pending: Spend[], showProvider: boolean): Section {
  return {
    kind: 'table',
    id: 'pending',
    rowCount: pending.length,
    rows: () =>
      pending.map(
        (s): Record<string, Cell> => ({
          date: s.spentOn,
          provider: showProvider ? s.provider : '',
          category: categoryLabel(s.category),
          amount: { minor: s.amountMinor },
        }),
      ),
    totals: { amount: { minor: sumMinor(pending.map((s) => s.amountMinor)) } },
  };
}

/**
 * Each allocation of the period as three figures: what came from the stream, the brokerage
 * top-slice the alliance kept, and what went into the budget. The budget's own account sees only
 * the last; the entry's other postings give the first two.
 */
async function allocationLines(
  deps: StatementsDeps,
  accountId: number,
  allianceId: string,
  period: Period,
  headSeq: number,
): Promise<Record<string, Cell>[]> {
  const lines: Record<string, Cell>[] = [];
  const brokerage = brokerageAccount(allianceId);
  for await (const p of accountPostings(deps, accountId, period, headSeq)) {
    if (p.reasonCode !== 'allocation') continue;
    const entry = await deps.store.getEntry(p.entryId);
    const slice = -sumMinor(
      (entry?.postings ?? []).filter((x) => x.accountCode === brokerage).map((x) => x.amountMinor),
    );
    const net = -p.amountMinor;
    lines.push({
      date: p.effectiveDate,
      entry: String(p.seq),
      gross: { minor: sumMinor([net, slice]) },
      topSlice: { minor: slice },
      net: { minor: net },
    });
  }
  return lines;
}
