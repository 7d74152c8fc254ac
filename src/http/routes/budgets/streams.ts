import { createRoute, z } from '@hono/zod-openapi';
import { createStream, fundStream, listStreams } from '../../../core/budgets/setup.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import {
  IdempotencyKeyHeader,
  IsoDate,
  NonNegativeAmount as NonNegative,
  PageQuery,
  PositiveAmount as Positive,
  amountMinor,
} from '../../schemas.js';
import { StreamFunding, StreamPage, StreamView } from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, key, replayed, security, Text, type Handlers } from '../kit.js';
import { Category, tags, type Deps } from './shared.js';

const Percent = z
  .string()
  .regex(
    /^(50(\.0{1,2})?|[1-4]?[0-9](\.[0-9]{1,2})?)$/,
    'a percentage from 0 to 50 with at most two decimals',
  );

function basisPoints(percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const StreamBody = z
  .object({
    name: Text(80),
    allowedCategories: z.array(Category).max(30).default([]),
    forbiddenCategories: z.array(Category).max(30).default([]),
    extraCategories: z.array(Category).max(30).default([]),
    allowedProviders: z.array(Text(120)).max(100).nullable().default(null),
    approvalLimit: NonNegative,
    topSlicePercent: Percent.default('0'),
    periodEndRule: z.enum(['return', 'rollover']),
    reserve: NonNegative.default('0.00').openapi({
      description:
        'The guaranteed minimum kept in each budget for core support; released at period end',
    }),
    coreCategories: z.array(Category).max(30).default([]),
    coreProviders: z.array(Text(120)).max(100).default([]),
  })
  .strict();

const routes = {
  create: createRoute({
    method: 'post',
    path: '/streams',
    tags,
    summary: 'Create a funding stream and its rules (coordinators)',
    security,
    request: { headers: OptionalIdempotencyKey, ...jsonBody(StreamBody) },
    responses: { ...ok(StreamView, 'Created', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/streams',
    tags,
    summary: 'Funding streams and what they hold, in name order, a page at a time',
    security,
    request: {
      query: PageQuery.extend({
        name: z
          .string()
          .max(80)
          .optional()
          .openapi({ description: 'How the name starts (any case)' }),
      }),
    },
    responses: { ...ok(StreamPage, 'A page of streams'), ...errors },
  }),
  fund: createRoute({
    method: 'post',
    path: '/streams/{stream}/funding',
    tags,
    summary: 'Record money into a stream (coordinators)',
    security,
    request: {
      params: z.object({ stream: Id('stream', 'str_01') }),
      headers: IdempotencyKeyHeader,
      ...jsonBody(z.object({ amount: Positive, receivedOn: IsoDate, funder: Text(120) }).strict()),
    },
    responses: { ...ok(StreamFunding, 'Recorded', 201), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  create: (deps) => async (c) => {
    const b = c.req.valid('json');
    return c.json(
      await createStream(
        deps,
        ctx(c, deps),
        {
          ...b,
          approvalLimitMinor: amountMinor(b.approvalLimit),
          topSliceBasisPoints: basisPoints(b.topSlicePercent),
          reserveMinor: amountMinor(b.reserve),
        },
        onceFrom(c),
      ),
      201,
    );
  },
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listStreams(deps, ctx(c, deps), {
        ...(q.name ? { name: q.name } : {}),
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  fund: (deps) => async (c) => {
    const b = c.req.valid('json');
    const r = await fundStream(
      deps,
      ctx(c, deps),
      c.req.valid('param').stream,
      { ...b, amountMinor: amountMinor(b.amount) },
      key(c),
    );
    replayed(c, r);
    return c.json(r.body as z.infer<typeof StreamFunding>, 201);
  },
};

/** Funding streams: their rules, and the money into them. */
export function streamRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.create, handlers.create(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.fund, handlers.fund(deps));
}
