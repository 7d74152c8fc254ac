import { KindlingError, invalid } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import { getAward } from '../../core/sparks/awards.js';
import { checkInput } from '../../core/input.js';
import { RecordHeardInput, recordHeard } from '../../core/sparks/follow-ups.js';
import { FollowUpForm, followUpProblems } from './application-form.js';
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
  type PageContext,
  type PageKit,
} from './kit.js';
import { applicantLabels } from './who.js';

const alliance = (c: PageContext) => c.get('actor').allianceId;

/** The follow-up when the person comes back: the date, in person or not, and what changed. */
export function registerFollowUp(kit: PageKit): void {
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
