import Decimal from 'decimal.js';
import { z } from 'zod';
import { amountMinor, IsoDate, parseInput, PositiveAmount } from '../input.js';
import { pageOf, type Page } from '../paging.js';
import type { BudgetFilter } from './store.js';
import type { Actor, ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { runIdempotent, type Outcome, createOnce, rereadById, type Once } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import { requireRole } from '../policy.js';
import { redact } from '../redaction.js';
import type { Write } from '../store.js';
import { addDays, daysBetween } from '../sparks/model.js';
import { explainRule } from '../rules.js';
import {
  budgetBalances,
  personOf,
  requireDate,
  requirePastDate,
  visibleBudget,
  type BudgetAccess,
  type BudgetDeps,
} from './common.js';
import {
  budgetAccount,
  brokerageAccount,
  heldAccount,
  poolShareAccount,
  streamAccount,
  type Budget,
  type BudgetMoney,
  type BudgetParty,
  type ControlMode,
  type Spend,
  type Stream,
  reserveSplit,
} from './model.js';
import { requireKnownPerson, requireStream } from './setup.js';

export function moneyView(m: BudgetMoney) {
  return {
    allocated: formatMinor(m.allocatedMinor),
    spent: formatMinor(m.spentMinor),
    pending: formatMinor(m.pendingMinor),
    available: formatMinor(m.availableMinor),
    inPools: formatMinor(m.inPoolsMinor),
    closedOut: formatMinor(m.closedOutMinor),
  };
}

/** A spend as `reader` may see it: auditors get no provider, description or reason. */
export function spendView(s: Spend, reader: Pick<Actor, 'role'>) {
  const view = {
    id: s.id,
    provider: s.provider,
    category: s.category,
    amount: formatMinor(s.amountMinor),
    spentOn: s.spentOn,
    description: s.description,
    status: s.status,
    needsApproval: s.needsApproval,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt,
    decisionReason: s.decisionReason,
  };
  return redact(reader, view, {
    provider: 'provider',
    description: 'description',
    decisionReason: 'reason',
  });
}

/** The guaranteed minimum as a budget shows it: what is kept, for what, and what is free. */
export function reserveView(stream: Stream | null, b: Budget, availableMinor: number) {
  if (!stream || stream.reserveMinor === 0) return null;
  const split = reserveSplit(stream, availableMinor);
  return {
    amount: formatMinor(stream.reserveMinor),
    coreCategories: stream.coreCategories,
    coreProviders: stream.coreProviders,
    protected: formatMinor(b.status === 'open' ? split.protectedMinor : 0),
    availableForAnything: formatMinor(b.status === 'open' ? split.freeMinor : availableMinor),
    releasedOn: b.periodEnd,
  };
}

export function budgetView(
  b: Budget,
  parties: BudgetParty[],
  money: BudgetMoney,
  stream: Stream | null,
  reader: Pick<Actor, 'role'>,
) {
  return {
    id: b.id,
    holderId: b.holderId,
    streamId: b.streamId,
    periodStart: b.periodStart,
    periodEnd: b.periodEnd,
    controlMode: b.controlMode,
    status: b.status,
    closedOn: b.closedOn,
    rolledFrom: b.rolledFrom,
    coHolders: parties
      .filter((p) => p.role === 'co_holder')
      .map((p) =>
        redact(
          reader,
          {
            personId: p.personId,
            addedAt: p.addedAt,
            removedAt: p.removedAt,
            removedReason: p.removedReason,
          },
          { removedReason: 'reason' },
        ),
      ),
    broker: parties.find((p) => p.role === 'broker' && p.removedAt === null)?.personId ?? null,
    accounts: { budget: budgetAccount(b.id), held: heldAccount(b.id) },
    ...moneyView(money),
    reserve: reserveView(stream, b, money.availableMinor),
  };
}

/** The ways a budget's spending is controlled: by the holder, jointly, or by a broker. */
export const CONTROL_MODES = ['self', 'joint', 'managed'] as const satisfies ControlMode[];

/** What creating a budget takes: whose, from which stream, for when, and who controls it. */
export const CreateBudgetInput = z
  .object({
    holderId: z.string().max(80),
    streamId: z.string().max(80),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    controlMode: z.enum(CONTROL_MODES),
    coHolderIds: z.array(z.string().max(80)).max(5).default([]),
    brokerId: z.string().max(80).optional(),
  })
  .strict();
export type CreateBudgetInput = z.input<typeof CreateBudgetInput>;
type BudgetInput = z.output<typeof CreateBudgetInput>;

function openBudgetWrites(budget: Budget, parties: BudgetParty[], now: string): Write[] {
  return [
    { kind: 'budget', budget },
    ...parties.map((party): Write => ({ kind: 'budget_party', party })),
    {
      kind: 'open_account',
      account: {
        code: budgetAccount(budget.id),
        type: 'liability',
        allowNegative: false,
        allianceId: budget.allianceId,
        name: null,
        createdAt: now,
      },
    },
    {
      kind: 'open_account',
      account: {
        code: heldAccount(budget.id),
        type: 'liability',
        allowNegative: false,
        allianceId: budget.allianceId,
        name: null,
        createdAt: now,
      },
    },
  ];
}

/** A budget for one holder and one period, with its control mode and the people named on it. */
export async function createBudget(
  deps: BudgetDeps,
  ctx: ServiceContext,
  raw: CreateBudgetInput,
  once?: Once,
) {
  const input = parseInput(CreateBudgetInput, raw);
  requireRole(ctx.actor, ['coordinator'], 'create budgets');
  requireDate(input.periodStart, 'periodStart');
  requireDate(input.periodEnd, 'periodEnd');
  if (input.periodEnd < input.periodStart)
    throw invalid('invalid_period', 'The period ends on or after it starts.', [
      { path: 'periodEnd', message: 'before periodStart' },
    ]);
  const stream = await requireStream(deps, ctx, input.streamId);
  requireKnownPerson(await deps.budgets.getPerson(input.holderId), ctx, 'holderId');
  const coHolders = await requireParties(deps, ctx, input);
  const now = ctx.now.toISOString();
  const budget: Budget = {
    id: deps.ids('bud'),
    allianceId: stream.allianceId,
    streamId: stream.id,
    holderId: input.holderId,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    controlMode: input.controlMode,
    status: 'open',
    closedOn: null,
    rolledFrom: null,
    createdAt: now,
  };
  const parties = newParties(budget.id, coHolders, input.brokerId, now);
  return createOnce<ReturnType<typeof budgetView>>(
    deps,
    ctx,
    once,
    { operation: 'create_budget', input },
    async (remember) => {
      const view = budgetView(budget, parties, emptyMoney(), stream, ctx.actor);
      await deps.store.commit(() => [...openBudgetWrites(budget, parties, now), ...remember(view)]);
      return view;
    },
  );
}

/** The co-holders and broker a control mode needs, each a known person; the co-holders, once each. */
async function requireParties(
  deps: BudgetDeps,
  ctx: ServiceContext,
  input: BudgetInput,
): Promise<string[]> {
  const coHolders = [...new Set(input.coHolderIds)];
  if (input.controlMode === 'joint' && coHolders.length === 0)
    throw invalid('co_holder_required', 'A joint budget names at least one co-holder.', [
      { path: 'coHolderIds', message: 'required for joint control' },
    ]);
  if (input.controlMode !== 'joint' && coHolders.length)
    throw invalid('co_holders_only_joint', 'Only a joint budget has co-holders.', [
      { path: 'coHolderIds', message: 'only for joint control' },
    ]);
  if (input.controlMode === 'managed' && !input.brokerId)
    throw invalid('broker_required', 'A managed budget names its broker.', [
      { path: 'brokerId', message: 'required for managed control' },
    ]);
  if (input.controlMode !== 'managed' && input.brokerId)
    throw invalid('broker_only_managed', 'Only a managed budget has a broker.', [
      { path: 'brokerId', message: 'only for managed control' },
    ]);
  if (coHolders.includes(input.holderId) || input.brokerId === input.holderId)
    throw invalid('holder_is_party', 'The holder cannot also be their own co-holder or broker.', [
      { path: 'coHolderIds', message: 'includes the holder' },
    ]);
  for (const [i, id] of coHolders.entries())
    requireKnownPerson(await deps.budgets.getPerson(id), ctx, `coHolderIds.${i}`);
  if (input.brokerId) {
    const broker = requireKnownPerson(
      await deps.budgets.getPerson(input.brokerId),
      ctx,
      'brokerId',
    );
    if (broker.kind !== 'broker')
      throw invalid('not_a_broker', 'The broker must be registered as a broker.', [
        { path: 'brokerId', message: 'not a broker' },
      ]);
  }
  return coHolders;
}

function newParties(
  budgetId: string,
  coHolders: string[],
  brokerId: string | null | undefined,
  now: string,
): BudgetParty[] {
  const party = (personId: string, role: BudgetParty['role']): BudgetParty => ({
    budgetId,
    personId,
    role,
    addedAt: now,
    removedAt: null,
    removedReason: null,
  });
  return [
    ...coHolders.map((id) => party(id, 'co_holder')),
    ...(brokerId ? [party(brokerId, 'broker')] : []),
  ];
}

const emptyMoney = (): BudgetMoney => ({
  allocatedMinor: 0,
  spentMinor: 0,
  pendingMinor: 0,
  availableMinor: 0,
  inPoolsMinor: 0,
  closedOutMinor: 0,
});

/** The brokerage top-slice of an allocation, rounded half up to the penny. */
export function topSliceMinor(grossMinor: number, basisPoints: number): number {
  return new Decimal(grossMinor)
    .times(basisPoints)
    .dividedBy(10_000)
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
}

/** What an allocation takes: how much, gross of the top-slice, and on what date. */
export const AllocateInput = z.object({ amount: PositiveAmount, allocatedOn: IsoDate }).strict();
export type AllocateInput = z.input<typeof AllocateInput>;

/** Allocation from a stream to a budget: one entry, the top-slice as its own posting. */
export async function allocate(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  raw: AllocateInput,
  key: string | null | undefined,
) {
  const parsed = parseInput(AllocateInput, raw);
  // The replay fingerprint is of pence and the date, as it always was.
  const input = { amountMinor: amountMinor(parsed.amount), allocatedOn: parsed.allocatedOn };
  await visibleBudget(deps, ctx, budgetId); // scope before role: elsewhere is 404 for everyone
  requireRole(ctx.actor, ['coordinator'], 'allocate budgets');
  await requirePastDate(deps, ctx, input.allocatedOn, 'allocatedOn');
  const { budget } = await visibleBudget(deps, ctx, budgetId);
  if (budget.status !== 'open')
    throw conflict(
      'budget_closed',
      'Budget closed',
      'This budget is closed; allocate to its successor.',
    );
  const stream = await requireStream(deps, ctx, budget.streamId);
  const slice = topSliceMinor(input.amountMinor, stream.topSliceBasisPoints);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `allocate:${budgetId}`, input },
    async (remember) => {
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          allocationEntry(budget, stream, input, slice),
          (entry): Write[] => {
            outcome = {
              status: 201,
              body: {
                budgetId,
                gross: formatMinor(input.amountMinor),
                topSlice: formatMinor(slice),
                net: formatMinor(input.amountMinor - slice),
                entryId: entry.id,
              },
            };
            return [remember(outcome)];
          },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'balance_rule_violated')
          throw conflict(
            'stream_insufficient',
            'The stream cannot cover this allocation',
            `${stream.name} does not hold ${formatMinor(input.amountMinor)}. Nothing was written.`,
          );
        throw error;
      }
      return outcome!;
    },
  );
}

