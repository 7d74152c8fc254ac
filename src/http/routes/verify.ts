import { createRoute, z } from '@hono/zod-openapi';
import { FULL_PAGE, verifyFullPage, verifySinceCheckpoint } from '../../core/ledger/verify.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { problemResponses } from '../schemas.js';

const security = [{ bearerAuth: [] }];

const Link = z.object({
  seq: z.number().int(),
  entryId: z.string(),
  problem: z.string(),
  expected: z.string(),
  found: z.string(),
});

const VerifyReport = z
  .object({
    ok: z.boolean().openapi({ description: 'Your alliance’s books are intact, as far as checked' }),
    kind: z.enum(['incremental', 'full']),
    complete: z.boolean().openapi({
      description:
        'Incremental: the chain head was reached (if not, ask again). Full: every entry and account was checked.',
    }),
    entriesChecked: z.number().int().openapi({ description: 'Your alliance’s entries verified' }),
    newlyChecked: z.number().int().openapi({ description: 'Of those, read by this request' }),
    head: z.object({ seq: z.number().int(), hash: z.string() }).openapi({
      description: 'The chain position (one chain for the database) verified up to',
    }),
    firstBrokenLink: Link.nullable(),
    balanceMismatches: z.array(
      z.object({ account: z.string(), stored: z.string(), posted: z.string() }),
    ),
    alliances: z.array(
      z.object({
        allianceId: z.string(),
        intact: z.boolean(),
        entriesChecked: z.number().int(),
        newlyChecked: z.number().int(),
        lastSealedSeq: z.number().int().nullable(),
        lastSealedAt: z.string().nullable(),
      }),
    ),
    checkpoint: z.object({
      id: z.string(),
      kind: z.enum(['incremental', 'full']),
      phase: z.enum(['chain', 'balances', 'done']),
      fromSeq: z.number().int(),
      throughSeq: z.number().int(),
      checkedAt: z.string(),
    }),
    nextCursor: z.string().nullable(),
    storage: z
      .object({ check: z.literal('quick_check'), ok: z.boolean(), problems: z.array(z.string()) })
      .nullable()
      .openapi({ description: 'SQLite’s check of the file: on the last page of a full re-check' }),
  })
  .openapi('VerifyReport');

const ok = {
  description: 'The check, recorded as a checkpoint',
  content: { 'application/json': { schema: VerifyReport } },
};

/**
 * Verification, bounded per request. GET /ledger/verify checks what was added since the last
 * good checkpoint; GET /ledger/verify/full re-checks everything from the genesis in pages, each
 * returning the cursor of the next. Both append a checkpoint (when, by which token, how far):
 * like the access log, a record of a read, never a change to the books.
 */
export function verifyRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/verify',
      tags: ['Ledger'],
      summary: 'Verify the entries added since the last checkpoint, from its hash',
      security,
      responses: { 200: ok, ...problemResponses(401, 403) },
    }),
    async (c) => c.json(await verifySinceCheckpoint(deps, serviceContext(c, deps)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/verify/full',
      tags: ['Ledger'],
      summary: 'One page of a full re-check from the genesis; follow nextCursor to the end',
      security,
      request: {
        query: z.object({
          after: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: 'nextCursor of the page before' }),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(FULL_PAGE.max)
            .default(FULL_PAGE.default)
            .openapi({ description: 'Entries (then accounts) checked by this page' }),
        }),
      },
      responses: { 200: ok, ...problemResponses(401, 403, 422) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await verifyFullPage(deps, serviceContext(c, deps), {
          after: q.after ?? null,
          limit: q.limit,
        }),
        200,
      );
    },
  );

  return app;
}
