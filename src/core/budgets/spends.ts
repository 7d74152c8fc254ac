import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { runIdempotent, type Outcome } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import { explainRule, ruleProblem } from '../rules.js';
import type { Write } from '../store.js';
import { allianceAccounts } from '../sparks/model.js';
import {
  activeCoHolders,
  budgetBalances,
  personOf,
  requirePastDate,
  requireSpender,
  visibleBudget,
  type BudgetAccess,
  type BudgetDeps,
} from './common.js';
import { spendView } from './budgets.js';
import {
  budgetAccount,
  heldAccount,
  isCoreSpend,
  reserveSplit,
  streamCategories,
  type Spend,
  type Stream,
} from './model.js';
import { Category } from './input.js';
import { requireStream } from './setup.js';

/** The longest name of who is paid that a spend keeps. */
export const PROVIDER_CHARS = 120;

/** What asking to spend takes: who is paid, for what kind of thing, how much, when and why. */
export const RequestSpendInput = z
  .object({
    provider: Text(PROVIDER_CHARS),
    category: Category,
    amount: PositiveAmount,
    spentOn: IsoDate,
    description: Text(),
  })
  .strict();
export type RequestSpendInput = z.input<typeof RequestSpendInput>;
type SpendInput = z.output<typeof RequestSpendInput> & { amountMinor: number };

/** The stream's boundaries, checked first to say precisely why; the spends_rules trigger checks them again. */
export function checkStreamRules(
  stream: Stream,
  input: { provider: string; category: string },
): void {
  if (!streamCategories(stream).includes(input.category)) {
    throw invalid(
      'unknown_category',
      `category must be a recovery-capital domain or one of this stream's own: ${streamCategories(stream).join(', ')}.`,
      [{ path: 'category', message: 'unknown category' }],
    );
  }
  if (stream.forbiddenCategories.includes(input.category))
    throw ruleProblem('category_forbidden', `${stream.name} does not pay for ${input.category}.`);
  if (stream.allowedCategories.length && !stream.allowedCategories.includes(input.category))
    throw ruleProblem(
      'category_not_allowed',
      `${stream.name} pays only for: ${stream.allowedCategories.join(', ')}.`,
    );
  if (stream.allowedProviders && !stream.allowedProviders.includes(input.provider))
    throw ruleProblem(
      'provider_not_allowed',
      `${stream.name} pays only these providers: ${stream.allowedProviders.join(', ')}.`,
    );
}

/**
 * Refuses what would take the budget into the stream's guaranteed minimum. Checked first to say
 * how much is free; the spends_reserve trigger (or budget_reserve_draws_check) checks it again
 * against the balance the batch actually meets.
 */
export function requireAboveReserve(
  stream: Stream,
  availableMinor: number,
  input: { amountMinor: number },
): void {
  const { protectedMinor, freeMinor } = reserveSplit(stream, availableMinor);
  if (stream.reserveMinor === 0 || input.amountMinor <= freeMinor) return;
  throw ruleProblem(
    'reserve_protected',
    `${formatMinor(protectedMinor)} of this budget is kept for core support (${coreWords(stream)}); ${formatMinor(freeMinor)} can be spent on anything else, and ${formatMinor(input.amountMinor)} is more.`,
    { reserve: formatMinor(stream.reserveMinor), free: formatMinor(freeMinor) },
  );
}

function coreWords(stream: Stream): string {
  return [...stream.coreCategories, ...stream.coreProviders].join(', ');
}

/**
 * Asks to spend from a budget. Within the stream's limit the spend is paid at once; above it the
 * money is held (moved to the budget's held account, so it cannot be spent twice) until a second
 * person approves or rejects it, or the requester withdraws it.
 */