/** The entry of an allocation: gross out of the stream, net into the budget, the slice to brokerage. */
function allocationEntry(
  budget: Budget,
  stream: Stream,
  input: { amountMinor: number; allocatedOn: string },
  slice: number,
) {
  return {
    allianceId: budget.allianceId,
    effectiveDate: input.allocatedOn,
    description: `Allocation from ${stream.name}${slice ? ` less ${stream.topSliceBasisPoints / 100}% brokerage` : ''}`,
    reasonCode: 'allocation',
    reversesEntryId: null,
    postings: [
      { accountCode: streamAccount(stream.id), amountMinor: input.amountMinor },
      { accountCode: budgetAccount(budget.id), amountMinor: -(input.amountMinor - slice) },
      ...(slice ? [{ accountCode: brokerageAccount(budget.allianceId), amountMinor: -slice }] : []),
    ],
  };
}

export async function getBudget(deps: BudgetDeps, ctx: ServiceContext, budgetId: string) {
  const access = await visibleBudget(deps, ctx, budgetId);
  return (await fullBudgetViews(deps, [access], ctx.actor))[0]!;
}

/**
 * Budgets in full, as the reader may see them: money, recent spends, pools and shares. A fixed
 * number of reads however many budgets there are: related rows are read for all of them at once.
 */
