import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { runIdempotent, type Outcome, createOnce, type Once } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor, splitByWeights, sumMinor } from '../money.js';
import { inAlliance, requireRole } from '../policy.js';
import { redact } from '../redaction.js';
import { explainRule, ruleProblem } from '../rules.js';
import type { Write } from '../store.js';
import { allianceAccounts } from '../sparks/model.js';
import {
  budgetBalances,
  personOf,
  requirePastDate,
  requireSpender,
  visibleBudget,
  type BudgetDeps,
} from './common.js';
import { budgetAccount, poolShareAccount, type Pool, type PoolMember } from './model.js';
import { nameFilter, requireKnownPerson, requireStream } from './setup.js';
import { pageOf, type Page } from '../paging.js';
import { Category } from './input.js';
import { checkStreamRules, PROVIDER_CHARS, requireAboveReserve } from './spends.js';

/**
 * Pools. Each member's share is an account of its own (pool:<id>:member:<budget>) that may not go
 * below zero, so the pool's balance is by construction the sum of its members' shares.
 *
 * Splitting a purchase: pro rata to the members' shares at that moment (or equally, by the
 * pool's rule), by largest remainder so the parts add up to the penny. The penny left over after
 * rounding goes to the member with the largest fractional part, and among equals to the member
 * who joined first.
 */

/** What creating a pool takes: its name, the member who buys for it, and how it shares. */
export const CreatePoolInput = z
  .object({
    name: Text(80),
    coordinatorPersonId: z.string().max(80),
    splitRule: z.enum(['pro_rata', 'equal']).default('pro_rata'),
  })
  .strict();
export type CreatePoolInput = z.input<typeof CreatePoolInput>;

export async function createPool(
  deps: BudgetDeps,
  ctx: ServiceContext,
  raw: CreatePoolInput,
  once?: Once,
) {
  const input = parseInput(CreatePoolInput, raw);
  requireRole(ctx.actor, ['coordinator'], 'create pools');
  requireKnownPerson(
    await deps.budgets.getPerson(input.coordinatorPersonId),
    ctx,
    'coordinatorPersonId',
  );
  const pool: Pool = {
    id: deps.ids('pol'),
    allianceId: ctx.actor.allianceId,
    name: input.name,
    coordinatorPersonId: input.coordinatorPersonId,
    splitRule: input.splitRule,
    createdAt: ctx.now.toISOString(),
  };
  return createOnce<{
    id: string;
    name: string;
    coordinatorPersonId: string;
    splitRule: Pool['splitRule'];
  }>(deps, ctx, once, { operation: 'create_pool', input }, async (remember) => {
    const view = {
      id: pool.id,
      name: pool.name,
      coordinatorPersonId: pool.coordinatorPersonId,
      splitRule: pool.splitRule,
    };
    await deps.store.commit(() => [{ kind: 'pool', pool }, ...remember(view)]);
    return view;
  });
}

const requirePool = async (deps: BudgetDeps, ctx: ServiceContext, poolId: string): Promise<Pool> =>
  inAlliance(
    await deps.budgets.getPool(poolId),
    ctx.actor.allianceId,
    'pool_not_found',
    `pool ${poolId}`,
  );

/** Pool coordinator: the person named on the pool, or the alliance's coordinator. */
function isPoolCoordinator(ctx: ServiceContext, pool: Pool): boolean {
  return ctx.actor.role === 'coordinator' || personOf(ctx.actor) === pool.coordinatorPersonId;
}

/** What joining a pool takes: the budget that joins. */
export const JoinPoolInput = z.object({ budgetId: z.string().max(80) }).strict();
export type JoinPoolInput = z.input<typeof JoinPoolInput>;

/** A member joins with one of their budgets; the holder (or, for a managed budget, the broker) decides. */
export async function joinPool(
  deps: BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
  raw: JoinPoolInput,
  once?: Once,
) {
  const input = parseInput(JoinPoolInput, raw);
  const pool = await requirePool(deps, ctx, poolId);
  const access = await visibleBudget(deps, ctx, input.budgetId);
  requireSpender(access);
  type View = { poolId: string; budgetId: string; joinedAt: string; share: string };
  return createOnce<View>(
    deps,
    ctx,
    once,
    { operation: `join_pool:${poolId}`, input },
    (remember) => addMember(deps, ctx, pool, input.budgetId, remember),
  );
}