export async function requestSpend(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  raw: RequestSpendInput,
  key: string | null | undefined,
) {
  const parsed = parseInput(RequestSpendInput, raw);
  // The replay fingerprint is of the parsed body and its pence, as it always was.
  const input: SpendInput = { ...parsed, amountMinor: amountMinor(parsed.amount) };
  await requirePastDate(deps, ctx, input.spentOn, 'spentOn');
  const access = await visibleBudget(deps, ctx, budgetId);
  requireSpender(access);
  const { budget } = access;
  const stream = await requireStream(deps, ctx, budget.streamId);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `spend:${budgetId}`, input },
    async (remember) => {
      if (budget.status !== 'open') throw ruleProblem('budget_closed');
      if (input.spentOn < budget.periodStart || input.spentOn > budget.periodEnd)
        throw ruleProblem(
          'outside_period',
          `The budget runs from ${budget.periodStart} to ${budget.periodEnd}.`,
        );
      checkStreamRules(stream, input);
      const money = await budgetBalances(deps, budgetId);
      if (input.amountMinor > money.availableMinor) throw insufficient(money.availableMinor, input);
      if (!isCoreSpend(stream, input)) requireAboveReserve(stream, money.availableMinor, input);
      const needsApproval = input.amountMinor > stream.approvalLimitMinor;
      const now = ctx.now.toISOString();
      const spend: Spend = {
        id: deps.ids('spd'),
        budgetId,
        allianceId: budget.allianceId,
        ...input,
        status: needsApproval ? 'pending' : 'approved',
        needsApproval,
        requestedBy: ctx.actor.tokenId,
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        createdAt: now,
      };
      let outcome: Outcome | null = null;
      try {
        await commitEntry(deps, ctx, spendEntry(spend), (): Write[] => {
          outcome = { status: 201, body: spendView(spend, ctx.actor) };
          return [{ kind: 'spend', spend }, remember(outcome)];
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'balance_rule_violated')
          throw insufficientLater(error, input);
        throw explainRule(error);
      }
      return outcome!;
    },
  );
}

/** The entry of a spend: paid from the bank within the limit, held above it until approved. */
function spendEntry(spend: Spend) {
  const held = spend.status === 'pending';
  return {
    allianceId: spend.allianceId,
    effectiveDate: spend.spentOn,
    description: held
      ? `Held for a spend awaiting approval (${spend.id})`
      : `Spend ${spend.id} (${spend.category})`,
    reasonCode: held ? 'spend_hold' : 'spend',
    reversesEntryId: null,
    postings: [
      { accountCode: budgetAccount(spend.budgetId), amountMinor: spend.amountMinor },
      {
        accountCode: held ? heldAccount(spend.budgetId) : allianceAccounts(spend.allianceId).bank,
        amountMinor: -spend.amountMinor,
      },
    ],
  };
}

const insufficient = (availableMinor: number, input: SpendInput) =>
  conflict(
    'insufficient_budget',
    'Not enough in the budget',
    `The budget has ${formatMinor(availableMinor)} available; ${formatMinor(input.amountMinor)} is more. Nothing was written.`,
    { available: formatMinor(availableMinor) },
  );

/** The database refused: money the budget held on the spend's date was spent after it. */
const insufficientLater = (error: unknown, input: SpendInput) =>
  conflict(
    'insufficient_budget',
    'Not enough in the budget',
    (error as { extra?: { effectiveDate?: string } }).extra?.effectiveDate
      ? `On ${input.spentOn}, or on a later day, the budget would not have had that much: money it held then was already spent after it. Nothing was written.`
      : 'The budget no longer has that much available. Nothing was written.',
  );

/**
 * Who gives the second approval: on a joint budget a named co-holder; on a budget held alone or
 * managed by a broker, the alliance's coordinator. The person who asked never approves their own.
 */
function requireApprover(ctx: ServiceContext, access: BudgetAccess, spend: Spend): void {
  const person = personOf(ctx.actor);
  if (spend.requestedBy === ctx.actor.tokenId)
    throw forbidden('The person who asked for a spend cannot approve it.');
  if (access.budget.controlMode === 'joint') {
    if (!person || !activeCoHolders(access.parties).some((p) => p.personId === person))
      throw forbidden('On a joint budget a named co-holder approves spends above the limit.');
    return;
  }
  if (ctx.actor.role !== 'coordinator')
    throw forbidden(
      'Spends above the limit on this budget are approved by the alliance coordinator.',
    );
}

