import { createRoute, z } from '@hono/zod-openapi';
import { addPanelMember, listPanelMembers } from '../../../core/sparks/people.js';
import { retirePanelMember } from '../../../core/sparks/retire.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { IsoDate, PageQuery } from '../../schemas.js';
import { PanelMemberPage, PanelMemberView } from '../../schemas-sparks.js';
import { parseCursor } from '../../../core/paging.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, security, Text, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const routes = {
  add: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/panel-members',
    tags,
    summary: 'Add a panel member (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AllianceParam,
      ...jsonBody(z.object({ name: Text(80), livedExperience: z.boolean() }).strict()),
    },
    responses: { ...ok(PanelMemberView, 'Added', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/panel-members',
    tags,
    summary: 'Panel members in the order they joined, a page at a time, serving or retired',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        state: z
          .enum(['serving', 'retired'])
          .optional()
          .openapi({ description: 'Only those serving now, or only those who have retired' }),
      }),
    },
    responses: { ...ok(PanelMemberPage, 'A page of panel members'), ...errors },
  }),
  retire: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/panel-members/{member}/retirement',
    tags,
    summary: 'A panel member retires: they sit at no later sitting (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AllianceParam.extend({ member: Id('member', 'pnm_01m84j') }),
      ...jsonBody(z.object({ retiredOn: IsoDate.optional() }).strict()),
    },
    responses: { ...ok(PanelMemberView, 'Retired'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  add: (deps) => async (c) =>
    c.json(
      await addPanelMember(
        deps,
        ctx(c, deps),
        c.req.valid('param').alliance,
        c.req.valid('json'),
        onceFrom(c),
      ),
      201,
    ),
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    const page = { after: parseCursor(q.after), limit: q.limit };
    const paged = q.state ? { state: q.state, page } : { page };
    return c.json(
      await listPanelMembers(deps, ctx(c, deps), c.req.valid('param').alliance, paged),
      200,
    );
  },
  retire: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await retirePanelMember(
        deps,
        ctx(c, deps),
        p.alliance,
        p.member,
        c.req.valid('json'),
        onceFrom(c),
      ),
      200,
    );
  },
};

/** The panel: its members, and their retirement. */
export function panelRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.add, handlers.add(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.retire, handlers.retire(deps));
}