async function fullBudgetViews(
  deps: BudgetDeps,
  accesses: readonly Pick<BudgetAccess, 'budget' | 'parties'>[],
  reader: Pick<Actor, 'role'>,
) {
  const ids = accesses.map((a) => a.budget.id);
  const [money, spends, memberships, streams] = await Promise.all([
    deps.budgets.budgetMoney(ids),
    deps.budgets.recentSpendsOf(ids, 20),
    deps.budgets.poolsOfBudgets(ids),
    // The streams of these budgets only (each budget's own stream is in its own alliance).
    deps.budgets.getStreams(accesses.map((a) => a.budget.streamId)),
  ]);
  const poolIds = [...new Set(memberships.map((m) => m.poolId))];
  const [pools, shares] = await Promise.all([
    deps.budgets.getPools(poolIds),
    deps.budgets.poolSharesOf(poolIds),
  ]);
  const streamOf = new Map(streams.map((s) => [s.id, s]));
  const nameOf = new Map(pools.map((p) => [p.id, p.name]));
  return accesses.map(({ budget, parties }) => {
    const stream = streamOf.get(budget.streamId) ?? null;
    return {
      ...budgetView(budget, parties, money.get(budget.id)!, stream, reader),
      streamName: stream?.name ?? null,
      /** The brokerage top-slice taken from each allocation, in basis points (500 = 5%). */
      topSliceBasisPoints: stream?.topSliceBasisPoints ?? 0,
      recentSpends: spends.filter((s) => s.budgetId === budget.id).map((s) => spendView(s, reader)),
      pools: memberships
        .filter((m) => m.budgetId === budget.id)
        .map((m) => ({
          poolId: m.poolId,
          name: nameOf.get(m.poolId) ?? null,
          joinedAt: m.joinedAt,
          leftAt: m.leftAt,
          share: formatMinor(shares.get(m.poolId)?.get(budget.id) ?? 0),
          account: poolShareAccount(m.poolId, budget.id),
        })),
    };
  });
}

