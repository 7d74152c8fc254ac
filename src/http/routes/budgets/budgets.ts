import { createRoute, z } from '@hono/zod-openapi';
import {
  CreateBudgetInput,
  createBudget,
  getBudget,
  listBudgets,
  myBudgets,
} from '../../../core/budgets/budgets.js';
import type { BudgetFilter } from '../../../core/budgets/store.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IsoDate, PageQuery, pageResponse } from '../../schemas.js';
import { BudgetDetail, BudgetView, MyBudgets } from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, jsonBody, security, type Handlers } from '../kit.js';
import { BudgetParam, tags, type Deps } from './shared.js';

const routes = {
  create: createRoute({
    method: 'post',
    path: '/budgets',
    tags,
    summary: 'Create a budget for a holder and a period (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      ...jsonBody(CreateBudgetInput),
    },
    responses: { ...ok(BudgetView, 'Created', 201), ...errors },
  }),
  list: createRoute({
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
  read: createRoute({
    method: 'get',
    path: '/budgets/{budget}',
    tags,
    summary: 'A budget: allocated, spent, pending, available, recent spends, pool shares',
    security,
    request: { params: BudgetParam },
    responses: { ...ok(BudgetDetail, 'The budget'), ...errors },
  }),
  mine: createRoute({
    method: 'get',
    path: '/me/budgets',
    tags,
    summary: 'The budgets you hold or are named on, a page at a time (holder and broker tokens)',
    description: 'Keyset pages on (periodStart, id), the earliest period first.',
    security,
    request: { query: PageQuery },
    responses: { ...ok(MyBudgets, 'A page of your budgets'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  create: (deps) => async (c) =>
    c.json(await createBudget(deps, ctx(c, deps), c.req.valid('json'), onceFrom(c)), 201),
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    const filter: BudgetFilter = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.reference ? { reference: q.reference } : {}),
    };
    return c.json(
      await listBudgets(deps, ctx(c, deps), {
        filter,
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  read: (deps) => async (c) =>
    c.json(await getBudget(deps, ctx(c, deps), c.req.valid('param').budget), 200),
  mine: (deps) => async (c) => {
    const q = c.req.valid('query');
    const page = { after: parseCursor(q.after), limit: q.limit };
    return c.json(await myBudgets(deps, ctx(c, deps), page), 200);
  },
};

/** Budgets: created for a holder and a period, listed, read; and the ones you are named on. */
export function budgetListRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.create, handlers.create(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.mine, handlers.mine(deps));
}
