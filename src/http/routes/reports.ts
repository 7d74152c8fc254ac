import { createRoute, z } from '@hono/zod-openapi';
import { commissionersReport } from '../../core/reports/commissioners.js';
import { resolvePeriod } from '../../core/statements/model.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { problemResponses } from '../schemas.js';

const Any = z.record(z.string(), z.unknown()).openapi({ type: 'object' });

/** Reports for commissioners and funders: totals across both schemes, small counts suppressed. */
export function reportRoutes(appDeps: AppDeps) {
  const deps = { ...appDeps, sparks: appDeps.store.sparks, budgets: appDeps.store.budgets };
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/commissioners-report',
      tags: ['Reports'],
      summary:
        'Both schemes for a period (default the UK financial year): budget against actual, domains, modes, pooling, Small Sparks speed and follow-ups; counts under 5 suppressed (coordinators, auditors)',
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({
          alliance: z
            .string()
            .min(1)
            .max(80)
            .openapi({ param: { name: 'alliance', in: 'path' }, example: 'crawley' }),
        }),
        query: z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() }),
      },
      responses: {
        200: { description: 'The report', content: { 'application/json': { schema: Any } } },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const ctx = serviceContext(c, appDeps);
      const q = c.req.valid('query');
      const period = resolvePeriod({ from: q.from ?? null, to: q.to ?? null }, isoDateOf(ctx.now));
      return c.json(
        await commissionersReport(deps, ctx, c.req.valid('param').alliance, period),
        200,
      );
    },
  );
  return app;
}