/**
 * The alliance's budgets in period-start order with their money and parties. With a page (the
 * API, the list page), a keyset page with the filters people use; without, all of them.
 */
export async function listBudgets(
  deps: BudgetDeps,
  ctx: ServiceContext,
  paged?: { filter: BudgetFilter; page: Page },
) {
  requireRole(ctx.actor, ['coordinator', 'auditor'], 'list all budgets');
  const { items: budgets, next } = paged
    ? pageOf(
        await deps.budgets.pageBudgets(ctx.actor.allianceId, paged.filter, paged.page),
        paged.page.limit,
        (b) => b.periodStart,
      )
    : { items: await deps.budgets.listBudgets({ allianceId: ctx.actor.allianceId }), next: null };
  const ids = budgets.map((b) => b.id);
  const [money, streams, parties] = await Promise.all([
    deps.budgets.budgetMoney(ids),
    // Only the streams of the budgets listed, in one read, never every stream of the alliance.
    deps.budgets.getStreams(budgets.map((b) => b.streamId)),
    deps.budgets.partiesOf(ids),
  ]);
  const streamOf = new Map(
    streams.filter((s) => s.allianceId === ctx.actor.allianceId).map((s) => [s.id, s]),
  );
  const items = budgets.map((b) =>
    budgetView(
      b,
      parties.get(b.id) ?? [],
      money.get(b.id)!,
      streamOf.get(b.streamId) ?? null,
      ctx.actor,
    ),
  );
  return { items, next };
}

