import { ApplicantSubjectAccess, PersonSubjectAccess } from '../schemas-misc.js';
import { ok } from '../schemas-views.js';
import { createRoute, z } from '@hono/zod-openapi';
import {
  applicantSubjectAccess,
  personSubjectAccess,
  type SubjectAccessDeps,
} from '../../core/privacy/subject-access.js';
import type { StatementsDeps } from '../../core/statements/common.js';
import {
  applicantSubjectAccessStatement,
  personSubjectAccessStatement,
} from '../../core/statements/subject-access.js';
import { renderStatementPdf } from '../../pdf/render.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { problemResponses } from '../schemas.js';

const security = [{ bearerAuth: [] }];
const tags = ['Privacy'];
const errors = problemResponses(401, 403, 404, 422);
const Id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' }, example });
const ApplicantParams = z.object({
  alliance: Id('alliance', 'crawley'),
  applicant: Id('applicant', 'apl_01JD…'),
});
const PersonParams = z.object({ person: Id('person', 'per_01JD…') });
const applicantJson = {
  ...ok(ApplicantSubjectAccess, 'Everything held about the person'),
  ...errors,
};
const personJson = { ...ok(PersonSubjectAccess, 'Everything held about the person'), ...errors };
const pdf = {
  200: {
    description: 'The same, as a PDF to give the person',
    content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
  },
  ...errors,
};
const ABOUT =
  'A subject access export under UK GDPR (coordinators only): the person as registered, every record of theirs with the words stored in it, the money that moved, and every access-log line about them. Reading it is itself written to the access log.';

/** Subject access: everything held about one applicant or budget person, as JSON and as a PDF. */
export function subjectAccessRoutes(appDeps: AppDeps) {
  const deps: SubjectAccessDeps & StatementsDeps = {
    ...appDeps,
    sparks: appDeps.store.sparks,
    budgets: appDeps.store.budgets,
    privacy: appDeps.store.privacy,
    statements: appDeps.store.statements,
  };
  const app = createRouter();
  const ctx = (c: Parameters<typeof serviceContext>[0]) => serviceContext(c, appDeps);
  const summary = (who: string, asPdf: boolean) =>
    `Everything held about ${who}${asPdf ? ', as a PDF' : ''} (coordinators)`;
  const A = '/alliances/{alliance}/applicants/{applicant}/subject-access';
  const P = '/people/{person}/subject-access';
  const base = { method: 'get' as const, tags, description: ABOUT, security };
  const applicant = { params: ApplicantParams };
  const person = { params: PersonParams };

  app.openapi(
    createRoute({
      ...base,
      path: A,
      summary: summary('an applicant', false),
      request: applicant,
      responses: applicantJson,
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await applicantSubjectAccess(deps, ctx(c), p.alliance, p.applicant), 200);
    },
  );
  app.openapi(
    createRoute({
      ...base,
      path: `${A}.pdf`,
      summary: summary('an applicant', true),
      request: applicant,
      responses: pdf,
    }),
    async (c) => {
      const p = c.req.valid('param');
      const view = await applicantSubjectAccess(deps, ctx(c), p.alliance, p.applicant);
      const statement = await applicantSubjectAccessStatement(deps, ctx(c), view);
      return pdfResponse(await renderStatementPdf(statement), view.subject.reference);
    },
  );
  app.openapi(
    createRoute({
      ...base,
      path: P,
      summary: summary('a budget person', false),
      request: person,
      responses: personJson,
    }),
    async (c) => c.json(await personSubjectAccess(deps, ctx(c), c.req.valid('param').person), 200),
  );
  app.openapi(
    createRoute({
      ...base,
      path: `${P}.pdf`,
      summary: summary('a budget person', true),
      request: person,
      responses: pdf,
    }),
    async (c) => {
      const view = await personSubjectAccess(deps, ctx(c), c.req.valid('param').person);
      const statement = await personSubjectAccessStatement(deps, ctx(c), view);
      return pdfResponse(await renderStatementPdf(statement), view.subject.reference);
    },
  );
  return app;
}

function pdfResponse(body: ReadableStream<Uint8Array>, reference: string): never {
  return new Response(body, {
    status: 200,
    headers: {
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="subject-access-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf"`,
    },
  }) as never;
}
