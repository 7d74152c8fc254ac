import { pageOf, type Page } from '../paging.js';
import type { ApplicationFilter } from './store.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { inAlliance } from '../policy.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
import {
  PANEL_WORK,
  SPARKS_READERS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import { z } from 'zod';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import type { Alliance, Application } from './model.js';
import { Domain } from './input.js';
import { requireApplicant } from './people.js';
import { applicationView } from './views.js';

/** The longest answers an application keeps. */
export const APPLICATION_LIMITS = { purposeChars: 500, notesChars: 2000 } as const;

/** What recording an application takes: who asked, for how much, for what, and when. */
export const RecordApplicationInput = z
  .object({
    applicantId: z.string().max(80),
    amountAsked: PositiveAmount,
    purpose: Text(APPLICATION_LIMITS.purposeChars),
    domain: Domain,
    receivedOn: IsoDate,
    notes: Text(APPLICATION_LIMITS.notesChars).nullable().optional(),
  })
  .strict();
export type RecordApplicationInput = z.input<typeof RecordApplicationInput>;
type ApplicationInput = z.output<typeof RecordApplicationInput> & { amountAskedMinor: number };

/** Applications are made in person; a panel member records what was asked. */
export async function recordApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  raw: RecordApplicationInput,
  once?: Once,
) {
  const parsed = parseInput(RecordApplicationInput, raw);
  const input: ApplicationInput = { ...parsed, amountAskedMinor: amountMinor(parsed.amountAsked) };
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record applications');
  // Every check of the current state runs inside: a retry after the applicant was erased must
  // replay the record made then, not be refused because of what happened since.
  return createOnce<ReturnType<typeof applicationView>>(
    deps,
    ctx,
    once,
    { operation: `record_application:${allianceId}`, input },
    async (remember) => {
      const application = await newApplication(deps, ctx, alliance, input);
      const view = applicationView(application, ctx.actor);
      await deps.store.commit(() => [{ kind: 'application', application }, ...remember(view)]);
      return view;
    },
    {
      keep: (view) => ({ id: view.id }),
      reread: async (kept) =>
        applicationView(await requireApplication(deps, allianceId, kept.id), ctx.actor),
    },
  );
}

async function newApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  input: ApplicationInput,
): Promise<Application> {
  requireDate(input.receivedOn, 'receivedOn', todayOf(alliance, ctx));
  const applicant = await requireApplicant(deps, alliance.id, input.applicantId);
  if (applicant.erasedAt)
    throw invalid(
      'applicant_erased',
      'This applicant’s personal data was erased; register them again.',
      [{ path: 'applicantId', message: 'erased' }],
    );
  return {
    id: deps.ids('app'),
    allianceId: alliance.id,
    applicantId: applicant.id,
    amountAskedMinor: input.amountAskedMinor,
    purpose: input.purpose,
    domain: input.domain,
    receivedOn: input.receivedOn,
    notes: input.notes ?? null,
    status: 'received',
    recordedBy: ctx.actor.tokenId,
    createdAt: ctx.now.toISOString(),
  };
}

export const requireApplication = async (
  deps: SparksDeps,
  allianceId: string,
  id: string,
): Promise<Application> =>
  inAlliance(
    await deps.sparks.getApplication(id),
    allianceId,
    'application_not_found',
    `application ${id}`,
  );

export async function withdrawApplication(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'withdraw applications');
  const view = async (appId: string) =>
    applicationView(await requireApplication(deps, allianceId, appId), ctx.actor);
  return createOnce<ReturnType<typeof applicationView>>(
    deps,
    ctx,
    once,
    { operation: `withdraw_application:${id}`, input: {}, status: 200 },
    async (remember) => {
      const application = await requireApplication(deps, allianceId, id);
      if (application.status !== 'received' && application.status !== 'deferred')
        throw sparksProblem('not_awaiting_decision');
      const answer = applicationView({ ...application, status: 'withdrawn' }, ctx.actor);
      try {
        await deps.store.commit(() => [
          { kind: 'application_status', applicationId: id, status: 'withdrawn' },
          ...remember(answer),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return answer;
    },
    rereadById(view),
  );
}

/**
 * Applications in received-date order. With a page (the API, the list pages), a keyset page
 * with the filters people use; without, all of them (for callers that need every one).
 */
export async function listApplications(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  status: Application['status'][] | null,
  paged?: { filter: Omit<ApplicationFilter, 'statuses'>; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list applications');
  if (!paged)
    return {
      items: (await deps.sparks.listApplications(allianceId, status)).map((a) =>
        applicationView(a, ctx.actor),
      ),
      next: null,
    };
  const rows = await deps.sparks.pageApplications(
    allianceId,
    { ...paged.filter, ...(status ? { statuses: status } : {}) },
    paged.page,
  );
  const { items, next } = pageOf(rows, paged.page.limit, (a) => a.receivedOn);
  return { items: items.map((a) => applicationView(a, ctx.actor)), next };
}