async function addMember(
  deps: BudgetDeps,
  ctx: ServiceContext,
  pool: { id: string; allianceId: string },
  budgetId: string,
  remember: (body: {
    poolId: string;
    budgetId: string;
    joinedAt: string;
    share: string;
  }) => Write[],
) {
  const poolId = pool.id;
  const input = { budgetId };
  const members = await deps.budgets.listPoolMembers(poolId);
  if (members.some((m) => m.budgetId === input.budgetId))
    throw conflict(
      'already_member',
      'Already a member',
      `Budget ${input.budgetId} is already (or was) in pool ${poolId}.`,
    );
  if (members.filter((m) => m.leftAt === null).length >= 10)
    throw conflict('pool_full', 'Pool full', 'A pool has at most ten members.');
  const now = ctx.now.toISOString();
  const member: PoolMember = {
    poolId,
    budgetId: input.budgetId,
    joinedSeq: members.length + 1,
    joinedAt: now,
    leftAt: null,
  };
  const answer = { poolId, budgetId: input.budgetId, joinedAt: now, share: '0.00' };
  try {
    await deps.store.commit(() => [
      { kind: 'pool_member', member },
      {
        kind: 'open_account',
        account: {
          code: poolShareAccount(poolId, input.budgetId),
          type: 'liability',
          allowNegative: false,
          allianceId: pool.allianceId,
          name: null,
          createdAt: now,
        },
      },
      ...remember(answer),
    ]);
  } catch (error) {
    throw explainRule(error);
  }
  return answer;
}

/** What a contribution takes: from which budget, how much, and when. */
export const ContributeInput = z
  .object({ budgetId: z.string().max(80), amount: PositiveAmount, contributedOn: IsoDate })
  .strict();
export type ContributeInput = z.input<typeof ContributeInput>;

/** A member moves money from their budget into their share of the pool. */
export async function contribute(
  deps: BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
  raw: ContributeInput,
  key: string | null | undefined,
) {
  const { budgetId, amount, contributedOn } = parseInput(ContributeInput, raw);
  // The replay fingerprint is of the budget, pence and date, as it always was.
  const input = { budgetId, amountMinor: amountMinor(amount), contributedOn };
  const pool = await requirePool(deps, ctx, poolId);
  await requirePastDate(deps, ctx, input.contributedOn, 'contributedOn');
  const access = await visibleBudget(deps, ctx, input.budgetId);
  requireSpender(access);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `contribute:${poolId}`, input },
    async (remember) => {
      const member = (await deps.budgets.listPoolMembers(poolId)).find(
        (m) => m.budgetId === input.budgetId && m.leftAt === null,
      );
      if (!member) throw ruleProblem('not_a_member');
      if (access.budget.status !== 'open') throw ruleProblem('budget_closed');
      const [stream, money] = await Promise.all([
        requireStream(deps, ctx, access.budget.streamId),
        budgetBalances(deps, input.budgetId),
      ]);
      // A pool can buy anything its members agree on, so money going into one is not core support.
      if (input.amountMinor <= money.availableMinor)
        requireAboveReserve(stream, money.availableMinor, input);
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId: pool.allianceId,
            effectiveDate: input.contributedOn,
            description: `Contribution to pool ${pool.name}`,
            reasonCode: 'pool_contribution',
            reversesEntryId: null,
            postings: [
              { accountCode: budgetAccount(input.budgetId), amountMinor: input.amountMinor },
              {
                accountCode: poolShareAccount(poolId, input.budgetId),
                amountMinor: -input.amountMinor,
              },
            ],
          },
          (entry): Write[] => {
            outcome = {
              status: 201,
              body: {
                poolId,
                budgetId: input.budgetId,
                amount: formatMinor(input.amountMinor),
                entryId: entry.id,
              },
            };
            if (stream.reserveMinor === 0) return [remember(outcome)];
            const draw: Write = {
              kind: 'reserve_draw',
              entryId: entry.id,
              budgetId: input.budgetId,
              amountMinor: input.amountMinor,
              reason: 'pool_contribution',
              createdAt: ctx.now.toISOString(),
            };
            return [draw, remember(outcome)];
          },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'balance_rule_violated')
          throw conflict(
            'insufficient_budget',
            'Not enough in the budget',
            `The budget does not have ${formatMinor(input.amountMinor)} available. Nothing was written.`,
          );
        throw explainRule(error);
      }
      return outcome!;
    },
  );
}

