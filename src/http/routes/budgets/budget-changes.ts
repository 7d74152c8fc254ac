import { createRoute, z } from '@hono/zod-openapi';
import {
  AllocateInput,
  allocate,
  closeBudget,
  removeParty,
} from '../../../core/budgets/budgets.js';
import { RequestSpendInput, requestSpend } from '../../../core/budgets/spends.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IdempotencyKeyHeader, IsoDate } from '../../schemas.js';
import { Allocation, BudgetDetail, Closure, SpendView } from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, key, replayed, security, Text, type Handlers } from '../kit.js';
import { BudgetParam, tags, type Deps } from './shared.js';

const routes = {
  allocate: createRoute({
    method: 'post',
    path: '/budgets/{budget}/allocations',
    tags,
    summary: 'Allocate from the stream, less the brokerage top-slice (coordinators)',
    security,
    request: {
      params: BudgetParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(AllocateInput),
    },
    responses: { ...ok(Allocation, 'Allocated', 201), ...errors },
  }),
  requestSpend: createRoute({
    method: 'post',
    path: '/budgets/{budget}/spends',
    tags,
    summary: 'Ask to spend: paid at once within the limit, held for approval above it',
    security,
    request: {
      params: BudgetParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(RequestSpendInput),
    },
    responses: { ...ok(SpendView, 'Recorded', 201), ...errors },
  }),
  removeParty: createRoute({
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
  close: createRoute({
    method: 'post',
    path: '/budgets/{budget}/closure',
    tags,
    summary: 'Close the budget at period end: return or roll over the unspent money (coordinators)',
    security,
    request: {
      params: BudgetParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(z.object({ closedOn: IsoDate }).strict()),
    },
    responses: { ...ok(Closure, 'Closed', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  allocate: (deps) => async (c) => {
    const r = await allocate(
      deps,
      ctx(c, deps),
      c.req.valid('param').budget,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof Allocation>, 201);
  },
  requestSpend: (deps) => async (c) => {
    const r = await requestSpend(
      deps,
      ctx(c, deps),
      c.req.valid('param').budget,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof SpendView>, 201);
  },
  removeParty: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await removeParty(deps, ctx(c, deps), p.budget, p.person, c.req.valid('json'), onceFrom(c)),
      200,
    );
  },
  close: (deps) => async (c) => {
    const r = await closeBudget(
      deps,
      ctx(c, deps),
      c.req.valid('param').budget,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof Closure>, 201);
  },
};

/** What happens to a budget: money in, spends asked for, parties removed, closing at period end. */
export function budgetChangeRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.allocate, handlers.allocate(deps))
    .openapi(routes.requestSpend, handlers.requestSpend(deps))
    .openapi(routes.removeParty, handlers.removeParty(deps))
    .openapi(routes.close, handlers.close(deps));
}
