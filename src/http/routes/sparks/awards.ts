import { createRoute, z } from '@hono/zod-openapi';
import { DisburseInput, disburse, getAward, listAwards } from '../../../core/sparks/awards.js';
import {
  CancelAwardInput,
  cancelAward,
  RecordReturnInput,
  recordReturn,
} from '../../../core/sparks/award-changes.js';
import { parseCursor } from '../../../core/paging.js';
import { createRouter } from '../../router.js';
import { IdempotencyKeyHeader, IsoDate, PageQuery, pageResponse } from '../../schemas.js';
import {
  AwardDetail,
  AwardView,
  Cancellation,
  DisbursementView,
  GrantReturnView,
} from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import {
  ctx,
  dropEmpty,
  errors,
  jsonBody,
  key,
  replayed,
  security,
  type Handlers,
} from '../kit.js';
import { AllianceParam, AwardParam, tags, type Deps } from './shared.js';

const routes = {
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/awards',
    tags,
    summary: 'Awards with what is paid and outstanding, in awarded-date order, a page at a time',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        from: IsoDate.optional().openapi({ description: 'Awarded on or after' }),
        to: IsoDate.optional().openapi({ description: 'Awarded on or before' }),
        reference: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: "The start of the applicant's reference" }),
      }),
    },
    responses: { ...pageResponse(AwardView, 'A page of awards'), ...errors },
  }),
  read: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/awards/{award}',
    tags,
    summary: 'An award, its payments and returns',
    security,
    request: { params: AwardParam },
    responses: { ...ok(AwardDetail, 'The award'), ...errors },
  }),
  disburse: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/disbursements',
    tags,
    summary: 'Pay (part of) an award (coordinators)',
    security,
    request: {
      params: AwardParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(DisburseInput),
    },
    responses: { ...ok(DisbursementView, 'Paid', 201), ...errors },
  }),
  cancel: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/cancellation',
    tags,
    summary: 'Cancel an award; the unpaid remainder returns to the fund (coordinators)',
    security,
    request: {
      params: AwardParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(CancelAwardInput),
    },
    responses: { ...ok(Cancellation, 'Cancelled', 201), ...errors },
  }),
  recordReturn: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/returns',
    tags,
    summary: 'Record money the person handed back (coordinators)',
    security,
    request: {
      params: AwardParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(RecordReturnInput),
    },
    responses: { ...ok(GrantReturnView, 'Recorded', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listAwards(deps, ctx(c, deps), c.req.valid('param').alliance, {
        filter: dropEmpty({ from: q.from, to: q.to, reference: q.reference }),
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  read: (deps) => async (c) => {
    const p = c.req.valid('param');
    // grants.ts widens an award's status to string; AwardView holds its four values.
    const view = await getAward(deps, ctx(c, deps), p.alliance, p.award);
    return c.json(view as z.infer<typeof AwardDetail>, 200);
  },
  disburse: (deps) => async (c) => {
    const p = c.req.valid('param');
    const r = await disburse(deps, ctx(c, deps), p.alliance, p.award, c.req.valid('json'), key(c));
    replayed(c, r);
    return c.json(r.body as z.infer<typeof DisbursementView>, 201);
  },
  cancel: (deps) => async (c) => {
    const p = c.req.valid('param');
    const r = await cancelAward(
      deps,
      ctx(c, deps),
      p.alliance,
      p.award,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof Cancellation>, 201);
  },
  recordReturn: (deps) => async (c) => {
    const p = c.req.valid('param');
    const r = await recordReturn(
      deps,
      ctx(c, deps),
      p.alliance,
      p.award,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof GrantReturnView>, 201);
  },
};

/** Awards: what is paid and outstanding, payments, cancellations and money handed back. */
export function awardRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.disburse, handlers.disburse(deps))
    .openapi(routes.cancel, handlers.cancel(deps))
    .openapi(routes.recordReturn, handlers.recordReturn(deps));
}
