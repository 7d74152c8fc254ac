import { createRoute, z } from '@hono/zod-openapi';
import { closePeriod, listClosings } from '../../core/ledger/closings.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { onceFrom, OptionalIdempotencyKey } from '../idempotency.js';
import { IsoDate, PageQuery, problemResponses } from '../schemas.js';
import { parseCursor } from '../../core/paging.js';

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
        headers: OptionalIdempotencyKey,
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
    async (c) =>
      c.json(
        await closePeriod(deps, serviceContext(c, deps), c.req.valid('json'), onceFrom(c)),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/closings',
      tags,
      summary: 'The lock date, today where the alliance is, and the closings, a page at a time',
      description: 'Keyset pages on (closedThrough, id), the latest date first.',
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: 'The lock date and a page of closings',
          content: {
            'application/json': {
              schema: z.object({
                lockedThrough: IsoDate.nullable(),
                today: IsoDate,
                items: z.array(Closing),
                next: z
                  .string()
                  .nullable()
                  .openapi({ description: 'Pass as `after` for the next page' }),
              }),
            },
          },
        },
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = { after: parseCursor(q.after), limit: q.limit };
      return c.json(await listClosings(deps, serviceContext(c, deps), page), 200);
    },
  );
  return app;
}
