import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../core/context.js';
import {
  getCode,
  issueCode,
  listCodes,
  reissueCode,
  withdrawCode,
} from '../../core/sign-in/codes.js';
import { MAX_CODE_DAYS } from '../../core/sign-in/model.js';
import { createRouter, type AppDeps } from '../router.js';
import { onceFrom, OptionalIdempotencyKey } from '../idempotency.js';
import { PageQuery, problemResponses } from '../schemas.js';
import { pageOf } from '../schemas-views.js';
import { parseCursor } from '../../core/paging.js';
import { ctx, type Handlers } from './kit.js';

const security = [{ bearerAuth: [] }];
const tags = ['Sign-in codes'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const CodeView = z
  .object({
    id: z.string(),
    allianceId: z.string(),
    role: z.enum(ROLES as unknown as [string, ...string[]]),
    holderId: z.string().nullable(),
    personName: z.string(),
    issuedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    usedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    replacesId: z.string().nullable(),
    state: z.enum(['waiting', 'used', 'expired', 'withdrawn']),
  })
  .openapi('SignInCode');

const Issued = z
  .object({
    code: z.string().nullable().openapi({
      description:
        'The code, grouped for reading aloud. Shown only this once: a retry with the same Idempotency-Key answers `null` here (the code is never stored), so reissue a lost one.',
    }),
    signInCode: CodeView,
  })
  .openapi('IssuedSignInCode');

const Days = z
  .number()
  .int()
  .min(1)
  .max(MAX_CODE_DAYS)
  .optional()
  .openapi({ description: 'Days until the code expires (default 7).' });

const IssueBody = z
  .object({
    role: z.enum(ROLES as unknown as [string, ...string[]]),
    personName: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .openapi({ description: 'Who it is for, as you know them (initials are enough).' }),
    holderId: z.string().min(1).max(64).nullable().optional(),
    days: Days,
  })
  .strict()
  .openapi('IssueSignInCode');

const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sic_01jd3k7x2m8q' }),
});

const routes = {
  issue: createRoute({
    method: 'post',
    path: '/sign-in-codes',
    tags,
    summary: 'Issue a sign-in code for one person and role (shown once)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      body: { required: true, content: { 'application/json': { schema: IssueBody } } },
    },
    responses: { 201: json(Issued, 'Issued'), ...problemResponses(401, 403, 422) },
  }),
  list: createRoute({
    method: 'get',
    path: '/sign-in-codes',
    tags,
    summary: 'The alliance’s sign-in codes, newest first, a page at a time (never the codes)',
    security,
    request: { query: PageQuery },
    responses: {
      200: json(
        pageOf(CodeView.extend({ openSessions: z.number().int() })),
        'A page of codes, newest first',
      ),
      ...problemResponses(401, 403, 422),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/sign-in-codes/{id}',
    tags,
    summary: 'One sign-in code',
    security,
    request: { params: IdParam },
    responses: { 200: json(CodeView, 'The code'), ...problemResponses(401, 403, 404) },
  }),
  reissue: createRoute({
    method: 'post',
    path: '/sign-in-codes/{id}/reissue',
    tags,
    summary: 'A new code for the same person and role; an unused old one is withdrawn',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: IdParam,
      body: {
        required: false,
        content: { 'application/json': { schema: z.object({ days: Days }).strict() } },
      },
    },
    responses: { 201: json(Issued, 'Issued'), ...problemResponses(401, 403, 404, 422) },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/sign-in-codes/{id}/withdraw',
    tags,
    summary: 'Withdraw a code: it can no longer be used, and its sessions end now',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      params: IdParam,
    },
    responses: { 200: json(CodeView, 'Withdrawn'), ...problemResponses(401, 403, 404) },
  }),
};

const handlers: Handlers<typeof routes, AppDeps> = {
  issue: (deps) => async (c) => {
    const body = c.req.valid('json');
    const issued = await issueCode(
      deps,
      ctx(c, deps),
      {
        ...body,
        role: body.role as (typeof ROLES)[number],
      },
      null,
      onceFrom(c),
    );
    return c.json({ code: issued.code, signInCode: issued.view }, 201);
  },
  list: (deps) => async (c) => {
    const q = c.req.valid('query');
    const page = { after: parseCursor(q.after), limit: q.limit };
    return c.json(await listCodes(deps, ctx(c, deps), page), 200);
  },
  get: (deps) => async (c) =>
    c.json(await getCode(deps, ctx(c, deps), c.req.valid('param').id), 200),
  reissue: (deps) => async (c) => {
    const days = c.req.header('content-type') ? c.req.valid('json')?.days : undefined;
    const issued = await reissueCode(
      deps,
      ctx(c, deps),
      c.req.valid('param').id,
      days,
      onceFrom(c),
    );
    return c.json({ code: issued.code, signInCode: issued.view }, 201);
  },
  withdraw: (deps) => async (c) =>
    c.json(await withdrawCode(deps, ctx(c, deps), c.req.valid('param').id, onceFrom(c)), 200),
};

/**
 * Sign-in codes for the web pages: coordinators issue, reissue and withdraw them (the same use
 * cases as the coordinator's page). Withdrawing ends every session the code started.
 */
export function signInCodeRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(routes.issue, handlers.issue(deps))
    .openapi(routes.list, handlers.list(deps))
    .openapi(routes.get, handlers.get(deps))
    .openapi(routes.reissue, handlers.reissue(deps))
    .openapi(routes.withdraw, handlers.withdraw(deps));
}
