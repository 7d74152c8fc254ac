import { createRoute, z } from '@hono/zod-openapi';
import { DecideSpendInput, decideSpend, getSpend } from '../../../core/budgets/spends.js';
import { createRouter } from '../../router.js';
import { IdempotencyKeyHeader } from '../../schemas.js';
import { SpendView } from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, key, replayed, security, type Handlers } from '../kit.js';
import { tags, type Deps } from './shared.js';

const SpendParam = z.object({ spend: Id('spend', 'spd_01') });

const decisionRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/spends/{spend}/${path}`,
    tags,
    summary,
    security,
    request: {
      params: SpendParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(DecideSpendInput),
    },
    responses: { ...ok(SpendView, 'Decided'), ...errors },
  });

const routes = {
  read: createRoute({
    method: 'get',
    path: '/spends/{spend}',
    tags,
    summary: 'A spend',
    security,
    request: { params: SpendParam },
    responses: { ...ok(SpendView, 'The spend'), ...errors },
  }),
  approve: decisionRoute(
    'approval',
    'Approve a held spend (co-holder on a joint budget, otherwise the coordinator)',
  ),
  reject: decisionRoute(
    'rejection',
    'Reject a held spend, with a reason; the money goes back into the budget',
  ),
  withdraw: decisionRoute(
    'withdrawal',
    'Withdraw a spend that is still waiting (the person who asked, or the holder)',
  ),
};

const decision =
  (outcome: 'approved' | 'rejected' | 'withdrawn') =>
  (deps: Deps): ReturnType<Handlers<typeof routes, Deps>['approve']> =>
  async (c) => {
    const r = await decideSpend(
      deps,
      ctx(c, deps),
      c.req.valid('param').spend,
      outcome,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof SpendView>, 200);
  };

const handlers: Handlers<typeof routes, Deps> = {
  read: (deps) => async (c) =>
    c.json(await getSpend(deps, ctx(c, deps), c.req.valid('param').spend), 200),
  approve: decision('approved'),
  reject: decision('rejected'),
  withdraw: decision('withdrawn'),
};

/** A spend, and the decisions on one held for approval. */
export function spendRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.approve, handlers.approve(deps))
    .openapi(routes.reject, handlers.reject(deps))
    .openapi(routes.withdraw, handlers.withdraw(deps));
}
