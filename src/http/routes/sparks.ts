import { createRoute, z } from '@hono/zod-openapi';
import {
  createAlliance,
  fundSummary,
  getAlliance,
  recordReceipt,
  updateAlliance,
} from '../../core/sparks/alliances.js';
import type { SparksDeps } from '../../core/sparks/common.js';
import { cancelAward, recordReturn } from '../../core/sparks/award-changes.js';
import { declareConflict, getSitting, openSitting } from '../../core/sparks/sittings.js';
import { decide } from '../../core/sparks/decisions.js';
import { disburse, getAward, listAwards } from '../../core/sparks/awards.js';
import { getApplication } from '../../core/sparks/application-timeline.js';
import {
  listApplications,
  recordApplication,
  withdrawApplication,
} from '../../core/sparks/applications.js';
import { recordHeard, waiveFollowUp, workingList } from '../../core/sparks/follow-ups.js';
import { grantsForPublishing } from '../../core/sparks/grants-data.js';
import { grants360GivingChunks, grantsCsvChunks } from '../../core/sparks/publish-stream.js';
import { sparksReport } from '../../core/sparks/report.js';
import { conflict, invalid } from '../../core/errors.js';
import { DISBURSEMENT_METHODS, DOMAINS } from '../../core/sparks/model.js';
import {
  addPanelMember,
  eraseApplicant,
  getApplicant,
  listApplicants,
  listPanelMembers,
  registerApplicant,
  updateApplicantContact,
} from '../../core/sparks/people.js';
import { extendFollowUp } from '../../core/sparks/extend.js';
import { pageSittings, SITTING_STATES } from '../../core/sparks/list-sittings.js';
import { pageFollowUps, pageReceipts } from '../../core/sparks/list-pages.js';
import { retirePanelMember } from '../../core/sparks/retire.js';
import { onceFrom, OptionalIdempotencyKey } from '../idempotency.js';
import { parseCursor } from '../../core/paging.js';
import { streamText } from '../stream.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import {
  IdempotencyKeyHeader,
  PositiveAmount,
  IsoDate,
  PageQuery,
  pageResponse,
  amountMinor,
  problemResponses,
} from '../schemas.js';
import {
  AllianceView,
  ApplicantView,
  ApplicationTimeline,
  ApplicationView,
  AwardDetail,
  AwardView,
  Cancellation,
  DecisionAnswer,
  DisbursementView,
  FollowUpPage,
  FollowUpView,
  FundSummary,
  GrantReturnView,
  PanelMemberList,
  PanelMemberView,
  ReceiptPage,
  SittingSummaryPage,
  ReceiptView,
  SittingView,
  WorkingList,
} from '../schemas-sparks.js';
import { Grants360, SparksReport } from '../schemas-reports.js';
import { ok } from '../schemas-views.js';

const security = [{ bearerAuth: [] }];
/** The filters given, without the ones left out (exactOptionalPropertyTypes). */
const dropEmpty = <T extends Record<string, string | undefined>>(q: T) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as { [K in keyof T]?: string };

const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const Id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' }, example });
const AllianceParam = z.object({ alliance: Id('alliance', 'crawley') });
const Text = (max = 500) => z.string().trim().min(1).max(max);
const Domain = z.enum(DOMAINS).openapi({ description: 'Recovery-capital domain' });
const Positive = PositiveAmount;
const errors = problemResponses(400, 401, 403, 404, 409, 422);

const Settings = {
  grantCeiling: Positive.optional(),
  grantFloor: Positive.optional(),
  followUpDays: z.number().int().min(1).max(365).optional(),
  quorum: z.number().int().min(1).max(20).optional(),
  livedExperienceMajority: z.boolean().optional(),
  allowAwardWhenOverdue: z.boolean().optional(),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'IANA zone whose local date is "today" (default Europe/London)' }),
  bankName: z.string().trim().min(1).max(80).nullable().optional(),
  bankAccountEnding: z
    .string()
    .regex(/^[0-9]{2,4}$/)
    .nullable()
    .optional()
    .openapi({ description: 'Last 2–4 digits of the bank account, printed on statements' }),
  contactLine: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .openapi({ description: 'Who to contact if something on a statement looks wrong' }),
  retentionYears: z.number().int().min(1).max(50).optional().openapi({
    description:
      'Years a person’s personal data is kept after their last activity before the retention job erases it (default 6)',
  }),
};

