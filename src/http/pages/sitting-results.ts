import { invalid, KindlingError } from '../../core/errors.js';
import { DECISION_TEXT_CHARS } from '../../core/sparks/decisions.js';
import { outcomeLabel } from '../../core/labels.js';
import type { sittingMinutes } from '../../core/sparks/minutes.js';
import { MOST_MEMBERS_AT_SITTING } from '../../core/sparks/sittings.js';
import type { FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { said, type PageContext } from './kit.js';
import type { SittingData } from './sitting-view.js';

/**
 * What a sitting's forms come back with: a refusal in the form's words beside its field, or the
 * confirmation of what was just done, read back from the books.
 */

/** What the sitting schema refused about who was present, in a panel member's words. */
export function sittingProblems(problems: Map<string, string>, memberIds: string[]): FieldErrors {
  if (!problems.has('memberIds')) return {};
  if (memberIds.length === 0) return { members: 'Select everyone who is present' };
  if (memberIds.length > MOST_MEMBERS_AT_SITTING)
    return { members: `Select no more than ${MOST_MEMBERS_AT_SITTING} members` };
  return { members: 'Select from the members listed' };
}

export const OUTCOME_MISSING = 'Choose whether the panel awards, declines or defers';

/** What the decision schema refused, as the refusal the form words beside its field. */
export function decisionRefusal(problems: Map<string, string>): KindlingError {
  const field = (path: string, detail: string) =>
    invalid('validation_failed', detail, [{ path, message: problems.get(path) ?? detail }]);
  if (problems.has('outcome'))
    return new KindlingError('invalid', 'outcome_required', 'Choose', OUTCOME_MISSING, [
      { path: 'outcome', message: OUTCOME_MISSING },
    ]);
  const amount = problems.get('amount');
  if (amount)
    return invalid('invalid_amount', `The amount ${amount}.`, [
      { path: 'amount', message: amount },
    ]);
  if (problems.has('purpose'))
    return field(
      'purpose',
      `What the award is for must be ${DECISION_TEXT_CHARS} characters or fewer.`,
    );
  if (problems.has('reason'))
    return field('reason', `The reason must be ${DECISION_TEXT_CHARS} characters or fewer.`);
  return field([...problems.keys()][0] ?? '(body)', 'Check the answers.');
}

/** A refusal in the words of the form, beside the field it is about. */
export function decisionErrors(
  error: KindlingError,
  applicationId: string,
  outcome: string | undefined,
): FieldErrors {
  const id = (field: string) => `${applicationId}-${field}`;
  switch (error.code) {
    case 'outcome_required':
      return { [id('outcome')]: OUTCOME_MISSING };
    case 'invalid_amount':
      return { [id('amount')]: said(error).replace(/^The amount/, 'The amount to award') };
    case 'amount_out_of_range':
    case 'insufficient_fund':
      return { [id('amount')]: said(error) };
    case 'purpose_required':
      return { [id('purpose')]: 'Enter what the award is for' };
    case 'reason_required':
      return { [id('declineReason')]: 'Enter why the panel declined' };
    case 'member_not_at_sitting':
      return { [id('conflicts')]: 'Select only members who are present' };
  }
  const field = error.fields[0]?.path;
  if (field === 'purpose') return { [id('purpose')]: said(error) };
  if (field === 'reason')
    return { [id(outcome === 'defer' ? 'deferReason' : 'declineReason')]: said(error) };
  return { [id('outcome')]: said(error) };
}

/**
 * What was just done, read back from the books (never from the address alone), as the
 * confirmation at the top of the sitting, with what to do next.
 */
export function doneFor(
  c: PageContext,
  minutes: Awaited<ReturnType<typeof sittingMinutes>>,
  who: (applicantId: string) => string,
): SittingData['done'] {
  const decided = c.req.query('decided');
  const conflict = c.req.query('conflict');
  const recorded = c.req.query('recorded');
  const sittingPath = path`/sparks/sittings/${minutes.sitting.id}`;
  const decideNext = { href: `${sittingPath}#waiting`, label: 'Decide the next application' };
  const minutesLink = { href: `${sittingPath}/minutes`, label: 'Read the minutes so far' };
  if (decided) {
    const d = minutes.decisions.findLast((x) => x.applicationId === decided);
    if (!d) return null;
    return {
      title:
        d.outcome === 'award'
          ? 'Grant awarded'
          : `Application ${outcomeLabel(d.outcome).toLowerCase()}`,
      body: `${d.amount ? `${pounds(d.amount)} to ` : ''}${who(d.applicantId)}`,
      links: [
        d.outcome === 'award' && {
          href: path`/sparks/applications/${d.applicationId}`,
          label: 'See the award',
        },
        decideNext,
        minutesLink,
      ].filter((l): l is { href: string; label: string } => !!l),
    };
  }
  if (conflict) {
    const last = minutes.conflicts.filter((x) => x.applicationId === conflict).at(-1);
    if (!last) return null;
    return {
      title: 'Conflict of interest recorded',
      body: `${last.memberName ?? 'The member'} does not decide on ${who(last.applicantId)}`,
      links: [
        { href: `${sittingPath}#${conflict}`, label: `Decide on ${who(last.applicantId)}` },
        minutesLink,
      ],
    };
  }
  if (recorded) {
    return {
      title: 'Application recorded',
      body: 'It is waiting for a decision at this sitting',
      links: [
        { href: `${sittingPath}#${recorded}`, label: 'Decide on it now' },
        {
          href: `/sparks/applications/new?sitting=${encodeURIComponent(minutes.sitting.id)}`,
          label: 'Record another application made at this sitting',
        },
      ],
    };
  }
  if (c.req.query('opened'))
    return {
      title: 'Panel sitting opened',
      body: `${longDate(minutes.sitting.heldOn)}: ${minutes.members.length} present`,
      links: [
        { href: `${sittingPath}#waiting`, label: 'Decide the applications waiting' },
        {
          href: `/sparks/applications/new?sitting=${encodeURIComponent(minutes.sitting.id)}`,
          label: 'Record an application made at this sitting',
        },
      ],
    };
  return null;
}