/** GET /v1/me/budgets: what a holder (or a co-holder or broker) can see, and nothing else. */
/** The budgets the caller holds or is named on, by period start, a keyset page at a time. */
export async function myBudgets(deps: BudgetDeps, ctx: ServiceContext, page: Page) {
  requireRole(ctx.actor, ['holder', 'broker'], 'see your own budgets');
  const person = personOf(ctx.actor);
  if (!person) throw forbidden('This token does not name a person.');
  const { items: budgets, next } = pageOf(
    await deps.budgets.pageBudgets(ctx.actor.allianceId, { personId: person }, page),
    page.limit,
    (b) => b.periodStart,
  );
  // The query has already kept only the budgets this person holds or is named on.
  const parties = await deps.budgets.partiesOf(budgets.map((b) => b.id));
  const accesses = budgets.map((budget) => ({ budget, parties: parties.get(budget.id) ?? [] }));
  return { personId: person, items: await fullBudgetViews(deps, accesses, ctx.actor), next };
}

/** Spends of one month (YYYY-MM) of a budget the caller may see, latest first; at most 500. */
export async function spendsInMonth(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  month: string,
) {
  await visibleBudget(deps, ctx, budgetId);
  const spends = await deps.budgets.listSpends(budgetId, 500);
  return spends
    .filter((s) => s.spentOn.startsWith(`${month}-`))
    .map((s) => spendView(s, ctx.actor));
}

/** At the holder's request a coordinator removes a co-holder (say, a coercive partner). Logged with the reason. */
export async function removeParty(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  personId: string,
  input: { reason: string },
  once?: Once,
) {
  await visibleBudget(deps, ctx, budgetId); // scope before role: elsewhere is 404 for everyone
  requireRole(ctx.actor, ['coordinator'], 'remove people from budgets');
  type View = Awaited<ReturnType<typeof getBudget>>;
  return createOnce<View>(
    deps,
    ctx,
    once,
    { operation: `remove_party:${budgetId}:${personId}`, input, status: 200 },
    async (remember) => {
      const { parties } = await visibleBudget(deps, ctx, budgetId);
      const party = parties.find((p) => p.personId === personId && p.removedAt === null);
      if (!party)
        throw notFound('party_not_found', `${personId} is not named on budget ${budgetId}.`);
      const removedAt = ctx.now.toISOString();
      await deps.store.commit(() => [
        { kind: 'budget_party_removed', budgetId, personId, removedAt, reason: input.reason },
        // The reason stays in its own row (erasure blanks it there); only the id is remembered.
        ...remember({ id: budgetId } as View),
      ]);
      return getBudget(deps, ctx, budgetId);
    },
    rereadById((id) => getBudget(deps, ctx, id)),
  );
}

/**
 * The period after this one, of the same length: whole calendar months when the period is whole
 * months (a financial year rolls into the next financial year, leap day or not), else days.
 */