function settingsInput(body: {
  grantCeiling?: string | undefined;
  grantFloor?: string | undefined;
  followUpDays?: number | undefined;
  quorum?: number | undefined;
  livedExperienceMajority?: boolean | undefined;
  allowAwardWhenOverdue?: boolean | undefined;
  timeZone?: string | undefined;
  bankName?: string | null | undefined;
  bankAccountEnding?: string | null | undefined;
  contactLine?: string | null | undefined;
  retentionYears?: number | undefined;
}) {
  return {
    grantCeilingMinor: body.grantCeiling === undefined ? undefined : amountMinor(body.grantCeiling),
    grantFloorMinor: body.grantFloor === undefined ? undefined : amountMinor(body.grantFloor),
    followUpDays: body.followUpDays,
    quorum: body.quorum,
    livedExperienceMajority: body.livedExperienceMajority,
    allowAwardWhenOverdue: body.allowAwardWhenOverdue,
    timeZone: body.timeZone,
    bankName: body.bankName,
    bankAccountEnding: body.bankAccountEnding,
    contactLine: body.contactLine,
    retentionYears: body.retentionYears,
  };
}

/** A download's file name: the alliance, what it is, and the period it covers (ids are [a-z0-9-]). */
function downloadName(
  allianceId: string,
  what: string,
  period: { from?: string | undefined; to?: string | undefined },
): string {
  const span = [period.from ? `from-${period.from}` : '', period.to ? `to-${period.to}` : '']
    .filter(Boolean)
    .join('-');
  return [allianceId, what, span].filter(Boolean).join('-');
}