async function requirePendingSpend(deps: BudgetDeps, ctx: ServiceContext, spendId: string) {
  const spend = await deps.budgets.getSpend(spendId);
  if (!spend) throw notFound('spend_not_found', `No spend ${spendId} that you can see.`);
  const access = await visibleBudget(deps, ctx, spend.budgetId).catch(() => {
    throw notFound('spend_not_found', `No spend ${spendId} that you can see.`);
  });
  return { spend, access };
}

/** What deciding a spend takes: why, which a rejection must say. */
export const DecideSpendInput = z.object({ reason: Text().optional() }).strict();
export type DecideSpendInput = z.input<typeof DecideSpendInput>;

/** Settles a pending spend: approval pays the held money out; rejection or withdrawal puts it back. */
export async function decideSpend(
  deps: BudgetDeps,
  ctx: ServiceContext,
  spendId: string,
  decision: 'approved' | 'rejected' | 'withdrawn',
  raw: DecideSpendInput,
  key: string | null | undefined,
) {
  const input = parseInput(DecideSpendInput, raw);
  // Access is judged before the key is looked up, so a stored answer is replayed only to a token
  // that may still make this decision (a removed co-holder gets 403, not the spend).
  const { access, spend: seen } = await requirePendingSpend(deps, ctx, spendId);
  if (decision === 'withdrawn') {
    if (seen.requestedBy !== ctx.actor.tokenId && access.as !== 'holder')
      throw forbidden('Only the person who asked, or the holder, can withdraw a spend.');
  } else requireApprover(ctx, access, seen);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `spend_${decision}:${spendId}`, input },
    async (remember) => {
      const { spend } = await requirePendingSpend(deps, ctx, spendId);
      if (spend.status !== 'pending')
        throw ruleProblem('spend_not_pending', `Spend ${spendId} is already ${spend.status}.`);
      if (decision === 'rejected' && !input.reason)
        throw invalid('reason_required', 'A rejection says why.', [
          { path: 'reason', message: 'required to reject' },
        ]);
      const decidedAt = ctx.now.toISOString();
      const settled: Spend = {
        ...spend,
        status: decision,
        decidedBy: ctx.actor.tokenId,
        decidedAt,
        decisionReason: input.reason ?? null,
      };
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId: spend.allianceId,
            // The money moves when the decision is made (or on the day of the spend, if that is
            // later), never before: a late approval does not reach back into a period already closed.
            effectiveDate:
              decidedAt.slice(0, 10) < spend.spentOn ? spend.spentOn : decidedAt.slice(0, 10),
            description:
              decision === 'approved'
                ? `Spend ${spend.id} (${spend.category}), approved`
                : `Spend ${spend.id} ${decision}; money back in the budget`,
            reasonCode: decision === 'approved' ? 'spend' : 'spend_release',
            reversesEntryId: null,
            postings: [
              { accountCode: heldAccount(spend.budgetId), amountMinor: spend.amountMinor },
              {
                accountCode:
                  decision === 'approved'
                    ? allianceAccounts(spend.allianceId).bank
                    : budgetAccount(spend.budgetId),
                amountMinor: -spend.amountMinor,
              },
            ],
          },
          (): Write[] => {
            outcome = { status: 200, body: spendView(settled, ctx.actor) };
            return [
              {
                kind: 'spend_decided',
                spendId,
                status: decision,
                decidedBy: ctx.actor.tokenId,
                decidedAt,
                reason: input.reason ?? null,
              },
              remember(outcome),
            ];
          },
        );
      } catch (error) {
        throw explainRule(error);
      }
      return outcome!;
    },
  );
}

export async function getSpend(deps: BudgetDeps, ctx: ServiceContext, spendId: string) {
  const { spend } = await requirePendingSpend(deps, ctx, spendId);
  return spendView(spend, ctx.actor);
}
