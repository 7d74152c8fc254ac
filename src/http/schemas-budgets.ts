import { z } from '@hono/zod-openapi';
import { Day, Instant, Money, Ref, listOf, pageOf } from './schemas-views.js';

/**
 * The individual budgets answers, one schema per view in src/core/budgets. Fields the redaction
 * policy leaves out for a role (provider, description, reasons, names) are optional.
 */

export const PersonView = z
  .strictObject({
    id: Ref('per_01jd3k7x2m8q'),
    reference: z.string().openapi({ example: 'IB-7KQ2-M9XP' }),
    kind: z.enum(['holder', 'supporter', 'broker']),
    name: z.string().nullable().optional().openapi({ description: 'Coordinators only' }),
    erased: z.boolean(),
  })
  .openapi('Person');
export const PersonPage = pageOf(PersonView);

export const StreamView = z
  .strictObject({
    id: Ref('str_01jd3k7x2m8q'),
    name: z.string(),
    allowedCategories: z.array(z.string()),
    forbiddenCategories: z.array(z.string()),
    extraCategories: z.array(z.string()),
    allowedProviders: z.array(z.string()).nullable(),
    approvalLimit: Money,
    topSlicePercent: z.string().openapi({ example: '5.00' }),
    periodEndRule: z.enum(['return', 'rollover']),
    reserve: z.strictObject({
      amount: Money,
      coreCategories: z.array(z.string()),
      coreProviders: z.array(z.string()),
      releasedAt: z.literal('period_end'),
    }),
    account: z.string(),
    available: Money.optional(),
  })
  .openapi('Stream');
export const StreamList = listOf(StreamView);
export const StreamPage = pageOf(StreamView);

export const StreamFunding = z
  .strictObject({ streamId: z.string(), amount: Money, receivedOn: Day, entryId: z.string() })
  .openapi('StreamFunding');

export const SpendView = z
  .strictObject({
    id: Ref('spd_01jd3k7x2m8q'),
    provider: z.string().optional(),
    category: z.string(),
    amount: Money,
    spentOn: Day,
    description: z.string().optional(),
    status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
    needsApproval: z.boolean(),
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    decisionReason: z.string().nullable().optional(),
  })
  .openapi('Spend');

const budgetFields = {
  id: Ref('bud_01jd3k7x2m8q'),
  holderId: z.string(),
  streamId: z.string(),
  periodStart: Day,
  periodEnd: Day,
  controlMode: z.enum(['self', 'joint', 'managed']),
  status: z.enum(['open', 'closed']),
  closedOn: Day.nullable(),
  rolledFrom: z.string().nullable(),
  coHolders: z.array(
    z.strictObject({
      personId: z.string(),
      addedAt: Instant,
      removedAt: Instant.nullable(),
      removedReason: z.string().nullable().optional(),
    }),
  ),
  broker: z.string().nullable(),
  accounts: z.strictObject({ budget: z.string(), held: z.string() }),
  allocated: Money,
  spent: Money,
  pending: Money,
  available: Money,
  inPools: Money,
  closedOut: Money,
  reserve: z
    .strictObject({
      amount: Money,
      coreCategories: z.array(z.string()),
      coreProviders: z.array(z.string()),
      protected: Money,
      availableForAnything: Money,
      releasedOn: Day,
    })
    .nullable(),
};
export const BudgetView = z.strictObject(budgetFields).openapi('Budget');
export const BudgetPage = pageOf(BudgetView);

export const BudgetDetail = z
  .strictObject({
    ...budgetFields,
    streamName: z.string().nullable(),
    topSliceBasisPoints: z.number().int(),
    recentSpends: z.array(SpendView),
    pools: z.array(
      z.strictObject({
        poolId: z.string(),
        name: z.string().nullable(),
        joinedAt: Instant,
        leftAt: Instant.nullable(),
        share: Money,
        account: z.string(),
      }),
    ),
  })
  .openapi('BudgetDetail');

export const MyBudgets = z
  .strictObject({
    personId: z.string(),
    items: z.array(BudgetDetail),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }),
  })
  .openapi('MyBudgets');

export const Allocation = z
  .strictObject({
    budgetId: z.string(),
    gross: Money,
    topSlice: Money,
    net: Money,
    entryId: z.string(),
  })
  .openapi('Allocation');

export const Closure = z
  .strictObject({
    budgetId: z.string(),
    closedOn: Day,
    rule: z.enum(['return', 'rollover']),
    unspent: Money,
    rolledInto: z.string().nullable(),
  })
  .openapi('Closure');

const SplitRule = z.enum(['pro_rata', 'equal']);
export const PoolCreated = z
  .strictObject({
    id: Ref('pol_01jd3k7x2m8q'),
    name: z.string(),
    coordinatorPersonId: z.string(),
    splitRule: SplitRule,
  })
  .openapi('PoolCreated');

const PoolItem = z.strictObject({
  id: z.string(),
  name: z.string(),
  splitRule: SplitRule,
  members: z.number().int(),
  balance: Money,
});
export const PoolList = listOf(PoolItem);
export const PoolPage = pageOf(PoolItem);

const Charges = z.array(z.strictObject({ budgetId: z.string(), amount: Money }));
export const PoolView = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    splitRule: SplitRule,
    coordinatorPersonId: z.string(),
    balance: Money.optional().openapi({ description: 'For the pool’s coordinator and staff' }),
    members: z.array(
      z.strictObject({
        budgetId: z.string(),
        joinedAt: Instant,
        leftAt: Instant.nullable(),
        share: Money,
      }),
    ),
    purchases: z.array(
      z.strictObject({
        id: z.string(),
        provider: z.string().optional(),
        category: z.string(),
        amount: Money,
        boughtOn: Day,
        description: z.string().optional(),
        entryId: z.string(),
        charges: Charges,
      }),
    ),
  })
  .openapi('Pool');

export const PoolMembership = z
  .strictObject({ poolId: z.string(), budgetId: z.string(), joinedAt: Instant, share: Money })
  .openapi('PoolMembership');

export const PoolContribution = z
  .strictObject({ poolId: z.string(), budgetId: z.string(), amount: Money, entryId: z.string() })
  .openapi('PoolContribution');

export const PoolPurchase = z
  .strictObject({
    id: z.string(),
    poolId: z.string(),
    provider: z.string().optional(),
    category: z.string(),
    amount: Money,
    boughtOn: Day,
    description: z.string().optional(),
    charges: Charges,
    entryId: z.string(),
  })
  .openapi('PoolPurchase');

export const PoolLeaving = z
  .strictObject({ poolId: z.string(), budgetId: z.string(), returned: Money, leftOn: Day })
  .openapi('PoolLeaving');