/** Small Sparks: alliances, money in, applicants, applications, sittings, decisions, awards, follow-ups. */
export function sparksRoutes(appDeps: AppDeps, sparks: SparksDeps['sparks']) {
  const deps: SparksDeps = { ...appDeps, sparks };
  const app = createRouter();
  const tags = ['Small Sparks'];
  const ctx = (c: Parameters<typeof serviceContext>[0]) => serviceContext(c, appDeps);
  const replayed = (c: { header: (k: string, v: string) => void }, r: { replayed: boolean }) =>
    r.replayed && c.header('idempotent-replayed', 'true');
  // Requests that move no money take a key too (optional): a retry gets the first answer.
  const once = onceFrom;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances',
      tags,
      summary: 'Set up your alliance with its settings and accounts (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        ...jsonBody(z.object({ id: z.string().max(63), name: Text(120), ...Settings }).strict()),
      },
      responses: { ...ok(AllianceView, 'Created', 201), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await createAlliance(
          deps,
          ctx(c),
          {
            id: body.id,
            name: body.name,
            ...settingsInput(body),
          },
          once(c),
        ),
        201,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}',
      tags,
      summary: 'Alliance settings',
      security,
      request: { params: AllianceParam },
      responses: { ...ok(AllianceView, 'The alliance'), ...errors },
    }),
    async (c) => c.json(await getAlliance(deps, ctx(c), c.req.valid('param').alliance), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/alliances/{alliance}',
      tags,
      summary: 'Change settings (coordinators)',
      security,
      request: {
        params: AllianceParam,
        ...jsonBody(z.object({ name: Text(120).optional(), ...Settings }).strict()),
      },
      responses: { ...ok(AllianceView, 'Updated'), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await updateAlliance(deps, ctx(c), c.req.valid('param').alliance, {
          name: body.name,
          ...settingsInput(body),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
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
    async (c) => {
      const b = c.req.valid('json');
      const r = await recordReceipt(
        deps,
        ctx(c),
        c.req.valid('param').alliance,
        { ...b, amountMinor: amountMinor(b.amount) },
        c.req.header('idempotency-key'),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof ReceiptView>, 201);
    },
  );
  app.openapi(
    createRoute({
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
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await pageReceipts(
          deps,
          ctx(c),
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
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/fund',
      tags,
      summary:
        'Fund summary from the ledger: received, awarded, paid, committed, returned, available',
      security,
      request: { params: AllianceParam },
      responses: { ...ok(FundSummary, 'Fund summary'), ...errors },
    }),
    async (c) => c.json(await fundSummary(deps, ctx(c), c.req.valid('param').alliance), 200),
  );

  app.openapi(
    createRoute({
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
    async (c) =>
      c.json(
        await addPanelMember(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          c.req.valid('json'),
          once(c),
        ),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/panel-members',
      tags,
      summary: 'Panel members',
      security,
      request: { params: AllianceParam },
      responses: { ...ok(PanelMemberList, 'Members'), ...errors },
    }),
    async (c) => c.json(await listPanelMembers(deps, ctx(c), c.req.valid('param').alliance), 200),
  );

  app.openapi(
    createRoute({
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
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await retirePanelMember(deps, ctx(c), p.alliance, p.member, c.req.valid('json'), once(c)),
        200,
      );
    },
  );

  const ApplicantParam = AllianceParam.extend({ applicant: Id('applicant', 'apl_01m84j') });
  app.openapi(
    createRoute({
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
    async (c) =>
      c.json(
        await registerApplicant(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          c.req.valid('json'),
          once(c),
        ),
        201,
      ),
  );
  app.openapi(
    createRoute({
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
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listApplicants(deps, ctx(c), c.req.valid('param').alliance, {
          ...(q.reference ? { reference: q.reference } : {}),
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/applicants/{applicant}',
      tags,
      summary: 'An applicant',
      security,
      request: { params: ApplicantParam },
      responses: { ...ok(ApplicantView, 'The applicant'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getApplicant(deps, ctx(c), p.alliance, p.applicant), 200);
    },
  );
  app.openapi(
    createRoute({
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
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await updateApplicantContact(deps, ctx(c), p.alliance, p.applicant, c.req.valid('json')),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
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
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await eraseApplicant(deps, ctx(c), p.alliance, p.applicant, once(c)), 200);
    },
  );

  const ApplicationParam = AllianceParam.extend({ application: Id('application', 'app_01m84j') });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/applications',
      tags,
      summary: 'Record an application made in person',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: AllianceParam,
        ...jsonBody(
          z
            .object({
              applicantId: z.string().max(80),
              amountAsked: Positive,
              purpose: Text(),
              domain: Domain,
              receivedOn: IsoDate,
              notes: Text(2000).nullable().optional(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(ApplicationView, 'Recorded', 201), ...errors },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(
        await recordApplication(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          { ...b, amountAskedMinor: amountMinor(b.amountAsked) },
          once(c),
        ),
        201,
      );
    },
  );
  const Statuses = z.enum(['received', 'deferred', 'awarded', 'declined', 'withdrawn']);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/applications',
      tags,
      summary: 'Applications in received-date order, a page at a time, by status, dates, reference',
      security,
      request: {
        params: AllianceParam,
        query: PageQuery.extend({
          status: z.string().optional().openapi({ description: 'Comma-separated statuses' }),
          from: IsoDate.optional().openapi({ description: 'Received on or after' }),
          to: IsoDate.optional().openapi({ description: 'Received on or before' }),
          reference: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: "The start of the applicant's reference" }),
        }),
      },
      responses: { ...pageResponse(ApplicationView, 'A page of applications'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const parsed = q.status ? z.array(Statuses).safeParse(q.status.split(',')) : null;
      if (parsed && !parsed.success)
        throw invalid(
          'validation_failed',
          `status must be a comma-separated list of: ${Statuses.options.join(', ')}.`,
          [{ path: 'status', message: 'unknown status' }],
        );
      const statuses = parsed ? parsed.data : null;
      return c.json(
        await listApplications(deps, ctx(c), c.req.valid('param').alliance, statuses, {
          filter: dropEmpty({ from: q.from, to: q.to, reference: q.reference }),
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/applications/{application}',
      tags,
      summary: 'An application with its timeline (received → decided → paid → heard)',
      security,
      request: { params: ApplicationParam },
      responses: { ...ok(ApplicationTimeline, 'The application'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      // grants.ts widens an award's status to string; AwardView holds its four values.
      const view = await getApplication(deps, ctx(c), p.alliance, p.application);
      return c.json(view as z.infer<typeof ApplicationTimeline>, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/applications/{application}/withdrawal',
      tags,
      summary: 'The person withdraws the application',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: ApplicationParam,
      },
      responses: { ...ok(ApplicationView, 'Withdrawn'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await withdrawApplication(deps, ctx(c), p.alliance, p.application, once(c)),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/applications/{application}/decision',
      tags,
      summary: 'The panel decides: award, decline or defer',
      security,
      request: {
        params: ApplicationParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z
            .object({
              sittingId: z.string().max(80),
              outcome: z.enum(['award', 'decline', 'defer']),
              amount: Positive.optional(),
              purpose: Text().optional(),
              followUpDue: IsoDate.optional(),
              reason: Text().optional(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(DecisionAnswer, 'Decided', 201), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await decide(
        deps,
        ctx(c),
        p.alliance,
        p.application,
        { ...b, amountMinor: b.amount === undefined ? undefined : amountMinor(b.amount) },
        c.req.header('idempotency-key'),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof DecisionAnswer>, 201);
    },
  );

  const SittingParam = AllianceParam.extend({ sitting: Id('sitting', 'sit_01m84j') });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/sittings',
      tags,
      summary: 'Record a panel sitting and who sat',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: AllianceParam,
        ...jsonBody(
          z
            .object({ heldOn: IsoDate, memberIds: z.array(z.string().max(80)).min(1).max(30) })
            .strict(),
        ),
      },
      responses: { ...ok(SittingView, 'Recorded', 201), ...errors },
    }),
    async (c) =>
      c.json(
        await openSitting(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          c.req.valid('json'),
          once(c),
        ),
        201,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/sittings',
      tags,
      summary: 'Panel sittings, latest first, a page at a time, by dates and whether decided',
      security,
      request: {
        params: AllianceParam,
        query: PageQuery.extend({
          from: IsoDate.optional().openapi({ description: 'Held on or after' }),
          to: IsoDate.optional().openapi({ description: 'Held on or before' }),
          state: z.enum(SITTING_STATES).optional().openapi({
            description: '`open`: nothing decided there yet; `decided`: at least one decision',
          }),
        }),
      },
      responses: {
        ...ok(SittingSummaryPage, 'A page of sittings with what each heard'),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await pageSittings(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          { ...dropEmpty({ from: q.from, to: q.to }), ...(q.state ? { state: q.state } : {}) },
          { after: parseCursor(q.after), limit: q.limit },
        ),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/sittings/{sitting}',
      tags,
      summary: 'A sitting, its members and declared conflicts',
      security,
      request: { params: SittingParam },
      responses: { ...ok(SittingView, 'The sitting'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getSitting(deps, ctx(c), p.alliance, p.sitting), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/sittings/{sitting}/conflicts',
      tags,
      summary: 'A member declares a conflict on an application',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: SittingParam,
        ...jsonBody(
          z.object({ applicationId: z.string().max(80), memberId: z.string().max(80) }).strict(),
        ),
      },
      responses: { ...ok(SittingView, 'Declared', 201), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await declareConflict(deps, ctx(c), p.alliance, p.sitting, c.req.valid('json'), once(c)),
        201,
      );
    },
  );

  const AwardParam = AllianceParam.extend({ award: Id('award', 'awd_01m84j') });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/awards',
      tags,
      summary: 'Awards with what is paid and outstanding, in awarded-date order, a page at a time',
      security,
      request: {
        params: AllianceParam,
        query: PageQuery.extend({
          from: IsoDate.optional().openapi({ description: 'Awarded on or after' }),
          to: IsoDate.optional().openapi({ description: 'Awarded on or before' }),
          reference: z
            .string()
            .max(40)
            .optional()
            .openapi({ description: "The start of the applicant's reference" }),
        }),
      },
      responses: { ...pageResponse(AwardView, 'A page of awards'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listAwards(deps, ctx(c), c.req.valid('param').alliance, {
          filter: dropEmpty({ from: q.from, to: q.to, reference: q.reference }),
          page: { after: parseCursor(q.after), limit: q.limit },
        }),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/awards/{award}',
      tags,
      summary: 'An award, its payments and returns',
      security,
      request: { params: AwardParam },
      responses: { ...ok(AwardDetail, 'The award'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      // grants.ts widens an award's status to string; AwardView holds its four values.
      const view = await getAward(deps, ctx(c), p.alliance, p.award);
      return c.json(view as z.infer<typeof AwardDetail>, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/disbursements',
      tags,
      summary: 'Pay (part of) an award (coordinators)',
      security,
      request: {
        params: AwardParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(
          z
            .object({
              method: z.enum(
                DISBURSEMENT_METHODS as unknown as [
                  'bank_transfer',
                  'cash',
                  'voucher',
                  'supplier_purchase',
                ],
              ),
              amount: Positive,
              paidOn: IsoDate,
              supplier: Text(120).optional(),
              reference: Text(100).optional(),
            })
            .strict(),
        ),
      },
      responses: { ...ok(DisbursementView, 'Paid', 201), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await disburse(
        deps,
        ctx(c),
        p.alliance,
        p.award,
        { ...b, amountMinor: amountMinor(b.amount) },
        c.req.header('idempotency-key'),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof DisbursementView>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/cancellation',
      tags,
      summary: 'Cancel an award; the unpaid remainder returns to the fund (coordinators)',
      security,
      request: {
        params: AwardParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(z.object({ reason: Text(), cancelledOn: IsoDate.optional() }).strict()),
      },
      responses: { ...ok(Cancellation, 'Cancelled', 201), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const r = await cancelAward(
        deps,
        ctx(c),
        p.alliance,
        p.award,
        c.req.valid('json'),
        c.req.header('idempotency-key'),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof Cancellation>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/returns',
      tags,
      summary: 'Record money the person handed back (coordinators)',
      security,
      request: {
        params: AwardParam,
        headers: IdempotencyKeyHeader,
        ...jsonBody(z.object({ amount: Positive, returnedOn: IsoDate }).strict()),
      },
      responses: { ...ok(GrantReturnView, 'Recorded', 201), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await recordReturn(
        deps,
        ctx(c),
        p.alliance,
        p.award,
        { amountMinor: amountMinor(b.amount), returnedOn: b.returnedOn },
        c.req.header('idempotency-key'),
      );
      replayed(c, r);
      return c.json(r.body as z.infer<typeof GrantReturnView>, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/follow-up',
      tags,
      summary: 'The person came back: record what difference it made',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: AwardParam,
        ...jsonBody(
          z
            .object({
              heardOn: IsoDate,
              inPerson: z.boolean(),
              difference: Text(2000),
              domainsImproved: z.array(Domain).max(6),
            })
            .strict(),
        ),
      },
      responses: { ...ok(FollowUpView, 'Heard'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await recordHeard(deps, ctx(c), p.alliance, p.award, c.req.valid('json'), once(c)),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/follow-up/waiver',
      tags,
      summary: 'Waive a follow-up, with a reason (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: AwardParam,
        ...jsonBody(z.object({ reason: Text() }).strict()),
      },
      responses: { ...ok(FollowUpView, 'Waived'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await waiveFollowUp(deps, ctx(c), p.alliance, p.award, c.req.valid('json'), once(c)),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/awards/{award}/follow-up/extension',
      tags,
      summary: 'Give the person longer to come back: a later due date (coordinators)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        params: AwardParam,
        ...jsonBody(z.object({ dueOn: IsoDate }).strict()),
      },
      responses: { ...ok(FollowUpView, 'Extended'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await extendFollowUp(deps, ctx(c), p.alliance, p.award, c.req.valid('json'), once(c)),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/follow-ups',
      tags,
      summary: 'Follow-ups in due-date order, a page at a time: due soon, overdue, heard, waived',
      security,
      request: {
        params: AllianceParam,
        query: PageQuery.extend({
          state: z.enum(['due-soon', 'overdue', 'heard', 'waived', 'all']).default('all'),
          withinDays: z.coerce.number().int().min(0).max(365).default(14),
          from: IsoDate.optional().openapi({ description: 'Due on or after' }),
          to: IsoDate.optional().openapi({ description: 'Due on or before' }),
        }),
      },
      responses: { ...ok(FollowUpPage, 'A page of follow-ups (with asOf and filter)'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await pageFollowUps(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          { state: q.state, withinDays: q.withinDays, ...dropEmpty({ from: q.from, to: q.to }) },
          { after: parseCursor(q.after), limit: q.limit },
        ),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/working-list',
      tags,
      summary: 'For a sitting: awaiting decision, awaiting payment, follow-ups due',
      security,
      request: {
        params: AllianceParam,
        query: z.object({
          withinDays: z.coerce.number().int().min(0).max(365).default(14),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(500)
            .default(100)
            .openapi({ description: 'At most this many of each kind, the longest waiting first' }),
        }),
      },
      responses: { ...ok(WorkingList, 'Working list'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      // grants.ts widens an award's status to string; AwardView holds its four values.
      const view = await workingList(
        deps,
        ctx(c),
        c.req.valid('param').alliance,
        q.withinDays,
        q.limit,
      );
      return c.json(view as z.infer<typeof WorkingList>, 200);
    },
  );

  const Period = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/report',
      tags,
      summary:
        'Totals for commissioners: uptake, time to decision and payment, domains, follow-up rate (small counts suppressed)',
      security,
      request: { params: AllianceParam, query: z.object({ from: IsoDate, to: IsoDate }) },
      responses: { ...ok(SparksReport, 'The report'), ...errors },
    }),
    async (c) =>
      c.json(
        await sparksReport(deps, ctx(c), c.req.valid('param').alliance, c.req.valid('query')),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/grants.360giving.json',
      tags,
      summary: 'Awards as a 360Giving data package (anonymous recipients)',
      security,
      request: { params: AllianceParam, query: Period },
      responses: { ...ok(Grants360, 'A 360Giving data package'), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const source = await grantsForPublishing(deps, ctx(c), c.req.valid('param').alliance, {
        from: q.from ?? null,
        to: q.to ?? null,
      });
      if (source.empty)
        throw conflict(
          'nothing_to_publish',
          'No awards to publish',
          'There are no awards in this period; a 360Giving package needs at least one grant.',
        );
      // Streamed a page of awards at a time; the bytes are those of c.json(grants360Giving(...)).
      return streamText(grants360GivingChunks(source), {
        'content-type': 'application/json',
        'content-disposition': `attachment; filename="${downloadName(source.head.alliance.id, 'grants-360giving', q)}.json"`,
      }) as never;
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/grants.csv',
      tags,
      summary: 'The grant register as CSV (no names)',
      security,
      request: { params: AllianceParam, query: Period },
      responses: {
        200: {
          description: 'CSV, one line per award',
          content: { 'text/csv': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const source = await grantsForPublishing(deps, ctx(c), c.req.valid('param').alliance, {
        from: q.from ?? null,
        to: q.to ?? null,
      });
      return streamText(grantsCsvChunks(source), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${downloadName(source.head.alliance.id, 'grant-register', q)}.csv"`,
      }) as never;
    },
  );

  return app;
}
