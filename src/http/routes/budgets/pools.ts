import { createRoute, z } from '@hono/zod-openapi';
import {
  ContributeInput,
  contribute,
  CreatePoolInput,
  createPool,
  getPool,
  JoinPoolInput,
  joinPool,
  LeavePoolInput,
  leavePool,
  listPools,
  PurchaseInput,
  purchase,
} from '../../../core/budgets/pools.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IdempotencyKeyHeader, PageQuery } from '../../schemas.js';
import {
  PoolContribution,
  PoolCreated,
  PoolLeaving,
  PoolMembership,
  PoolPage,
  PoolPurchase,
  PoolView,
} from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, key, replayed, security, type Handlers } from '../kit.js';
import { tags, type Deps } from './shared.js';

const PoolParam = z.object({ pool: Id('pool', 'pol_01') });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/pools',
    tags,
    summary: 'Create a pool with its coordinator and splitting rule (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      ...jsonBody(CreatePoolInput),
    },
    responses: { ...ok(PoolCreated, 'Created', 201), ...errors },
  }),
  list: createRoute({
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
  read: createRoute({
    method: 'get',
    path: '/pools/{pool}',
    tags,
    summary: 'A pool: its purchases, and your share (or every share, for its coordinator)',
    security,
    request: { params: PoolParam },
    responses: { ...ok(PoolView, 'The pool'), ...errors },
  }),
  join: createRoute({
    method: 'post',
    path: '/pools/{pool}/members',
    tags,
    summary: 'Join the pool with a budget',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: PoolParam,
      ...jsonBody(JoinPoolInput),
    },
    responses: { ...ok(PoolMembership, 'Joined', 201), ...errors },
  }),
  contribute: createRoute({
    method: 'post',
    path: '/pools/{pool}/contributions',
    tags,
    summary: 'Move money from a budget into its share of the pool',
    security,
    request: {
      params: PoolParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(ContributeInput),
    },
    responses: { ...ok(PoolContribution, 'Contributed', 201), ...errors },
  }),
  purchase: createRoute({
    method: 'post',
    path: '/pools/{pool}/purchases',
    tags,
    summary: 'The pool buys; each member’s share pays its part to the penny (pool coordinator)',
    security,
    request: {
      params: PoolParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(PurchaseInput),
    },
    responses: { ...ok(PoolPurchase, 'Bought', 201), ...errors },
  }),
  leave: createRoute({
    method: 'post',
    path: '/pools/{pool}/leaving',
    tags,
    summary: 'Leave the pool; the remaining share goes back into the budget',
    security,
    request: {
      params: PoolParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(LeavePoolInput),
    },
    responses: { ...ok(PoolLeaving, 'Left', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  create: (deps) => async (c) =>
    c.json(await createPool(deps, ctx(c, deps), c.req.valid('json'), onceFrom(c)), 201),
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listPools(deps, ctx(c, deps), {
        ...(q.name ? { name: q.name } : {}),
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  read: (deps) => async (c) =>
    c.json(await getPool(deps, ctx(c, deps), c.req.valid('param').pool), 200),
  join: (deps) => async (c) =>
    c.json(
      await joinPool(
        deps,
        ctx(c, deps),
        c.req.valid('param').pool,
        c.req.valid('json'),
        onceFrom(c),
      ),
      201,
    ),
  contribute: (deps) => async (c) => {
    const r = await contribute(
      deps,
      ctx(c, deps),
      c.req.valid('param').pool,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof PoolContribution>, 201);
  },
  purchase: (deps) => async (c) => {
    const r = await purchase(
      deps,
      ctx(c, deps),
      c.req.valid('param').pool,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof PoolPurchase>, 201);
  },
  leave: (deps) => async (c) => {
    const r = await leavePool(
      deps,
      ctx(c, deps),
      c.req.valid('param').pool,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof PoolLeaving>, 201);
  },
};

/** Pools: budgets that buy together, each share paying its part. */
export function poolRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.create, handlers.create(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.join, handlers.join(deps))
    .openapi(routes.contribute, handlers.contribute(deps))
    .openapi(routes.purchase, handlers.purchase(deps))
    .openapi(routes.leave, handlers.leave(deps));
}
