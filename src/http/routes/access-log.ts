import { AccessLogPage } from '../schemas-misc.js';
import { ok } from '../schemas-views.js';
import { createRoute, z } from '@hono/zod-openapi';
import { listAccessLog } from '../../core/access-log.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { problemResponses } from '../schemas.js';

/** GET /v1/access-log: who read personal data, when, what and through which route. */
export function accessLogRoutes(deps: AppDeps) {
  const app = createRouter();
  const deps2 = { accessLog: deps.store };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/access-log',
      tags: ['Privacy'],
      summary: 'Who read personal data, newest first (coordinators)',
      description:
        'Every successful read of a person, an application, an award, follow-ups, a budget, a spend, a pool, or an export with names: the token (id and name), when, what, the route and the subject id. Append-only. `?subject=` for one record.',
      security: [{ bearerAuth: [] }],
      request: {
        query: z.object({
          subject: z.string().min(1).max(80).optional(),
          before: z.coerce.number().int().positive().optional(),
          after: z
            .string()
            .regex(/^[1-9][0-9]{0,15}$/)
            .optional()
            .openapi({ description: 'The `next` of the page before (the same as `before`)' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        ...ok(AccessLogPage, 'A page of the log'),
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) => {
      // `after` is the house name for the cursor; the log pages newest first by its number.
      const { after, ...q } = c.req.valid('query');
      const page = await listAccessLog(deps2, serviceContext(c, deps), {
        ...q,
        ...(after && q.before === undefined ? { before: Number(after) } : {}),
      });
      return c.json(
        { ...page, next: page.nextBefore === null ? null : String(page.nextBefore) },
        200,
      );
    },
  );
  return app;
}
