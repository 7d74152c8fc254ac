import type { Actor, ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { requireNotFuture } from '../dates.js';
import { todayFor, type LedgerDeps } from '../ledger/ledger.js';
import { isIsoDate, normalBalanceMinor } from '../ledger/model.js';
import { requireRole } from '../policy.js';
import { budgetAccount, heldAccount, type Budget, type BudgetParty } from './model.js';
import type { BudgetsStore } from './store.js';

export interface BudgetDeps extends LedgerDeps {
  budgets: BudgetsStore;
}

export function requireDate(value: string, path: string): string {
  if (!isIsoDate(value))
    throw invalid('invalid_date', `${path} must be a real date written YYYY-MM-DD (2000–2099).`, [
      { path, message: 'not a date' },
    ]);
  return value;
}

/** A real date that is not after the alliance's today (an entry will carry it). */
export async function requirePastDate(
  deps: LedgerDeps,
  ctx: ServiceContext,
  value: string,
  path: string,
): Promise<string> {
  requireDate(value, path);
  requireNotFuture(value, await todayFor(deps, ctx, ctx.actor.allianceId), path);
  return value;
}

/** The person a holder or broker token speaks for. */
export function personOf(actor: Actor): string | null {
  return actor.role === 'holder' || actor.role === 'broker' ? actor.holderId : null;
}

export interface BudgetAccess {
  budget: Budget;
  parties: BudgetParty[];
  /** What the caller is to this budget. */
  as: 'coordinator' | 'auditor' | 'holder' | 'co_holder' | 'broker';
}

/**
 * Finds a budget the caller may see: coordinators and auditors see their alliance's budgets;
 * a person sees only budgets they hold or are named on (and not since removed from). Anything
 * else is not found, so one holder cannot learn that another's budget exists.
 */
export async function visibleBudget(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
): Promise<BudgetAccess> {
  requireRole(ctx.actor, ['coordinator', 'auditor', 'holder', 'broker'], 'see budgets');
  const budget = await deps.budgets.getBudget(budgetId);
  const missing = notFound('budget_not_found', `No budget ${budgetId} that you can see.`);
  if (!budget || budget.allianceId !== ctx.actor.allianceId) throw missing;
  const parties = await deps.budgets.listParties(budgetId);
  if (ctx.actor.role === 'coordinator' || ctx.actor.role === 'auditor')
    return { budget, parties, as: ctx.actor.role };
  const person = personOf(ctx.actor);
  if (person && budget.holderId === person) return { budget, parties, as: 'holder' };
  const party = parties.find((p) => p.personId === person && p.removedAt === null);
  if (!party) throw missing;
  return { budget, parties, as: party.role };
}

/** Who may ask to spend from a budget: the holder, or the broker of a managed budget. A co-holder approves, never spends. */
export function requireSpender(access: BudgetAccess): void {
  const mode = access.budget.controlMode;
  if (mode === 'managed' ? access.as !== 'broker' : access.as !== 'holder') {
    throw forbidden(
      mode === 'managed'
        ? 'On a managed budget the named broker spends on the holder’s behalf.'
        : access.as === 'co_holder'
          ? 'A co-holder approves spends; only the holder asks to spend.'
          : 'Only the budget’s holder can ask to spend from it.',
    );
  }
}

export function activeCoHolders(parties: BudgetParty[]): BudgetParty[] {
  return parties.filter((p) => p.role === 'co_holder' && p.removedAt === null);
}

/**
 * What a budget has available and holds for spends waiting, in pence, from the balances the ledger
 * keeps with every entry: the same cost at ten spends as at ten thousand. (The breakdown into
 * allocated, spent and in pools, for pages and statements, sums postings: `budgetMoney`.)
 */
export async function budgetBalances(
  deps: BudgetDeps,
  budgetId: string,
): Promise<{ availableMinor: number; pendingMinor: number }> {
  const [account, held] = await Promise.all([
    deps.store.getAccount(budgetAccount(budgetId)),
    deps.store.getAccount(heldAccount(budgetId)),
  ]);
  if (!account || !held) throw new Error(`budget ${budgetId} has no accounts`);
  return {
    availableMinor: normalBalanceMinor(account, account.balanceMinor),
    pendingMinor: normalBalanceMinor(held, held.balanceMinor),
  };
}
