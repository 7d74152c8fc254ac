import { CommissionersReport } from '../schemas-misc.js';
import { ok } from '../schemas-views.js';
import { createRoute, z } from '@hono/zod-openapi';
import { commissionersReport } from '../../core/reports/commissioners.js';
import { resolvePeriod } from '../../core/statements/model.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { problemResponses } from '../schemas.js';
import { renderReportPdf } from '../../pdf/report.js';
import { reportView } from '../../reports/view.js';

/** Reports for commissioners and funders: totals across both schemes, small counts suppressed. */
export function reportRoutes(appDeps: AppDeps) {
  const deps = { ...appDeps, sparks: appDeps.store.sparks, budgets: appDeps.store.budgets };
  const app = createRouter();
  const params = z.object({
    alliance: z
      .string()
      .min(1)
      .max(80)
      .openapi({ param: { name: 'alliance', in: 'path' }, example: 'crawley' }),
  });
  const query = z.object({
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
  });
  const build = (
    c: Parameters<typeof serviceContext>[0],
    alliance: string,
    q: z.infer<typeof query>,
  ) => {
    const ctx = serviceContext(c, appDeps);
    const period = resolvePeriod({ from: q.from ?? null, to: q.to ?? null }, isoDateOf(ctx.now));
    return commissionersReport(deps, ctx, alliance, period);
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/commissioners-report',
      tags: ['Reports'],
      summary:
        'Both schemes for a period (default the UK financial year): budget against actual, domains, modes, pooling, Small Sparks speed and follow-ups; counts under 5 suppressed (coordinators, auditors)',
      security: [{ bearerAuth: [] }],
      request: { params, query },
      responses: {
        ...ok(CommissionersReport, 'The report'),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await build(c, c.req.valid('param').alliance, c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/commissioners-report/pdf',
      tags: ['Reports'],
      summary:
        'The commissioners’ report as a PDF with its charts, the same figures as the JSON (coordinators, auditors)',
      security: [{ bearerAuth: [] }],
      request: { params, query },
      responses: {
        200: {
          description: 'The report as A4 PDF',
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const report = await build(c, c.req.valid('param').alliance, c.req.valid('query'));
      const pdf = await renderReportPdf(reportView(report));
      const name = `commissioners-report-${report.allianceId}-${report.period.from}-${report.period.to}.pdf`;
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'private, no-store',
      });
    },
  );
  return app;
}
