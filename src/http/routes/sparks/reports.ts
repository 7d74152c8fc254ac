import { createRoute, z } from '@hono/zod-openapi';
import { workingList } from '../../../core/sparks/follow-ups.js';
import { sparksReport } from '../../../core/sparks/report.js';
import { createRouter } from '../../router.js';
import { IsoDate } from '../../schemas.js';
import { WorkingList } from '../../schemas-sparks.js';
import { SparksReport } from '../../schemas-reports.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, security, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const routes = {
  workingList: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/working-list',
    tags,
    summary: 'For a sitting: awaiting decision, awaiting payment, follow-ups due',
    security,
    request: {
      params: AllianceParam,
      query: z.object({
        withinDays: z.coerce.number().int().min(0).max(365).default(14),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(500)
          .default(100)
          .openapi({ description: 'At most this many of each kind, the longest waiting first' }),
      }),
    },
    responses: { ...ok(WorkingList, 'Working list'), ...errors },
  }),
  report: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/report',
    tags,
    summary:
      'Totals for commissioners: uptake, time to decision and payment, domains, follow-up rate (small counts suppressed)',
    security,
    request: { params: AllianceParam, query: z.object({ from: IsoDate, to: IsoDate }) },
    responses: { ...ok(SparksReport, 'The report'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  workingList: (deps) => async (c) => {
    const q = c.req.valid('query');
    // grants.ts widens an award's status to string; AwardView holds its four values.
    const view = await workingList(
      deps,
      ctx(c, deps),
      c.req.valid('param').alliance,
      q.withinDays,
      q.limit,
    );
    return c.json(view as z.infer<typeof WorkingList>, 200);
  },
  report: (deps) => async (c) =>
    c.json(
      await sparksReport(deps, ctx(c, deps), c.req.valid('param').alliance, c.req.valid('query')),
      200,
    ),
};

/** What a sitting works through, and the totals for commissioners. */
export function reportRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.workingList, handlers.workingList(deps))
    .openapi(routes.report, handlers.report(deps));
}
