import { createRoute, z } from '@hono/zod-openapi';
import {
  DeclareConflictInput,
  declareConflict,
  getSitting,
  OpenSittingInput,
  openSitting,
} from '../../../core/sparks/sittings.js';
import { pageSittings, SITTING_STATES } from '../../../core/sparks/list-sittings.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IsoDate, PageQuery } from '../../schemas.js';
import { SittingSummaryPage, SittingView } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import { ctx, dropEmpty, errors, Id, jsonBody, security, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const SittingParam = AllianceParam.extend({ sitting: Id('sitting', 'sit_01m84j') });

const routes = {
  open: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/sittings',
    tags,
    summary: 'Record a panel sitting and who sat',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AllianceParam,
      ...jsonBody(OpenSittingInput),
    },
    responses: { ...ok(SittingView, 'Recorded', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/sittings',
    tags,
    summary: 'Panel sittings, latest first, a page at a time, by dates and whether decided',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        from: IsoDate.optional().openapi({ description: 'Held on or after' }),
        to: IsoDate.optional().openapi({ description: 'Held on or before' }),
        state: z.enum(SITTING_STATES).optional().openapi({
          description: '`open`: nothing decided there yet; `decided`: at least one decision',
        }),
      }),
    },
    responses: {
      ...ok(SittingSummaryPage, 'A page of sittings with what each heard'),
      ...errors,
    },
  }),
  read: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/sittings/{sitting}',
    tags,
    summary: 'A sitting, its members and declared conflicts',
    security,
    request: { params: SittingParam },
    responses: { ...ok(SittingView, 'The sitting'), ...errors },
  }),
  declareConflict: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/sittings/{sitting}/conflicts',
    tags,
    summary: 'A member declares a conflict on an application',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: SittingParam,
      ...jsonBody(DeclareConflictInput),
    },
    responses: { ...ok(SittingView, 'Declared', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  open: (deps) => async (c) =>
    c.json(
      await openSitting(
        deps,
        ctx(c, deps),
        c.req.valid('param').alliance,
        c.req.valid('json'),
        onceFrom(c),
      ),
      201,
    ),
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await pageSittings(
        deps,
        ctx(c, deps),
        c.req.valid('param').alliance,
        { ...dropEmpty({ from: q.from, to: q.to }), ...(q.state ? { state: q.state } : {}) },
        { after: parseCursor(q.after), limit: q.limit },
      ),
      200,
    );
  },
  read: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(await getSitting(deps, ctx(c, deps), p.alliance, p.sitting), 200);
  },
  declareConflict: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await declareConflict(
        deps,
        ctx(c, deps),
        p.alliance,
        p.sitting,
        c.req.valid('json'),
        onceFrom(c),
      ),
      201,
    );
  },
};

/** Panel sittings: who sat, and the conflicts they declared. */
export function sittingRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.open, handlers.open(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.declareConflict, handlers.declareConflict(deps));
}
