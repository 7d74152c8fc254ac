import type { KindlingError } from '../../core/errors.js';
import { PAYMENT_LIMITS } from '../../core/sparks/awards.js';
import { CANCEL_REASON_CHARS } from '../../core/sparks/award-changes.js';
import { WAIVE_REASON_CHARS } from '../../core/sparks/follow-ups.js';
import { returnable, type Award, type Job } from './award-action-form.js';
import type { FieldErrors } from './form.js';
import { inWords, pounds } from './format.js';
import { said } from './kit.js';

/**
 * What an award's use case schemas refused, in a coordinator's words, by the form's field: the
 * schema judges the answers once, the page says what to do about them.
 */

/** What the payment schema refused, by the payment form's field. */
export function paymentProblems(
  problems: Map<string, string>,
  answers: { amount: string },
): FieldErrors {
  const errors: FieldErrors = {};
  const amount = problems.get('amount');
  if (amount)
    errors.amount = answers.amount ? inWords(`The amount ${amount}.`) : 'Enter how much is paid';
  if (problems.has('method')) errors.method = 'Choose how it is paid';
  if (problems.has('supplier'))
    errors.supplier = `Who it was bought from must be ${PAYMENT_LIMITS.supplierChars} characters or fewer`;
  if (problems.has('reference'))
    errors.reference = `The reference must be ${PAYMENT_LIMITS.referenceChars} characters or fewer`;
  return errors;
}

/**
 * What the schema of a correction to an award refused, by its form's field. The date is judged
 * by the page first, in the question's own words, so the schema's word on it is not repeated.
 */
export function awardActionProblems(
  job: Job,
  problems: Map<string, string>,
  answers: { reason?: string; amount?: string },
): FieldErrors {
  const errors: FieldErrors = {};
  const amount = problems.get('amount');
  if (amount)
    errors.amount = answers.amount
      ? inWords(`The amount ${amount}.`)
      : 'Enter how much was handed back';
  if (problems.has('reason'))
    errors.reason =
      job === 'cancel'
        ? answers.reason
          ? `Why it is cancelled must be ${CANCEL_REASON_CHARS} characters or fewer`
          : 'Enter why it is cancelled'
        : answers.reason
          ? `Why it is waived must be ${WAIVE_REASON_CHARS} characters or fewer`
          : 'Enter why it is waived';
  return errors;
}

/** Which field of a correction's form a use case's refusal belongs beside. */
export function refusedField(job: Job, error: KindlingError): string {
  const field = error.fields[0]?.path;
  if (field === 'cancelledOn' || field === 'returnedOn' || job === 'extend') return 'on-day';
  if (job === 'return') return 'amount';
  return 'reason';
}

/** A use case's refusal of a correction, in words that say what to do next. */
export function refusalWords(job: Job, error: KindlingError, award: Award): string {
  switch (error.code) {
    case 'return_exceeds_paid': {
      return `Enter ${pounds(returnable(award))} or less: that is what was paid, less what came back already`;
    }
    case 'already_cancelled':
      return 'This award is already cancelled: nothing more to do';
    case 'award_fully_paid':
      return 'This award has been paid in full, so there is nothing left to cancel. If money came back, record it as handed back';
    case 'follow_up_not_extendable':
      return 'This follow-up has been heard or waived, so its date cannot move';
    case 'follow_up_closed':
      return 'This follow-up has already been heard or waived: nothing more to do';
  }
  return job === 'waive' && error.code === 'follow_up_not_found'
    ? 'This award has no follow-up to waive'
    : said(error);
}
