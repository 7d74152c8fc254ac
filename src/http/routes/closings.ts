import { createRoute, z } from '@hono/zod-openapi';
import { closePeriod, listClosings } from '../../core/ledger/closings.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { IsoDate, problemResponses } from '../schemas.js';

const security = [{ bearerAuth: [] }];
const Closing = z
  .object({
    id: z.string(),
    closedThrough: IsoDate,
    closedBy: z.string(),
    closedAt: z.string(),
  })
  .openapi('PeriodClosing');

/** Closing the books: the lock date per alliance, only ever moved forward. */
export function closingsRoutes(deps: AppDeps) {
  const app = createRouter();
  const tags = ['Ledger'];
  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/closings',
      tags,
      summary: 'Close the books up to a date (coordinators); later entries there are refused',
      security,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ closedThrough: IsoDate }).strict(),
            },
          },
        },
      },
      responses: {
        201: {
          description: 'The books are closed up to that date',
          content: { 'application/json': { schema: Closing } },
        },
        ...problemResponses(401, 403, 409, 422),
      },
    }),
    async (c) => c.json(await closePeriod(deps, serviceContext(c, deps), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/closings',
      tags,
      summary: 'The lock date, today where the alliance is, and every closing (newest first)',
      security,
      responses: {
        200: {
          description: 'Closings',
          content: {
            'application/json': {
              schema: z.object({
                lockedThrough: IsoDate.nullable(),
                today: IsoDate,
                items: z.array(Closing),
              }),
            },
          },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await listClosings(deps, serviceContext(c, deps)), 200),
  );
  return app;
}
