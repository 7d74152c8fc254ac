import { createRoute, z } from '@hono/zod-openapi';
import {
  allocate,
  closeBudget,
  createBudget,
  getBudget,
  listBudgets,
  myBudgets,
  removeParty,
} from '../../core/budgets/budgets.js';
import type { BudgetDeps } from '../../core/budgets/common.js';
import {
  contribute,
  createPool,
  getPool,
  joinPool,
  listPools,
  leavePool,
  purchase,
} from '../../core/budgets/pools.js';
import { erasePerson } from '../../core/budgets/erasure.js';
import {
  createStream,
  fundStream,
  listPeople,
  listStreams,
  registerPerson,
} from '../../core/budgets/setup.js';
import { decideSpend, getSpend, requestSpend } from '../../core/budgets/spends.js';
import type { BudgetFilter, BudgetsStore, PersonFilter } from '../../core/budgets/store.js';
import { onceFrom, OptionalIdempotencyKey } from '../idempotency.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import {
  IdempotencyKeyHeader,
  NonNegativeAmount,
  PositiveAmount,
  IsoDate,
  PageQuery,
  amountMinor,
  pageResponse,
  problemResponses,
} from '../schemas.js';
import { parseCursor } from '../../core/paging.js';
import {
  Allocation,
  BudgetDetail,
  BudgetView,
  Closure,
  MyBudgets,
  PersonView,
  PoolContribution,
  PoolCreated,
  PoolLeaving,
  PoolPage,
  PoolMembership,
  PoolPurchase,
  PoolView,
  SpendView,
  StreamFunding,
  StreamPage,
  StreamView,
} from '../schemas-budgets.js';
import { ok } from '../schemas-views.js';

const security = [{ bearerAuth: [] }];
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const Id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' }, example });
const Text = (max = 500) => z.string().trim().min(1).max(max);
const Positive = PositiveAmount;
const NonNegative = NonNegativeAmount;
const Category = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lowercase letters, digits and "-"');
const errors = problemResponses(400, 401, 403, 404, 409, 422);
const Percent = z
  .string()
  .regex(
    /^(50(\.0{1,2})?|[1-4]?[0-9](\.[0-9]{1,2})?)$/,
    'a percentage from 0 to 50 with at most two decimals',
  );

