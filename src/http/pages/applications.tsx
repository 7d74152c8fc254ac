import { KindlingError, invalid } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import { getAward } from '../../core/sparks/awards.js';
import { checkInput } from '../../core/input.js';
import { RecordApplicationInput, recordApplication } from '../../core/sparks/applications.js';
import { RecordHeardInput, recordHeard } from '../../core/sparks/follow-ups.js';
import { listApplicants, registerApplicant } from '../../core/sparks/people.js';
import {
  APPLICATION_FORM_FIELD,
  ApplicationForm,
  applicationProblems,
  FollowUpForm,
  followUpProblems,
} from './application-form.js';
import { ApplicationPage } from './application-view.js';
import type { FieldErrors } from './form.js';
import { path, pounds } from './format.js';
import {
  dateParts,
  partsOf,
  readDate,
  said,
  text,
  texts,
  typed,
  typedAmount,
  type PageContext,
  type PageKit,
} from './kit.js';
import { applicantLabels } from './who.js';

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

  kit.post('/sparks/applications', async (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record applications');
    const form = await c.req.parseBody();
    const values = typed(form);
    const parts = dateParts(form, 'receivedOn');
    const sitting = text(form.sitting) ?? null;
    // One key per form: the registration and the application each run once under it.
    const formKey = text(form.key) ?? kit.deps.ids('form');
    const date = readDate(parts, 'the date they asked');
    // The use case's own schema judges the answers (the applicant is found or registered after).
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
      const known = (await listApplicants(kit.deps, kit.ctx(c), alliance(c))).items.find(
        (a) => a.reference === reference,
      );
      if (known) applicantId = known.id;
      else
        errors.reference = `No one has the reference ${reference} here: check it, or leave it empty to register someone new`;
    } else if (text(form.consent) !== 'yes')
      errors.consent =
        'Ask the person whether we may keep these details, and tick the box if they agree';

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
        { applicantId, ...checked.input },
        { key: `${formKey}:application` },
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
        field === 'receivedOn'
          ? 'receivedOn-day'
          : (APPLICATION_FORM_FIELD[field ?? ''] ?? 'amount');
      return again({ [id]: said(error) });
    }
  });

  kit.get('/sparks/applications/:application', (c) =>
    ApplicationPage(kit, c, c.req.param('application')!),
  );
}

function registerFollowUp(kit: PageKit): void {
  kit.get('/sparks/awards/:award/follow-up', async (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record follow-ups');
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);
    const who = await applicantLabels(kit, c, [award.applicantId]);
    return kit.page(
      c,
      {
        title: 'They came back',
        back: { href: path`/sparks/applications/${award.applicationId}` },
      },
      <>
        <FollowUpForm
          who={who(award.applicantId)}
          amount={pounds(award.amount)}
          values={{}}
          domains={[]}
          date={partsOf(isoDateOf(kit.deps.clock()))}
          errors={{}}
          action={path`/sparks/awards/${award.id}/follow-up`}
          formKey={kit.deps.ids('form')}
        />
        {c.get('actor').role === 'coordinator' &&
          (award.followUp?.state === 'due' || award.followUp?.state === 'overdue') && (
            <p>
              If they need longer,{' '}
              <a href={path`/sparks/awards/${award.id}/extension`}>move the date</a>. If they will
              not come back,{' '}
              <a href={path`/sparks/awards/${award.id}/waiver`}>waive the follow-up</a>.
            </p>
          )}
      </>,
    );
  });

  kit.post('/sparks/awards/:award/follow-up', async (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record follow-ups');
    const awardId = c.req.param('award')!;
    const form = await c.req.parseBody({ all: true });
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
    const parts = dateParts(form, 'heardOn');
    const date = readDate(parts, 'the date they came back');
    const domains = texts(form.domainsImproved);
    const inPerson = text(form.inPerson);
    // The use case's own schema judges the answers; the page words its problems.
    const answers = {
      heardOn: date.ok ? date.iso : '',
      inPerson: inPerson === 'yes' ? true : inPerson === 'no' ? false : undefined,
      difference: text(form.difference) ?? '',
      domainsImproved: domains,
    };
    const checked = checkInput(RecordHeardInput, answers);
    const errors: FieldErrors = {
      ...(date.ok ? {} : { [`heardOn-${date.bad[0] ?? 'day'}`]: date.message }),
      ...(checked.ok ? {} : followUpProblems(checked.problems, answers)),
    };
    try {
      if (Object.keys(errors).length || !checked.ok)
        throw invalid('validation_failed', 'Check the answers.');
      await recordHeard(kit.deps, kit.ctx(c), alliance(c), awardId, checked.input, {
        key: text(form.key) ?? null,
      });
      return c.redirect(`${path`/sparks/applications/${award.applicationId}`}?heard=1`, 303);
    } catch (error) {
      if (!(error instanceof KindlingError) || error.kind === 'forbidden') throw error;
      if (!Object.keys(errors).length) {
        const field = error.fields[0]?.path;
        errors[field === 'heardOn' ? 'heardOn-day' : (field ?? 'heardOn-day')] = said(error);
      }
      const who = await applicantLabels(kit, c, [award.applicantId]);
      return kit.page(
        c,
        {
          title: 'They came back',
          hasErrors: true,
          back: { href: path`/sparks/applications/${award.applicationId}` },
        },
        <FollowUpForm
          who={who(award.applicantId)}
          amount={pounds(award.amount)}
          values={typed(form)}
          domains={domains}
          date={parts}
          errors={errors}
          action={path`/sparks/awards/${award.id}/follow-up`}
          formKey={text(form.key) ?? kit.deps.ids('form')}
        />,
        error.kind === 'invalid' ? 422 : 409,
      );
    }
  });
}
