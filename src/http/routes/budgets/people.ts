import { createRoute, z } from '@hono/zod-openapi';
import { erasePerson } from '../../../core/budgets/erasure.js';
import { listPeople, registerPerson } from '../../../core/budgets/setup.js';
import type { PersonFilter } from '../../../core/budgets/store.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { PageQuery, pageResponse } from '../../schemas.js';
import { PersonView } from '../../schemas-budgets.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, security, Text, type Handlers } from '../kit.js';
import { tags, type Deps } from './shared.js';

const routes = {
  register: createRoute({
    method: 'post',
    path: '/people',
    tags,
    summary: 'Register a budget holder, supporter (possible co-holder) or broker (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      ...jsonBody(
        z
          .object({
            kind: z.enum(['holder', 'supporter', 'broker']),
            name: Text(80).nullable().optional(),
          })
          .strict(),
      ),
    },
    responses: { ...ok(PersonView, 'Registered', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/people',
    tags,
    summary: 'The people on budgets in reference order, a page at a time (coordinators, auditors)',
    security,
    request: {
      query: PageQuery.extend({
        kind: z.enum(['holder', 'supporter', 'broker']).optional(),
        reference: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: 'The start of their IB- reference' }),
      }),
    },
    responses: { ...pageResponse(PersonView, 'A page of people'), ...errors },
  }),
  erase: createRoute({
    method: 'post',
    path: '/people/{person}/erasure',
    tags,
    summary:
      'Erase a budget person’s personal data; amounts, statuses and the books stay (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: z.object({ person: Id('person', 'per_01m84j') }),
    },
    responses: { ...ok(PersonView, 'Erased'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  register: (deps) => async (c) =>
    c.json(await registerPerson(deps, ctx(c, deps), c.req.valid('json'), onceFrom(c)), 201),
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    const filter: PersonFilter = {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.reference ? { reference: q.reference } : {}),
    };
    return c.json(
      await listPeople(deps, ctx(c, deps), {
        filter,
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  erase: (deps) => async (c) =>
    c.json(await erasePerson(deps, ctx(c, deps), c.req.valid('param').person, onceFrom(c)), 200),
};

/** The people on budgets: holders, supporters and brokers. */
export function peopleRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.register, handlers.register(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.erase, handlers.erase(deps));
}