export function nextPeriod(start: string, end: string): { start: string; end: string } {
  const nextStart = addDays(end, 1);
  const months =
    (Number(nextStart.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
    (Number(nextStart.slice(5, 7)) - Number(start.slice(5, 7)));
  if (start.endsWith('-01') && nextStart.endsWith('-01') && months > 0) {
    const d = new Date(`${nextStart}T00:00:00.000Z`);
    d.setUTCMonth(d.getUTCMonth() + months);
    return { start: nextStart, end: addDays(d.toISOString().slice(0, 10), -1) };
  }
  return { start: nextStart, end: addDays(nextStart, daysBetween(start, end)) };
}

/**
 * Period end: unspent money goes back to the stream, or rolls into a new budget for the next
 * period of the same length, by the stream's rule, in one entry. Pending spends must be settled
 * and pool shares taken back first, so nothing is left in between.
 */
export async function closeBudget(
  deps: BudgetDeps,
  ctx: ServiceContext,
  budgetId: string,
  input: { closedOn: string },
  key: string | null | undefined,
) {
  await visibleBudget(deps, ctx, budgetId); // scope before role: elsewhere is 404 for everyone
  requireRole(ctx.actor, ['coordinator'], 'close budgets');
  await requirePastDate(deps, ctx, input.closedOn, 'closedOn');
  await visibleBudget(deps, ctx, budgetId);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `close:${budgetId}`, input },
    async (remember) => {
      const { budget, parties } = await visibleBudget(deps, ctx, budgetId);
      if (budget.status === 'closed')
        throw conflict(
          'budget_closed',
          'Budget already closed',
          `Budget ${budgetId} was closed on ${budget.closedOn}.`,
        );
      const stream = await requireStream(deps, ctx, budget.streamId);
      const remaining = await unspentToClose(deps, budgetId);
      const closing: Write = { kind: 'budget_close', budgetId, closedOn: input.closedOn };
      const next = stream.periodEndRule === 'rollover' ? successor(deps, ctx, budget) : null;
      const writes: Write[] = [closing];
      if (next) {
        const now = next.createdAt;
        const active = parties
          .filter((p) => p.removedAt === null)
          .map((p) => ({ ...p, budgetId: next.id, addedAt: now }));
        writes.push(...openBudgetWrites(next, active, now));
      }
      const body = {
        budgetId,
        closedOn: input.closedOn,
        rule: stream.periodEndRule,
        unspent: formatMinor(remaining),
        rolledInto: next?.id ?? null,
      };
      const outcome: Outcome = { status: 201, body };
      try {
        if (remaining === 0) {
          await deps.store.commit(() => [...writes, remember(outcome)]);
          return outcome;
        }
        await commitEntry(
          deps,
          ctx,
          {
            allianceId: budget.allianceId,
            effectiveDate: input.closedOn,
            description: next
              ? `Unspent budget rolled over into ${next.id}`
              : `Unspent budget returned to ${stream.name}`,
            reasonCode: next ? 'rollover' : 'period_end_return',
            reversesEntryId: null,
            postings: [
              { accountCode: budgetAccount(budget.id), amountMinor: remaining },
              {
                accountCode: next ? budgetAccount(next.id) : streamAccount(stream.id),
                amountMinor: -remaining,
              },
            ],
          },
          () => [...writes, remember(outcome)],
        );
      } catch (error) {
        throw explainRule(error);
      }
      return outcome;
    },
  );
}

/** What is left to move at period end, once nothing waits for approval and no pool holds a share. */
async function unspentToClose(deps: BudgetDeps, budgetId: string): Promise<number> {
  const money = await budgetBalances(deps, budgetId);
  if (money.pendingMinor > 0)
    throw conflict(
      'pending_spends',
      'Spends still waiting',
      `Budget ${budgetId} has ${formatMinor(money.pendingMinor)} in spends awaiting approval; approve, reject or withdraw them first.`,
    );
  const shares = await deps.budgets.poolsOfBudget(budgetId);
  for (const m of shares.filter((m) => m.leftAt === null)) {
    throw conflict(
      'still_in_pool',
      'Still in a pool',
      `Budget ${budgetId} is still a member of pool ${m.poolId}; leave it first so its share comes back.`,
    );
  }
  return money.availableMinor;
}

/** The budget a rollover opens: the next period of the same length, for the same holder. */
function successor(deps: BudgetDeps, ctx: ServiceContext, budget: Budget): Budget {
  const period = nextPeriod(budget.periodStart, budget.periodEnd);
  return {
    ...budget,
    id: deps.ids('bud'),
    periodStart: period.start,
    periodEnd: period.end,
    status: 'open',
    closedOn: null,
    rolledFrom: budget.id,
    createdAt: ctx.now.toISOString(),
  };
}
