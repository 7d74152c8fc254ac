import { createRoute, z } from '@hono/zod-openapi';
import { fundSummary, recordReceipt } from '../../../core/sparks/alliances.js';
import { pageReceipts } from '../../../core/sparks/list-pages.js';
import { parseCursor } from '../../../core/paging.js';
import { createRouter } from '../../router.js';
import {
  IdempotencyKeyHeader,
  IsoDate,
  PageQuery,
  PositiveAmount as Positive,
  amountMinor,
} from '../../schemas.js';
import { FundSummary, ReceiptPage, ReceiptView } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import {
  ctx,
  dropEmpty,
  errors,
  jsonBody,
  key,
  replayed,
  security,
  Text,
  type Handlers,
} from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const routes = {
  recordReceipt: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/receipts',
    tags,
    summary: 'Record money received into the Small Sparks fund (coordinators)',
    security,
    request: {
      params: AllianceParam,
      headers: IdempotencyKeyHeader,
      ...jsonBody(
        z
          .object({
            funder: Text(200),
            amount: Positive,
            receivedOn: IsoDate,
            reference: Text(100).optional(),
            restricted: z.boolean().default(false),
          })
          .strict(),
      ),
    },
    responses: { ...ok(ReceiptView, 'Recorded', 201), ...errors },
  }),
  listReceipts: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/receipts',
    tags,
    summary: 'Receipts into the fund in received-date order, a page at a time, by dates',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        from: IsoDate.optional().openapi({ description: 'Received on or after' }),
        to: IsoDate.optional().openapi({ description: 'Received on or before' }),
        restricted: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'Only restricted (true) or unrestricted (false) money' }),
      }),
    },
    responses: { ...ok(ReceiptPage, 'A page of receipts'), ...errors },
  }),
  summary: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/fund',
    tags,
    summary:
      'Fund summary from the ledger: received, awarded, paid, committed, returned, available',
    security,
    request: { params: AllianceParam },
    responses: { ...ok(FundSummary, 'Fund summary'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  recordReceipt: (deps) => async (c) => {
    const b = c.req.valid('json');
    const r = await recordReceipt(
      deps,
      ctx(c, deps),
      c.req.valid('param').alliance,
      { ...b, amountMinor: amountMinor(b.amount) },
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof ReceiptView>, 201);
  },
  listReceipts: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await pageReceipts(
        deps,
        ctx(c, deps),
        c.req.valid('param').alliance,
        {
          ...dropEmpty({ from: q.from, to: q.to }),
          ...(q.restricted ? { restricted: q.restricted === 'true' } : {}),
        },
        { after: parseCursor(q.after), limit: q.limit },
      ),
      200,
    );
  },
  summary: (deps) => async (c) =>
    c.json(await fundSummary(deps, ctx(c, deps), c.req.valid('param').alliance), 200),
};

/** Money into the Small Sparks fund, and what the fund holds. */
export function fundRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.recordReceipt, handlers.recordReceipt(deps))
    .openapi(routes.listReceipts, handlers.listReceipts(deps))
    .openapi(routes.summary, handlers.summary(deps));
}
