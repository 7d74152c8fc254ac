import { pageOf, type Page } from '../paging.js';
import type { Actor, ServiceContext } from '../context.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
import { invalid, notFound } from '../errors.js';
import { inAlliance } from '../policy.js';
import { redact } from '../redaction.js';
import {
  COORDINATORS,
  PANEL_WORK,
  SPARKS_READERS,
  ownAlliance,
  type SparksDeps,
} from './common.js';
import type { Applicant, PanelMember } from './model.js';

export function panelMemberView(m: PanelMember) {
  return { id: m.id, name: m.name, livedExperience: m.livedExperience, retiredOn: m.retiredOn };
}

/** A panel member as the alliance knows them: a name or initials, and whether they have lived experience. */
export async function addPanelMember(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: { name: string; livedExperience: boolean },
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'add panel members');
  const member: PanelMember = {
    id: deps.ids('pnm'),
    allianceId,
    name: input.name,
    livedExperience: input.livedExperience,
    createdAt: ctx.now.toISOString(),
    retiredOn: null,
  };
  return createOnce<ReturnType<typeof panelMemberView>>(
    deps,
    ctx,
    once,
    { operation: `add_panel_member:${allianceId}`, input },
    async (remember) => {
      const view = panelMemberView(member);
      await deps.store.commit(() => [{ kind: 'panel_member', member }, ...remember(view)]);
      return view;
    },
    // A member's name is kept once, in their own row: the replay reads it from there.
    rereadById(async (id) => {
      const [found] = (await deps.sparks.getPanelMembers([id])).filter(
        (m) => m.allianceId === allianceId,
      );
      if (!found) throw notFound('panel_member_not_found', `No panel member ${id}.`);
      return panelMemberView(found);
    }),
  );
}

/**
 * The panel in the order they joined: a keyset page when `paged` is given (the API and the panel
 * page), else everyone (the sitting form, which offers every serving member).
 */
export async function listPanelMembers(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  paged?: { state?: 'serving' | 'retired'; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'list panel members');
  const { items, next } = paged
    ? pageOf(
        await deps.sparks.pagePanelMembers(allianceId, { state: paged.state }, paged.page),
        paged.page.limit,
        (m) => m.createdAt,
      )
    : { items: await deps.sparks.listPanelMembers(allianceId), next: null };
  return { items: items.map(panelMemberView), next };
}

/** Auditors see the pseudonymous reference only: never a name or contact (src/core/redaction.ts). */
export function applicantView(a: Applicant, actor: Actor) {
  return redact(
    actor,
    {
      id: a.id,
      reference: a.reference,
      erased: a.erasedAt !== null,
      createdAt: a.createdAt,
      name: a.name,
      contact: a.contact,
      consentRecordedAt: a.consentRecordedAt,
    },
    { name: 'name', contact: 'contact', consentRecordedAt: 'contact' },
  );
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short, speakable reference that says nothing about the person (no initials, no dates). */
function newReference(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  let text = '';
  for (const b of bytes) text += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
  return `SP-${text.slice(0, 4)}-${text.slice(4)}`;
}

/**
 * Registers a person who asks for a grant: the minimum, pseudonymous. Their name is whatever
 * they choose (initials are enough); contact is optional; consent must have been given.
 */
export async function registerApplicant(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: {
    name?: string | null | undefined;
    contact?: string | null | undefined;
    consent: boolean;
  },
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'register applicants');
  if (input.consent !== true)
    throw invalid(
      'consent_required',
      'Record the person’s consent to keeping these details before registering them.',
      [{ path: 'consent', message: 'must be true' }],
    );
  const now = ctx.now.toISOString();
  const applicant: Applicant = {
    id: deps.ids('apl'),
    allianceId,
    reference: newReference(),
    name: input.name ?? null,
    contact: input.contact ?? null,
    consentRecordedAt: now,
    erasedAt: null,
    createdAt: now,
  };
  return createOnce<ReturnType<typeof applicantView>>(
    deps,
    ctx,
    once,
    { operation: `register_applicant:${allianceId}`, input },
    async (remember) => {
      const view = applicantView(applicant, ctx.actor);
      await deps.store.commit(() => [{ kind: 'applicant', applicant }, ...remember(view)]);
      return view;
    },
    {
      keep: (view) => ({ id: view.id }),
      reread: async (kept) =>
        applicantView(await requireApplicant(deps, allianceId, kept.id), ctx.actor),
    },
  );
}

export const requireApplicant = async (
  deps: SparksDeps,
  allianceId: string,
  applicantId: string,
): Promise<Applicant> =>
  inAlliance(
    await deps.sparks.getApplicant(applicantId),
    allianceId,
    'applicant_not_found',
    `applicant ${applicantId}`,
  );

export async function getApplicant(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicantId: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read applicants');
  return applicantView(await requireApplicant(deps, allianceId, applicantId), ctx.actor);
}

/** Applicants in reference order: a keyset page, searched by the start of a reference, when paged. */
export async function listApplicants(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  paged?: { reference?: string; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list applicants');
  if (!paged)
    return {
      items: (await deps.sparks.listApplicants(allianceId)).map((a) => applicantView(a, ctx.actor)),
      next: null,
    };
  const rows = await deps.sparks.pageApplicants(
    allianceId,
    paged.reference ? { reference: paged.reference } : {},
    paged.page,
  );
  const { items, next } = pageOf(rows, paged.page.limit, (a) => a.reference ?? '');
  return { items: items.map((a) => applicantView(a, ctx.actor)), next };
}

/** People move and change phones: contact details are changeable (until erased). */
export async function updateApplicantContact(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicantId: string,
  input: { name?: string | null | undefined; contact?: string | null | undefined },
) {
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'change applicant details');
  const applicant = await requireApplicant(deps, allianceId, applicantId);
  if (applicant.erasedAt)
    throw invalid(
      'applicant_erased',
      'This applicant’s personal data was erased; register them again if they come back.',
    );
  const next = {
    ...applicant,
    name: input.name === undefined ? applicant.name : input.name,
    contact: input.contact === undefined ? applicant.contact : input.contact,
  };
  await deps.store.commit(() => [
    { kind: 'applicant_contact', applicantId, name: next.name, contact: next.contact },
  ]);
  return applicantView(next, ctx.actor);
}

/**
 * Erases a person's personal data: name, contact, the purposes and notes of their applications
 * and awards, decision, cancellation and waiver reasons, payment suppliers and references, what
 * they said at follow-ups, and every stored response that mentions their records. Amounts,
 * dates, statuses and the ledger stay, and the hash chain still verifies because no personal
 * data was ever hashed. Erasing again is harmless and catches anything written meanwhile.
 */
export async function eraseApplicant(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicantId: string,
  once?: Once,
) {
  await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'erase personal data');
  const applicant = await requireApplicant(deps, allianceId, applicantId);
  const erasedAt = applicant.erasedAt ?? ctx.now.toISOString();
  return createOnce<ReturnType<typeof applicantView>>(
    deps,
    ctx,
    once,
    { operation: `erase_applicant:${applicantId}`, input: {}, status: 200 },
    async (remember) => {
      const view = applicantView({ ...applicant, name: null, contact: null, erasedAt }, ctx.actor);
      await deps.store.commit(() => [
        { kind: 'applicant_erase', allianceId, applicantId, erasedAt },
        ...remember(view),
      ]);
      await deps.store.compact();
      return view;
    },
    rereadById(async (id) =>
      applicantView(await requireApplicant(deps, allianceId, id), ctx.actor),
    ),
  );
}
