import { createRoute, z } from '@hono/zod-openapi';
import {
  eraseApplicant,
  getApplicant,
  listApplicants,
  registerApplicant,
  updateApplicantContact,
} from '../../../core/sparks/people.js';
import { parseCursor } from '../../../core/paging.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { PageQuery, pageResponse } from '../../schemas.js';
import { ApplicantView } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, Id, jsonBody, security, Text, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const ApplicantParam = AllianceParam.extend({ applicant: Id('applicant', 'apl_01m84j') });

const routes = {
  register: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/applicants',
    tags,
    summary: 'Register an applicant: pseudonymous, the minimum, with consent',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: AllianceParam,
      ...jsonBody(
        z
          .object({
            name: Text(80)
              .nullable()
              .optional()
              .openapi({ description: 'A name or initials, as the person chooses' }),
            contact: Text(120).nullable().optional(),
            consent: z.boolean(),
          })
          .strict(),
      ),
    },
    responses: { ...ok(ApplicantView, 'Registered', 201), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/applicants',
    tags,
    summary: 'Applicants in reference order, a page at a time; search by reference',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        reference: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: 'The start of a reference, e.g. SP-7K' }),
      }),
    },
    responses: { ...pageResponse(ApplicantView, 'A page of applicants'), ...errors },
  }),
  read: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/applicants/{applicant}',
    tags,
    summary: 'An applicant',
    security,
    request: { params: ApplicantParam },
    responses: { ...ok(ApplicantView, 'The applicant'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/alliances/{alliance}/applicants/{applicant}',
    tags,
    summary: 'Change an applicant’s name or contact',
    security,
    request: {
      params: ApplicantParam,
      ...jsonBody(
        z
          .object({
            name: Text(80).nullable().optional(),
            contact: Text(120).nullable().optional(),
          })
          .strict(),
      ),
    },
    responses: { ...ok(ApplicantView, 'Updated'), ...errors },
  }),
  erase: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/applicants/{applicant}/erasure',
    tags,
    summary: 'Erase an applicant’s personal data; the books stay intact (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: ApplicantParam,
    },
    responses: { ...ok(ApplicantView, 'Erased'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  register: (deps) => async (c) =>
    c.json(
      await registerApplicant(
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
    return c.json(
      await listApplicants(deps, ctx(c, deps), c.req.valid('param').alliance, {
        ...(q.reference ? { reference: q.reference } : {}),
        page: { after: parseCursor(q.after), limit: q.limit },
      }),
      200,
    );
  },
  read: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(await getApplicant(deps, ctx(c, deps), p.alliance, p.applicant), 200);
  },
  update: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await updateApplicantContact(
        deps,
        ctx(c, deps),
        p.alliance,
        p.applicant,
        c.req.valid('json'),
      ),
      200,
    );
  },
  erase: (deps) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await eraseApplicant(deps, ctx(c, deps), p.alliance, p.applicant, onceFrom(c)),
      200,
    );
  },
};

/** Applicants: registered pseudonymously, found by reference, erased on request. */
export function applicantRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.register, handlers.register(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.update, handlers.update(deps))
    .openapi(routes.erase, handlers.erase(deps));
}
