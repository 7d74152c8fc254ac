import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import { checkInput } from '../../core/input.js';
import { RecordApplicationInput, recordApplication } from '../../core/sparks/applications.js';
import { registerApplicant } from '../../core/sparks/people.js';
import {
  APPLICATION_FORM_FIELD,
  ApplicationForm,
  applicationProblems,
} from './application-form.js';
import { registerFollowUp } from './application-follow-up.js';
import { ApplicationPage } from './application-view.js';
import type { FieldErrors } from './form.js';
import { path } from './format.js';
import {
  dateParts,
  partsOf,
  readDate,
  said,
  text,
  typed,
  typedAmount,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';

/**
 * What a panel member records by hand: an application made in person (registering the person if
 * they are new, with the minimum they choose to give), its page with the whole timeline, and the
 * follow-up when the person comes back. Every answer is judged at once and every problem shown
 * beside its field; nothing is written until all are right, so a mistake never leaves a person on
 * file without their application.
 */
export function applicationRoutes(kit: PageKit): void {
  registerApplicationForm(kit);
  registerFollowUp(kit);
}

const alliance = (c: PageContext) => c.get('actor').allianceId;

/**
 * Every answer judged at once: the use case's own schema judges the answers, and the applicant is
 * found by their reference, or (with their consent) registered after.
 */
async function judgeApplication(kit: PageKit, c: PageContext, form: Form) {
  const parts = dateParts(form, 'receivedOn');
  const date = readDate(parts, 'the date they asked');
  const answers = {
    amountAsked: typedAmount(form.amount),
    purpose: text(form.purpose) ?? '',
    domain: text(form.domain) ?? '',
    receivedOn: date.ok ? date.iso : '',
    notes: text(form.notes) ?? null,
  };
  const checked = checkInput(RecordApplicationInput.omit({ applicantId: true }), answers);
  const errors: FieldErrors = checked.ok ? {} : applicationProblems(checked.problems, answers);
  if (!date.ok) errors[`receivedOn-${date.bad[0] ?? 'day'}`] = date.message;
  const reference = text(form.reference)?.toUpperCase();
  let applicantId: string | null = null;
  if (reference) {
    const known = await applicantByReference(kit, c, reference);
    if (known) applicantId = known.id;
    else
      errors.reference = `No one has the reference ${reference} here: check it, or leave it empty to register someone new`;
  } else if (text(form.consent) !== 'yes')
    errors.consent =
      'Ask the person whether we may keep these details, and tick the box if they agree';
  return { parts, checked, errors, applicantId };
}

/**
 * The alliance's applicant whose SP- reference this is, typed with or without dashes, or null.
 * One read of the applicants' unique reference index: never every applicant. The caller is
 * already checked: panel work records an application, a coordinator sets a person's reminders.
 */
export async function applicantByReference(kit: PageKit, c: PageContext, typedRef: string) {
  const compact = typedRef.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const reference = /^SP[0-9A-Z]{8}$/.test(compact)
    ? `SP-${compact.slice(2, 6)}-${compact.slice(6)}`
    : typedRef.trim().toUpperCase();
  if (!reference) return null;
  return kit.deps.sparks.applicantByReference(alliance(c), reference);
}

/** Registers a new person (once per form key), then records their application. */
async function record(
  kit: PageKit,
  c: PageContext,
  form: Form,
  formKey: string,
  known: string | null,
  input: Omit<RecordApplicationInput, 'applicantId'>,
) {
  let applicantId = known;
  let newReference: string | null = null;
  if (!applicantId) {
    const applicant = await registerApplicant(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      {
        name: text(form.name) ?? null,
        contact: text(form.contact) ?? null,
        consent: true,
      },
      { key: `${formKey}:applicant` },
    );
    applicantId = applicant.id;
    newReference = applicant.reference;
  }
  const application = await recordApplication(
    kit.deps,
    kit.ctx(c),
    alliance(c),
    { applicantId, ...input },
    { key: `${formKey}:application` },
  );
  return { application, newReference };
}

async function submitApplication(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'record applications');
  const form = await c.req.parseBody();
  const values = typed(form);
  const sitting = text(form.sitting) ?? null;
  // One key per form: the registration and the application each run once under it.
  const formKey = text(form.key) ?? kit.deps.ids('form');
  const { parts, checked, errors, applicantId } = await judgeApplication(kit, c, form);
  const again = (problems: FieldErrors, status: 409 | 422 = 422) =>
    kit.page(
      c,
      { title: 'Record an application', hasErrors: true, back: { href: '/sparks' } },
      <ApplicationForm
        values={values}
        date={parts}
        errors={problems}
        sitting={sitting}
        formKey={formKey}
      />,
      status,
    );
  if (Object.keys(errors).length || !checked.ok) return again(errors);
  try {
    const { application, newReference } = await record(
      kit,
      c,
      form,
      formKey,
      applicantId,
      checked.input,
    );
    if (sitting)
      return c.redirect(
        `${path`/sparks/sittings/${sitting}`}?recorded=${encodeURIComponent(application.id)}#${application.id}`,
        303,
      );
    return c.redirect(
      `${path`/sparks/applications/${application.id}`}${newReference ? `?reference=${encodeURIComponent(newReference)}` : '?recorded=1'}`,
      303,
    );
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
    const field = error.fields[0]?.path;
    const id =
      field === 'receivedOn' ? 'receivedOn-day' : (APPLICATION_FORM_FIELD[field ?? ''] ?? 'amount');
    return again({ [id]: said(error) });
  }
}

function registerApplicationForm(kit: PageKit): void {
  kit.get('/sparks/applications/new', (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record applications');
    const sitting = c.req.query('sitting') ?? null;
    return kit.page(
      c,
      {
        title: 'Record an application',
        back: sitting ? { href: path`/sparks/sittings/${sitting}` } : { href: '/sparks' },
      },
      <ApplicationForm
        values={{}}
        date={partsOf(isoDateOf(kit.deps.clock()))}
        errors={{}}
        sitting={sitting}
        formKey={kit.deps.ids('form')}
      />,
    );
  });

  kit.post('/sparks/applications', (c) => submitApplication(kit, c));

  kit.get('/sparks/applications/:application', (c) =>
    ApplicationPage(kit, c, c.req.param('application')!),
  );
}
