import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { getAlliance } from '../../core/sparks/alliances.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import { checkInput } from '../../core/input.js';
import {
  declareConflict,
  getSitting,
  OpenSittingInput,
  openSitting,
} from '../../core/sparks/sittings.js';
import { DecideInput, decide } from '../../core/sparks/decisions.js';
import { workingList } from '../../core/sparks/follow-ups.js';
import { sittingMinutes } from '../../core/sparks/minutes.js';
import { listPanelMembers } from '../../core/sparks/people.js';
import { requireRole } from '../../core/policy.js';
import type { FieldErrors } from './form.js';
import { path } from './format.js';
import {
  dateParts,
  partsOf,
  readDate,
  said,
  text,
  texts,
  typed,
  typedAmount,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';
import { decisionErrors, decisionRefusal, doneFor, sittingProblems } from './sitting-results.js';
import { NewSittingForm, SittingPage, type Refused, type SittingData } from './sitting-view.js';
import { applicantLabels } from './who.js';
import { overdueFor } from './overdue.js';

const alliance = (c: PageContext) => c.get('actor').allianceId;

async function showNew(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'open panel sittings');
  const members = await listPanelMembers(kit.deps, kit.ctx(c), alliance(c));
  return kit.page(
    c,
    { title: 'Open a panel sitting', back: { href: '/sparks', label: 'Back to Small Sparks' } },
    <NewSittingForm
      members={members.items.filter((m) => !m.retiredOn)}
      date={partsOf(isoDateOf(kit.deps.clock()))}
      chosen={[]}
      errors={{}}
      formKey={kit.deps.ids('form')}
    />,
  );
}

async function submitSitting(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'open panel sittings');
  const form = await c.req.parseBody({ all: true });
  const memberIds = texts(form.memberIds);
  const parts = dateParts(form, 'heldOn');
  const date = readDate(parts, 'the date of the sitting');
  // The use case's own schema judges the answers; the page words its problems.
  const checked = checkInput(OpenSittingInput, { heldOn: date.ok ? date.iso : '', memberIds });
  // In the form's order: the date comes before who is present.
  const errors: FieldErrors = date.ok ? {} : { [`heldOn-${date.bad[0] ?? 'day'}`]: date.message };
  if (!checked.ok) Object.assign(errors, sittingProblems(checked.problems, memberIds));
  if (checked.ok) {
    try {
      const sitting = await openSitting(kit.deps, kit.ctx(c), alliance(c), checked.input, {
        key: text(form.key) ?? null,
      });
      return c.redirect(`${path`/sparks/sittings/${sitting.id}`}?opened=1`, 303);
    } catch (error) {
      if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
      if (error.fields.some((f) => f.path === 'memberIds')) errors.members = said(error);
      else errors['heldOn-day'] = said(error);
    }
  }
  const members = await listPanelMembers(kit.deps, kit.ctx(c), alliance(c));
  return kit.page(
    c,
    { title: 'Open a panel sitting', hasErrors: true, back: { href: '/sparks' } },
    <NewSittingForm
      members={members.items.filter((m) => !m.retiredOn)}
      date={parts}
      chosen={memberIds}
      errors={errors}
      formKey={text(form.key) ?? kit.deps.ids('form')}
    />,
    422,
  );
}

const sittingView = async (
  kit: PageKit,
  c: PageContext,
  sittingId: string,
  refused: Refused | null,
) => {
  const [settings, minutes, work] = await Promise.all([
    getAlliance(kit.deps, kit.ctx(c), alliance(c)),
    sittingMinutes(kit.deps, kit.ctx(c), alliance(c), sittingId),
    workingList(kit.deps, kit.ctx(c), alliance(c), 0),
  ]);
  const who = await applicantLabels(kit, c, [
    ...work.awaitingDecision.map((a) => a.applicantId),
    ...minutes.decisions.map((d) => d.applicantId),
    ...minutes.conflicts.map((x) => x.applicantId),
  ]);
  const data: SittingData = {
    alliance: settings,
    minutes,
    waiting: work.awaitingDecision.filter((a) => a.receivedOn <= minutes.sitting.heldOn),
    who,
    newKey: () => kit.deps.ids('form'),
    done: refused ? null : doneFor(c, minutes, who),
    refused,
  };
  return kit.page(
    c,
    {
      title: data.done?.title ?? 'Panel sitting',
      hasErrors: !!refused,
      back: { href: '/sparks/sittings', label: 'All sittings' },
    },
    <SittingPage {...data} />,
    refused ? (Object.keys(refused.errors).some((k) => k.endsWith('-outcome')) ? 409 : 422) : 200,
  );
};

