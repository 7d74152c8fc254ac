import { createRoute, z } from '@hono/zod-openapi';
import {
  RecordHeardInput,
  recordHeard,
  WaiveFollowUpInput,
  waiveFollowUp,
} from '../../../core/sparks/follow-ups.js';
import { ExtendFollowUpInput, extendFollowUp } from '../../../core/sparks/extend.js';
import { pageFollowUps } from '../../../core/sparks/list-pages.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IsoDate, PageQuery } from '../../schemas.js';
import { FollowUpPage, FollowUpView } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import { ctx, dropEmpty, errors, jsonBody, security, type Handlers } from '../kit.js';
import { AllianceParam, AwardParam, tags, type Deps } from './shared.js';

const routes = {
  heard: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/follow-up',
    tags,
    summary: 'The person came back: record what difference it made',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AwardParam,
      ...jsonBody(RecordHeardInput),
    },
    responses: { ...ok(FollowUpView, 'Heard'), ...errors },
  }),
  waive: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/follow-up/waiver',
    tags,
    summary: 'Waive a follow-up, with a reason (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AwardParam,
      ...jsonBody(WaiveFollowUpInput),
    },
    responses: { ...ok(FollowUpView, 'Waived'), ...errors },
  }),
  extend: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/awards/{award}/follow-up/extension',
    tags,
    summary: 'Give the person longer to come back: a later due date (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AwardParam,
      ...jsonBody(ExtendFollowUpInput),
    },
    responses: { ...ok(FollowUpView, 'Extended'), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/follow-ups',
    tags,
    summary: 'Follow-ups in due-date order, a page at a time: due soon, overdue, heard, waived',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        state: z.enum(['due-soon', 'overdue', 'heard', 'waived', 'all']).default('all'),
        withinDays: z.coerce.number().int().min(0).max(365).default(14),
        from: IsoDate.optional().openapi({ description: 'Due on or after' }),
        to: IsoDate.optional().openapi({ description: 'Due on or before' }),
      }),
    },
    responses: { ...ok(FollowUpPage, 'A page of follow-ups (with asOf and filter)'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  heard: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await recordHeard(deps, ctx(c, deps), p.alliance, p.award, c.req.valid('json'), onceFrom(c)),
      200,
    );
  },
  waive: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await waiveFollowUp(
        deps,
        ctx(c, deps),
        p.alliance,
        p.award,
        c.req.valid('json'),
        onceFrom(c),
      ),
      200,
    );
  },
  extend: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await extendFollowUp(
        deps,
        ctx(c, deps),
        p.alliance,
        p.award,
        c.req.valid('json'),
        onceFrom(c),
      ),
      200,
    );
  },
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await pageFollowUps(
        deps,
        ctx(c, deps),
        c.req.valid('param').alliance,
        { state: q.state, withinDays: q.withinDays, ...dropEmpty({ from: q.from, to: q.to }) },
        { after: parseCursor(q.after), limit: q.limit },
      ),
      200,
    );
  },
};

/** Follow-ups: the person came back, or was waived or given longer; and the list of them. */
export function followUpRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.heard, handlers.heard(deps))
    .openapi(routes.waive, handlers.waive(deps))
    .openapi(routes.extend, handlers.extend(deps))
    .openapi(routes.list, handlers.list(deps));
}
