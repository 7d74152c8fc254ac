import { PAYMENT_LIMITS } from '../../core/sparks/awards.js';
import type { FieldErrors } from './form.js';
import { inWords } from './format.js';

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