/** How a purchase is charged to the members, to the penny; null when their shares cannot cover it. */
export function chargesFor(
  rule: Pool['splitRule'],
  amountMinor: number,
  members: { budgetId: string; shareMinor: number }[],
): { budgetId: string; amountMinor: number }[] | null {
  const holding = members.filter((m) => m.shareMinor > 0);
  if (holding.length === 0 || sumMinor(holding.map((m) => m.shareMinor)) < amountMinor) return null;
  const parts =
    rule === 'pro_rata'
      ? splitByWeights(
          amountMinor,
          holding.map((m) => m.shareMinor),
        )
      : splitByWeights(
          amountMinor,
          holding.map(() => 1),
        );
  if (parts.some((p, i) => p > holding[i]!.shareMinor)) return null;
  return holding
    .map((m, i) => ({ budgetId: m.budgetId, amountMinor: parts[i]! }))
    .filter((c) => c.amountMinor > 0);
}

/** What a pool's purchase takes: who is paid, for what kind of thing, how much, when and why. */
export const PurchaseInput = z
  .object({
    provider: Text(PROVIDER_CHARS),
    category: Category,
    amount: PositiveAmount,
    boughtOn: IsoDate,
    description: Text(),
  })
  .strict();
export type PurchaseInput = z.input<typeof PurchaseInput>;

/** Each active member's part of a purchase, refused if the shares cannot pay or a stream forbids. */
async function poolCharges(
  deps: BudgetDeps,
  ctx: ServiceContext,
  pool: Pool,
  input: z.output<typeof PurchaseInput> & { amountMinor: number },
) {
  const [members, shares] = await Promise.all([
    deps.budgets.listPoolMembers(pool.id),
    deps.budgets.poolShares(pool.id),
  ]);
  const active = members
    .filter((m) => m.leftAt === null)
    .map((m) => ({ budgetId: m.budgetId, shareMinor: shares.get(m.budgetId) ?? 0 }));
  const charges = chargesFor(pool.splitRule, input.amountMinor, active);
  const total = sumMinor(active.map((m) => m.shareMinor));
  if (!charges) {
    throw conflict(
      'shares_insufficient',
      'The members’ shares cannot cover this',
      `The pool holds ${formatMinor(total)}${pool.splitRule === 'equal' ? ', and split equally some members’ shares are too small' : ''}; it cannot pay ${formatMinor(input.amountMinor)}. Nothing was written.`,
      { poolBalance: formatMinor(total) },
    );
  }
  // Every charged member's stream must allow the purchase: pooling never launders a rule.
  for (const c of charges) {
    const budget = await deps.budgets.getBudget(c.budgetId);
    checkStreamRules(await requireStream(deps, ctx, budget!.streamId), input);
  }
  return charges;
}

