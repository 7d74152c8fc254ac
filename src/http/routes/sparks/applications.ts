import { createRoute, z } from '@hono/zod-openapi';
import {
  listApplications,
  RecordApplicationInput,
  recordApplication,
  withdrawApplication,
} from '../../../core/sparks/applications.js';
import { getApplication } from '../../../core/sparks/application-timeline.js';
import { DecideInput, decide } from '../../../core/sparks/decisions.js';
import { invalid } from '../../../core/errors.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IdempotencyKeyHeader, IsoDate, PageQuery, pageResponse } from '../../schemas.js';
import { ApplicationTimeline, ApplicationView, DecisionAnswer } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import {
  ctx,
  dropEmpty,
  errors,
  Id,
  jsonBody,
  key,
  replayed,
  security,
  type Handlers,
} from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const ApplicationParam = AllianceParam.extend({ application: Id('application', 'app_01m84j') });
const Statuses = z.enum(['received', 'deferred', 'awarded', 'declined', 'withdrawn']);

const routes = {
  record: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/applications',
    tags,
    summary: 'Record an application made in person',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AllianceParam,
      ...jsonBody(RecordApplicationInput),
    },
    responses: { ...ok(ApplicationView, 'Recorded', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/applications',
    tags,
    summary: 'Applications in received-date order, a page at a time, by status, dates, reference',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        status: z.string().optional().openapi({ description: 'Comma-separated statuses' }),
        from: IsoDate.optional().openapi({ description: 'Received on or after' }),
        to: IsoDate.optional().openapi({ description: 'Received on or before' }),
        reference: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: "The start of the applicant's reference" }),
      }),
    },
    responses: { ...pageResponse(ApplicationView, 'A page of applications'), ...errors },
  }),
  read: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/applications/{application}',
    tags,
    summary: 'An application with its timeline (received → decided → paid → heard)',
    security,
    request: { params: ApplicationParam },
    responses: { ...ok(ApplicationTimeline, 'The application'), ...errors },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/applications/{application}/withdrawal',
    tags,
    summary: 'The person withdraws the application',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: ApplicationParam,
    },
    responses: { ...ok(ApplicationView, 'Withdrawn'), ...errors },
  }),
  decide: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/applications/{application}/decision',
    tags,
    summary: 'The panel decides: award, decline or defer',
    security,
    request: {
      params: ApplicationParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(DecideInput),
    },
    responses: { ...ok(DecisionAnswer, 'Decided', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  record: (deps) => async (c) =>
    c.json(
      await recordApplication(
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
    const parsed = q.status ? z.array(Statuses).safeParse(q.status.split(',')) : null;
    if (parsed && !parsed.success)
      throw invalid(
        'validation_failed',
        `status must be a comma-separated list of: ${Statuses.options.join(', ')}.`,
        [{ path: 'status', message: 'unknown status' }],
      );
    const statuses = parsed ? parsed.data : null;
    return c.json(
      await listApplications(deps, ctx(c, deps), c.req.valid('param').alliance, statuses, {
        filter: dropEmpty({ from: q.from, to: q.to, reference: q.reference }),
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  read: (deps) => async (c) => {
    const p = c.req.valid('param');
    // grants.ts widens an award's status to string; AwardView holds its four values.
    const view = await getApplication(deps, ctx(c, deps), p.alliance, p.application);
    return c.json(view as z.infer<typeof ApplicationTimeline>, 200);
  },
  withdraw: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await withdrawApplication(deps, ctx(c, deps), p.alliance, p.application, onceFrom(c)),
      200,
    );
  },
  decide: (deps) => async (c) => {
    const p = c.req.valid('param');
    const r = await decide(
      deps,
      ctx(c, deps),
      p.alliance,
      p.application,
      c.req.valid('json'),
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof DecisionAnswer>, 201);
  },
};

/** Applications: recorded, listed, withdrawn, and decided by the panel. */
export function applicationRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.record, handlers.record(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.withdraw, handlers.withdraw(deps))
    .openapi(routes.decide, handlers.decide(deps));
}