function basisPoints(percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Individual budgets and pools. */
export function budgetRoutes(appDeps: AppDeps, budgets: BudgetsStore) {
  const deps: BudgetDeps = { ...appDeps, budgets };
  const app = createRouter();
  const tags = ['Individual budgets'];
  const ctx = (c: Parameters<typeof serviceContext>[0]) => serviceContext(c, appDeps);
  const replayed = (c: { header: (k: string, v: string) => void }, r: { replayed: boolean }) =>
    r.replayed && c.header('idempotent-replayed', 'true');
  const key = (c: { req: { header: (k: string) => string | undefined } }) =>
    c.req.header('idempotency-key');
  // Requests that move no money take a key too (optional): a retry gets the first answer.
  const once = onceFrom;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/people',
      tags,
      summary: 'Register a budget holder, supporter (possible co-holder) or broker (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        ...jsonBody(
          z
            .object({
              kind: z.enum(['holder', 'supporter', 'broker']),
              name: Text(80).nullable().optional(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(PersonView, 'Registered', 201), ...errors },
    }),
    async (c) => c.json(await registerPerson(deps, ctx(c), c.req.valid('json'), once(c)), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/people',
      tags,
      summary:
        'The people on budgets in reference order, a page at a time (coordinators, auditors)',
      security,
      request: {
        query: PageQuery.extend({
          kind: z.enum(['holder', 'supporter', 'broker']).optional(),
          reference: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: 'The start of their IB- reference' }),
        }),
      },
      responses: { ...pageResponse(PersonView, 'A page of people'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const filter: PersonFilter = {
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.reference ? { reference: q.reference } : {}),
      };
      return c.json(
        await listPeople(deps, ctx(c), {
          filter,
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/people/{person}/erasure',
      tags,
      summary:
        'Erase a budget person’s personal data; amounts, statuses and the books stay (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: z.object({ person: Id('person', 'per_01m84j') }),
      },
      responses: { ...ok(PersonView, 'Erased'), ...errors },
    }),
    async (c) => c.json(await erasePerson(deps, ctx(c), c.req.valid('param').person, once(c)), 200),
  );

  const StreamBody = z
    .object({
      name: Text(80),
      allowedCategories: z.array(Category).max(30).default([]),
      forbiddenCategories: z.array(Category).max(30).default([]),
      extraCategories: z.array(Category).max(30).default([]),
      allowedProviders: z.array(Text(120)).max(100).nullable().default(null),
      approvalLimit: NonNegative,
      topSlicePercent: Percent.default('0'),
      periodEndRule: z.enum(['return', 'rollover']),
      reserve: NonNegative.default('0.00').openapi({
        description:
          'The guaranteed minimum kept in each budget for core support; released at period end',
      }),
      coreCategories: z.array(Category).max(30).default([]),
      coreProviders: z.array(Text(120)).max(100).default([]),
    })
    .strict();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/streams',
      tags,
      summary: 'Create a funding stream and its rules (coordinators)',
      security,
      request: { headers: OptionalIdempotencyKey, ...jsonBody(StreamBody) },
      responses: { ...ok(StreamView, 'Created', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(
        await createStream(
          deps,
          ctx(c),
          {
            ...b,
            approvalLimitMinor: amountMinor(b.approvalLimit),
            topSliceBasisPoints: basisPoints(b.topSlicePercent),
            reserveMinor: amountMinor(b.reserve),
          },
          once(c),
        ),
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/streams',
      tags,
      summary: 'Funding streams and what they hold, in name order, a page at a time',
      security,
      request: {
        query: PageQuery.extend({
          name: z
            .string()
            .max(80)
            .optional()
            .openapi({ description: 'How the name starts (any case)' }),
        }),
      },
      responses: { ...ok(StreamPage, 'A page of streams'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listStreams(deps, ctx(c), {
          ...(q.name ? { name: q.name } : {}),
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/streams/{stream}/funding',
      tags,
      summary: 'Record money into a stream (coordinators)',
      security,
      request: {
        params: z.object({ stream: Id('stream', 'str_01') }),
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z.object({ amount: Positive, receivedOn: IsoDate, funder: Text(120) }).strict(),
        ),
      },
      responses: { ...ok(StreamFunding, 'Recorded', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await fundStream(
        deps,
        ctx(c),
        c.req.valid('param').stream,
        { ...b, amountMinor: amountMinor(b.amount) },
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof StreamFunding>, 201);
    },
  );

  const BudgetParam = z.object({ budget: Id('budget', 'bud_01') });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/budgets',
      tags,
      summary: 'Create a budget for a holder and a period (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        ...jsonBody(
          z
            .object({
              holderId: z.string().max(80),
              streamId: z.string().max(80),
              periodStart: IsoDate,
              periodEnd: IsoDate,
              controlMode: z.enum(['self', 'joint', 'managed']),
              coHolderIds: z.array(z.string().max(80)).max(5).default([]),
              brokerId: z.string().max(80).optional(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(BudgetView, 'Created', 201), ...errors },
    }),
    async (c) => c.json(await createBudget(deps, ctx(c), c.req.valid('json'), once(c)), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/budgets',
      tags,
      summary: 'The budgets of the alliance in period-start order, a page at a time',
      security,
      request: {
        query: PageQuery.extend({
          status: z.enum(['open', 'closed']).optional(),
          from: IsoDate.optional().openapi({ description: 'The period ends on or after' }),
          to: IsoDate.optional().openapi({ description: 'The period starts on or before' }),
          reference: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: "The start of the holder's reference" }),
        }),
      },
      responses: { ...pageResponse(BudgetView, 'A page of budgets'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const filter: BudgetFilter = {
        ...(q.status ? { status: q.status } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.reference ? { reference: q.reference } : {}),
      };
      return c.json(
        await listBudgets(deps, ctx(c), {
          filter,
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/budgets/{budget}',
      tags,
      summary: 'A budget: allocated, spent, pending, available, recent spends, pool shares',
      security,
      request: { params: BudgetParam },
      responses: { ...ok(BudgetDetail, 'The budget'), ...errors },
    }),
    async (c) => c.json(await getBudget(deps, ctx(c), c.req.valid('param').budget), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/budgets',
      tags,
      summary: 'The budgets you hold or are named on (holder and broker tokens)',
      security,
      responses: { ...ok(MyBudgets, 'Your budgets'), ...errors },
    }),
    async (c) => c.json(await myBudgets(deps, ctx(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/budgets/{budget}/allocations',
      tags,
      summary: 'Allocate from the stream, less the brokerage top-slice (coordinators)',
      security,
      request: {
        params: BudgetParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(z.object({ amount: Positive, allocatedOn: IsoDate }).strict()),
      },
      responses: { ...ok(Allocation, 'Allocated', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await allocate(
        deps,
        ctx(c),
        c.req.valid('param').budget,
        { amountMinor: amountMinor(b.amount), allocatedOn: b.allocatedOn },
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof Allocation>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/budgets/{budget}/spends',
      tags,
      summary: 'Ask to spend: paid at once within the limit, held for approval above it',
      security,
      request: {
        params: BudgetParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z
            .object({
              provider: Text(120),
              category: Category,
              amount: Positive,
              spentOn: IsoDate,
              description: Text(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(SpendView, 'Recorded', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await requestSpend(
        deps,
        ctx(c),
        c.req.valid('param').budget,
        { ...b, amountMinor: amountMinor(b.amount) },
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof SpendView>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/budgets/{budget}/parties/{person}/removal',
      tags,
      summary:
        'Remove a co-holder or broker at the holder’s request, with the reason logged (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: BudgetParam.extend({ person: Id('person', 'per_01') }),
        ...jsonBody(z.object({ reason: Text() }).strict()),
      },
      responses: { ...ok(BudgetDetail, 'Removed'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await removeParty(deps, ctx(c), p.budget, p.person, c.req.valid('json'), once(c)),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/budgets/{budget}/closure',
      tags,
      summary:
        'Close the budget at period end: return or roll over the unspent money (coordinators)',
      security,
      request: {
        params: BudgetParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(z.object({ closedOn: IsoDate }).strict()),
      },
      responses: { ...ok(Closure, 'Closed', 201), ...errors },
    }),
    async (c) => {
      const r = await closeBudget(
        deps,
        ctx(c),
        c.req.valid('param').budget,
        c.req.valid('json'),
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof Closure>, 201);
    },
  );

  const SpendParam = z.object({ spend: Id('spend', 'spd_01') });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/spends/{spend}',
      tags,
      summary: 'A spend',
      security,
      request: { params: SpendParam },
      responses: { ...ok(SpendView, 'The spend'), ...errors },
    }),
    async (c) => c.json(await getSpend(deps, ctx(c), c.req.valid('param').spend), 200),
  );
  for (const [path, decision, summary] of [
    [
      'approval',
      'approved',
      'Approve a held spend (co-holder on a joint budget, otherwise the coordinator)',
    ],
    [
      'rejection',
      'rejected',
      'Reject a held spend, with a reason; the money goes back into the budget',
    ],
    [
      'withdrawal',
      'withdrawn',
      'Withdraw a spend that is still waiting (the person who asked, or the holder)',
    ],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/spends/{spend}/${path}`,
        tags,
        summary,
        security,
        request: {
          params: SpendParam,
          headers: IdempotencyKeyHeader,
          ...jsonBody(z.object({ reason: Text().optional() }).strict()),
        },
        responses: { ...ok(SpendView, 'Decided'), ...errors },
      }),
      async (c) => {
        const r = await decideSpend(
          deps,
          ctx(c),
          c.req.valid('param').spend,
          decision,
          c.req.valid('json'),
          key(c),
        );
        replayed(c, r);
        return c.json(r.body as z.infer<typeof SpendView>, 200);
      },
    );
  }

  const PoolParam = z.object({ pool: Id('pool', 'pol_01') });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pools',
      tags,
      summary: 'Create a pool with its coordinator and splitting rule (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        ...jsonBody(
          z
            .object({
              name: Text(80),
              coordinatorPersonId: z.string().max(80),
              splitRule: z.enum(['pro_rata', 'equal']).default('pro_rata'),
            })
            .strict(),
        ),
      },
      responses: { ...ok(PoolCreated, 'Created', 201), ...errors },
    }),
    async (c) => c.json(await createPool(deps, ctx(c), c.req.valid('json'), once(c)), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/pools',
      tags,
      summary: 'The pools of the alliance with their balances, in name order, a page at a time',
      security,
      request: {
        query: PageQuery.extend({
          name: z
            .string()
            .max(80)
            .optional()
            .openapi({ description: 'How the name starts (any case)' }),
        }),
      },
      responses: { ...ok(PoolPage, 'A page of pools'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listPools(deps, ctx(c), {
          ...(q.name ? { name: q.name } : {}),
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/pools/{pool}',
      tags,
      summary: 'A pool: its purchases, and your share (or every share, for its coordinator)',
      security,
      request: { params: PoolParam },
      responses: { ...ok(PoolView, 'The pool'), ...errors },
    }),
    async (c) => c.json(await getPool(deps, ctx(c), c.req.valid('param').pool), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pools/{pool}/members',
      tags,
      summary: 'Join the pool with a budget',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: PoolParam,
        ...jsonBody(z.object({ budgetId: z.string().max(80) }).strict()),
      },
      responses: { ...ok(PoolMembership, 'Joined', 201), ...errors },
    }),
    async (c) =>
      c.json(
        await joinPool(deps, ctx(c), c.req.valid('param').pool, c.req.valid('json'), once(c)),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pools/{pool}/contributions',
      tags,
      summary: 'Move money from a budget into its share of the pool',
      security,
      request: {
        params: PoolParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z
            .object({ budgetId: z.string().max(80), amount: Positive, contributedOn: IsoDate })
            .strict(),
        ),
      },
      responses: { ...ok(PoolContribution, 'Contributed', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await contribute(
        deps,
        ctx(c),
        c.req.valid('param').pool,
        {
          budgetId: b.budgetId,
          amountMinor: amountMinor(b.amount),
          contributedOn: b.contributedOn,
        },
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof PoolContribution>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pools/{pool}/purchases',
      tags,
      summary: 'The pool buys; each member’s share pays its part to the penny (pool coordinator)',
      security,
      request: {
        params: PoolParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z
            .object({
              provider: Text(120),
              category: Category,
              amount: Positive,
              boughtOn: IsoDate,
              description: Text(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(PoolPurchase, 'Bought', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await purchase(
        deps,
        ctx(c),
        c.req.valid('param').pool,
        { ...b, amountMinor: amountMinor(b.amount) },
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof PoolPurchase>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/pools/{pool}/leaving',
      tags,
      summary: 'Leave the pool; the remaining share goes back into the budget',
      security,
      request: {
        params: PoolParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(z.object({ budgetId: z.string().max(80), leftOn: IsoDate }).strict()),
      },
      responses: { ...ok(PoolLeaving, 'Left', 201), ...errors },
    }),
    async (c) => {
      const r = await leavePool(
        deps,
        ctx(c),
        c.req.valid('param').pool,
        c.req.valid('json'),
        key(c),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof PoolLeaving>, 201);
    },
  );

  return app;
}