/** The pool buys from a provider; each member's share pays its part, in one entry. */
export async function purchase(
  deps: BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
  raw: PurchaseInput,
  key: string | null | undefined,
) {
  const parsed = parseInput(PurchaseInput, raw);
  // The replay fingerprint is of the parsed body and its pence, as it always was.
  const input = { ...parsed, amountMinor: amountMinor(parsed.amount) };
  const pool = await requirePool(deps, ctx, poolId);
  if (!isPoolCoordinator(ctx, pool)) throw forbidden('The pool’s coordinator makes its purchases.');
  await requirePastDate(deps, ctx, input.boughtOn, 'boughtOn');
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `purchase:${poolId}`, input },
    async (remember) => {
      const charges = await poolCharges(deps, ctx, pool, input);
      const id = deps.ids('pur');
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId: pool.allianceId,
            effectiveDate: input.boughtOn,
            description: `Pool ${pool.id} purchase (${input.category})`,
            reasonCode: 'pool_purchase',
            reversesEntryId: null,
            postings: [
              ...charges.map((c) => ({
                accountCode: poolShareAccount(poolId, c.budgetId),
                amountMinor: c.amountMinor,
              })),
              {
                accountCode: allianceAccounts(pool.allianceId).bank,
                amountMinor: -input.amountMinor,
              },
            ],
          },
          (entry): Write[] => {
            outcome = {
              status: 201,
              body: {
                id,
                poolId,
                provider: input.provider,
                category: input.category,
                amount: formatMinor(input.amountMinor),
                boughtOn: input.boughtOn,
                charges: charges.map((c) => ({
                  budgetId: c.budgetId,
                  amount: formatMinor(c.amountMinor),
                })),
                entryId: entry.id,
              },
            };
            return [
              {
                kind: 'pool_purchase',
                purchase: {
                  id,
                  poolId,
                  ...input,
                  entryId: entry.id,
                  createdAt: ctx.now.toISOString(),
                },
              },
              remember(outcome),
            ];
          },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'balance_rule_violated')
          throw conflict(
            'shares_insufficient',
            'The members’ shares changed',
            'A member’s share changed meanwhile; try again. Nothing was written.',
          );
        throw explainRule(error);
      }
      return outcome!;
    },
  );
}

/** What leaving a pool takes: the budget that leaves, and when. */
export const LeavePoolInput = z.object({ budgetId: z.string().max(80), leftOn: IsoDate }).strict();
export type LeavePoolInput = z.input<typeof LeavePoolInput>;

/** A member leaves: their remaining share goes back into their budget, in one entry. */
export async function leavePool(
  deps: BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
  raw: LeavePoolInput,
  key: string | null | undefined,
) {
  const input = parseInput(LeavePoolInput, raw);
  const pool = await requirePool(deps, ctx, poolId);
  await requirePastDate(deps, ctx, input.leftOn, 'leftOn');
  const access = await visibleBudget(deps, ctx, input.budgetId);
  if (ctx.actor.role !== 'coordinator') requireSpender(access);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `leave:${poolId}`, input },
    async (remember) => {
      const member = (await deps.budgets.listPoolMembers(poolId)).find(
        (m) => m.budgetId === input.budgetId && m.leftAt === null,
      );
      if (!member) throw ruleProblem('not_a_member');
      const share = (await deps.budgets.poolShares(poolId)).get(input.budgetId) ?? 0;
      const leftAt = ctx.now.toISOString();
      const outcome: Outcome = {
        status: 201,
        body: {
          poolId,
          budgetId: input.budgetId,
          returned: formatMinor(share),
          leftOn: input.leftOn,
        },
      };
      const writes: Write[] = [
        { kind: 'pool_member_left', poolId, budgetId: input.budgetId, leftAt },
        remember(outcome),
      ];
      try {
        if (share === 0) await deps.store.commit(() => writes);
        else {
          await commitEntry(
            deps,
            ctx,
            {
              allianceId: pool.allianceId,
              effectiveDate: input.leftOn,
              description: `Left pool ${pool.name}; share returned to the budget`,
              reasonCode: 'pool_leave',
              reversesEntryId: null,
              postings: [
                { accountCode: poolShareAccount(poolId, input.budgetId), amountMinor: share },
                { accountCode: budgetAccount(input.budgetId), amountMinor: -share },
              ],
            },
            () => writes,
          );
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'balance_rule_violated')
          throw conflict(
            'share_changed',
            'The share changed',
            'The share changed meanwhile; try again. Nothing was written.',
          );
        throw explainRule(error);
      }
      return outcome;
    },
  );
}

/**
 * A pool as the caller may see it. The pool's coordinator, the alliance coordinator and auditors
 * see every share; a member sees every purchase and their own share and charges only.
 */