// Declaring a conflict without deciding yet: the member stops counting for that application.
async function declareConflicts(kit: PageKit, c: PageContext) {
  const sittingId = c.req.param('sitting')!;
  const form = await c.req.parseBody();
  const applicationId = text(form.applicationId) ?? '';
  try {
    await declareConflict(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      sittingId,
      { applicationId, memberId: text(form.memberId) ?? '' },
      { key: text(form.key) ?? null },
    );
  } catch (error) {
    // Refused (not at the sitting, already declared): back to that application, saying why.
    if (!(error instanceof KindlingError) || !['invalid', 'conflict'].includes(error.kind))
      throw error;
    return sittingView(kit, c, sittingId, {
      applicationId,
      values: {},
      conflicts: [],
      errors: { [`${applicationId}-conflicts`]: said(error) },
    });
  }
  return c.redirect(
    `${path`/sparks/sittings/${sittingId}`}?conflict=${encodeURIComponent(applicationId)}#${applicationId}`,
    303,
  );
}

async function submitDecision(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'decide applications');
  const sittingId = c.req.param('sitting')!;
  const form = await c.req.parseBody({ all: true });
  const applicationId = text(form.applicationId) ?? '';
  const conflicts = texts(form.conflicts);
  try {
    const awardId = await decideFromForm(kit, c, sittingId, applicationId, form, conflicts);
    if (awardId && c.get('actor').role === 'coordinator')
      return c.redirect(`${path`/sparks/awards/${awardId}/payments`}?awarded=1`, 303);
    return c.redirect(
      `${path`/sparks/sittings/${sittingId}`}?decided=${encodeURIComponent(applicationId)}`,
      303,
    );
  } catch (error) {
    if (
      !(error instanceof KindlingError) ||
      error.kind === 'forbidden' ||
      error.kind === 'unauthenticated' ||
      error.code === 'sitting_not_found' ||
      error.code === 'application_not_found'
    )
      throw error;
    const values = typed(form);
    const overdue =
      error.code === 'applicant_overdue_follow_up'
        ? await overdueFor(kit, c, sittingId, applicationId)
        : null;
    return sittingView(kit, c, sittingId, {
      applicationId,
      values,
      conflicts,
      errors: overdue
        ? { [`${applicationId}-outcome`]: overdue.message }
        : decisionErrors(error, applicationId, values.outcome),
      overdue: overdue?.links ?? [],
    });
  }
}

/** Declares the conflicts ticked on the form, then decides; returns the award's id, if one. */
const decideFromForm = async (
  kit: PageKit,
  c: PageContext,
  sittingId: string,
  applicationId: string,
  form: Form,
  conflicts: string[],
): Promise<string | null> => {
  const outcome = text(form.outcome);
  // The use case's own schema judges the answers; the page words its problems.
  const checked = checkInput(DecideInput, {
    sittingId,
    outcome,
    amount: outcome === 'award' ? typedAmount(form.amount) : undefined,
    purpose: outcome === 'award' ? text(form.purpose) : undefined,
    reason:
      outcome === 'decline'
        ? text(form.declineReason)
        : outcome === 'defer'
          ? text(form.deferReason)
          : undefined,
  });
  if (!checked.ok) throw decisionRefusal(checked.problems);
  // Only conflicts not yet on record: a second press of the same form declares nothing twice.
  const sitting = await getSitting(kit.deps, kit.ctx(c), alliance(c), sittingId);
  const declared = new Set(
    sitting.conflicts.filter((x) => x.applicationId === applicationId).map((x) => x.memberId),
  );
  // Each conflict runs once under the decision form's key (the decision itself uses the key).
  for (const memberId of conflicts.filter((m) => !declared.has(m)))
    await declareConflict(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      sittingId,
      { applicationId, memberId },
      { key: text(form.key) ? `${text(form.key)}:conflict:${memberId}` : null },
    );
  const result = await decide(
    kit.deps,
    kit.ctx(c),
    alliance(c),
    applicationId,
    checked.input,
    text(form.key) ?? null,
  );
  const body = result.body as { award?: { id?: string } | null };
  return body.award?.id ?? null;
};

/**
 * Panel sittings: open one, then decide each application on one form (award, decline or defer,
 * with conflicts declared on the same form). The same use cases as the API, so every rule refuses
 * the same way; a refusal comes back to that application with the error summary at the top, the
 * message beside the field and what was typed kept, and writes nothing. Each success redirects
 * (Post/Redirect/Get), so a refresh never decides twice; the form's idempotency key makes a
 * double press decide once.
 */
export function sittingRoutes(kit: PageKit): void {
  kit.get('/sparks/sittings/new', (c) => showNew(kit, c));
  kit.post('/sparks/sittings', (c) => submitSitting(kit, c));
  kit.get('/sparks/sittings/:sitting', (c) => sittingView(kit, c, c.req.param('sitting')!, null));
  kit.post('/sparks/sittings/:sitting/conflicts', (c) => declareConflicts(kit, c));
  kit.post('/sparks/sittings/:sitting/decisions', (c) => submitDecision(kit, c));
}
