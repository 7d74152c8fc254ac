import type { ServiceContext } from '../context.js';
import { formatMinor } from '../money.js';
import { type BudgetDeps, visibleBudget } from './common.js';

/**
 * What a budget's approved spends came to in each category over a period (the holder's picture
 * of where their money went), largest first. Read by whoever may see the budget; amounts as
 * decimal strings, categories as their codes (the page puts them in words).
 */
export async function spendingByCategory(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  period: { from: string; to: string },
): Promise<{ category: string; amount: string }[]> {
  await visibleBudget(deps, ctx, budgetId);
  const rows = await deps.budgets.spendingByCategory(budgetId, period.from, period.to);
  return rows
    .filter((r) => r.amountMinor > 0)
    .sort((a, b) => b.amountMinor - a.amountMinor || a.category.localeCompare(b.category))
    .map((r) => ({ category: r.category, amount: formatMinor(r.amountMinor) }));
}