/**
 * Who sees what of a pool: its coordinator, the alliance coordinator and auditors see every
 * member; a member (holder, co-holder or broker of a member budget) sees only their own; anyone
 * else is told it does not exist.
 */
export async function poolAccess(
  deps: BudgetDeps,
  ctx: ServiceContext,
  poolId: string,
): Promise<{ pool: Pool; members: PoolMember[]; visible: PoolMember[]; seesAll: boolean }> {
  const pool = await requirePool(deps, ctx, poolId);
  const members = await deps.budgets.listPoolMembers(poolId);
  const seesAll = isPoolCoordinator(ctx, pool) || ctx.actor.role === 'auditor';
  if (seesAll) return { pool, members, visible: members, seesAll };
  // The members whose budget this person may see, as visibleBudget judges it (holds it, or is
  // named on it and not removed): the budgets they are named on (few), in one read, not two reads
  // per member.
  const person = personOf(ctx.actor);
  const theirs = new Set(
    person
      ? (
          await deps.budgets.listBudgets({ allianceId: ctx.actor.allianceId, personId: person })
        ).map((b) => b.id)
      : [],
  );
  const visible = members.filter((m) => theirs.has(m.budgetId));
  if (visible.length === 0) throw notFound('pool_not_found', `No pool ${poolId} that you can see.`);
  return { pool, members, visible, seesAll };
}

/** Every pool of the alliance with its balance, for the coordinator and auditors. */
export async function listPools(
  deps: BudgetDeps,
  ctx: ServiceContext,
  paged?: { name?: string; page: Page },
) {
  requireRole(ctx.actor, ['coordinator', 'auditor'], 'list all pools');
  const { items: pools, next } = paged
    ? pageOf(
        await deps.budgets.pagePools(ctx.actor.allianceId, nameFilter(paged.name), paged.page),
        paged.page.limit,
        (p) => p.name,
      )
    : { items: await deps.budgets.listPools(ctx.actor.allianceId), next: null };
  const ids = pools.map((p) => p.id);
  const [members, shares] = await Promise.all([
    deps.budgets.poolMembersOf(ids),
    deps.budgets.poolSharesOf(ids),
  ]);
  const items = pools.map((pool) => ({
    id: pool.id,
    name: pool.name,
    splitRule: pool.splitRule,
    members: members.filter((m) => m.poolId === pool.id && m.leftAt === null).length,
    balance: formatMinor(sumMinor([...(shares.get(pool.id)?.values() ?? [])])),
  }));
  return { items, next };
}

/** A pool as the caller may see it: every purchase, and the shares and charges they may see. */
export async function getPool(deps: BudgetDeps, ctx: ServiceContext, poolId: string) {
  const { pool, visible, seesAll } = await poolAccess(deps, ctx, poolId);
  const [shares, purchases] = await Promise.all([
    deps.budgets.poolShares(poolId),
    deps.budgets.listPoolPurchases(poolId),
  ]);
  const mine = new Set(visible.map((m) => m.budgetId));
  return {
    id: pool.id,
    name: pool.name,
    splitRule: pool.splitRule,
    coordinatorPersonId: pool.coordinatorPersonId,
    ...(seesAll ? { balance: formatMinor(sumMinor([...shares.values()])) } : {}),
    members: visible.map((m) => ({
      budgetId: m.budgetId,
      joinedAt: m.joinedAt,
      leftAt: m.leftAt,
      share: formatMinor(shares.get(m.budgetId) ?? 0),
    })),
    purchases: purchases.map((p) =>
      redact(
        ctx.actor,
        {
          id: p.id,
          provider: p.provider,
          category: p.category,
          amount: formatMinor(p.amountMinor),
          boughtOn: p.boughtOn,
          description: p.description,
          entryId: p.entryId,
          charges: p.charges
            .filter((c) => mine.has(c.budgetId))
            .map((c) => ({ budgetId: c.budgetId, amount: formatMinor(c.amountMinor) })),
        },
        { provider: 'provider', description: 'description' },
      ),
    ),
  };
}
