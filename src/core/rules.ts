import { type KindlingError, problemFor } from './errors.js';
import { StoreRejection, type SparksRejection as RuleRejection } from './store.js';

/**
 * The problems for refusals raised by domain triggers (Small Sparks and budgets). Each trigger's
 * message is the problem code, so a rule refused by the database reads the same as one the use
 * case caught first; the code's status (src/core/problem-codes.ts) says what kind of refusal.
 */
const PROBLEMS: Record<RuleRejection, { title: string; detail: string }> = {
  not_awaiting_decision: {
    title: 'Application is not awaiting a decision',
    detail: 'This application has already been decided or withdrawn.',
  },
  sitting_not_found: {
    title: 'Unknown sitting',
    detail: 'The sitting is not one of this alliance’s.',
  },
  decided_before_received: {
    title: 'Decision before the application',
    detail: 'The sitting was held before the application was received.',
  },
  decision_counts_mismatch: {
    title: 'The sitting changed',
    detail: 'Members or conflicts changed while deciding; try again.',
  },
  not_quorate: {
    title: 'The sitting is not quorate',
    detail: 'Not enough members without a conflict are present to decide.',
  },
  lived_experience_minority: {
    title: 'Lived experience is not the majority',
    detail: 'People with lived experience of recovery must be the majority of those deciding.',
  },
  amount_out_of_range: {
    title: 'Amount outside the alliance’s limits',
    detail: 'The award must be between the alliance’s floor and ceiling.',
  },
  applicant_overdue_follow_up: {
    title: 'A follow-up is overdue',
    detail:
      'The applicant has an overdue impact follow-up, and this alliance does not make a new award until it is heard or waived.',
  },
  award_without_decision: {
    title: 'No matching decision',
    detail: 'An award needs a matching award decision.',
  },
  already_cancelled: {
    title: 'Award already cancelled',
    detail: 'This award was already cancelled.',
  },
  award_cancelled: {
    title: 'Award cancelled',
    detail: 'This award was cancelled; nothing more can be paid on it.',
  },
  return_exceeds_paid: {
    title: 'More than was paid',
    detail: 'A return cannot exceed what was paid on the award, less what has already come back.',
  },
  follow_up_not_extendable: {
    title: 'Follow-up cannot be moved',
    detail: 'A follow-up can be given a later date only while it is still due.',
  },
  panel_member_retired: {
    title: 'Panel member retired',
    detail: 'This panel member has retired and sits at no sitting held on or after that day.',
  },
  follow_up_closed: {
    title: 'Follow-up already closed',
    detail: 'This follow-up has already been heard or waived.',
  },
  sitting_has_decisions: {
    title: 'Sitting already deciding',
    detail: 'Members cannot be added once the sitting has made decisions.',
  },
  already_decided_at_sitting: {
    title: 'Already decided',
    detail: 'A conflict must be declared before the decision.',
  },
  budget_closed: {
    title: 'Budget closed',
    detail: 'This budget is closed for its period; it takes no more spends.',
  },
  outside_period: {
    title: 'Outside the budget’s period',
    detail: 'The spend’s date is outside the budget’s period.',
  },
  category_forbidden: {
    title: 'Category not allowed by the stream',
    detail: 'The funding stream forbids spending on this category.',
  },
  category_not_allowed: {
    title: 'Category not allowed by the stream',
    detail: 'The funding stream allows only certain categories, and this is not one of them.',
  },
  provider_not_allowed: {
    title: 'Provider not allowed by the stream',
    detail: 'The funding stream allows only certain providers, and this is not one of them.',
  },
  approval_required: {
    title: 'Needs a second approval',
    detail: 'A spend above the stream’s limit waits for a second approval.',
  },
  spend_not_pending: {
    title: 'Spend not pending',
    detail: 'This spend was already approved, rejected or withdrawn.',
  },
  reserve_protected: {
    title: 'The guaranteed minimum is kept for core support',
    detail:
      'The funding stream keeps part of this budget for core support; only core spending can use it.',
  },
  not_a_member: {
    title: 'Not a member of the pool',
    detail: 'This budget is not (or no longer) a member of the pool.',
  },
};

export function ruleProblem(
  code: RuleRejection,
  detail?: string,
  extra: Record<string, unknown> = {},
): KindlingError {
  const p = PROBLEMS[code];
  const text = `${detail ?? p.detail} Nothing was written.`;
  return problemFor(code, p.title, text, extra);
}

/** Turns a refusal raised by a domain trigger into its problem; other errors pass through. */
export function explainRule(error: unknown): unknown {
  if (error instanceof StoreRejection && error.reason in PROBLEMS)
    return ruleProblem(error.reason as RuleRejection);
  return error;
}
