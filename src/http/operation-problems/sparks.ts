import type { ProblemCode } from '../../core/problem-codes.js';

/** An alliance's Small Sparks, statements, reports, contacts and subject access (see index.ts). */
export const SPARKS_PROBLEMS: Record<string, readonly ProblemCode[]> = {
  'POST /v1/alliances': ['alliance_exists', 'invalid_alliance', 'invalid_amount'],
  'PATCH /v1/alliances/{alliance}': ['invalid_settings'],
  'POST /v1/alliances/{alliance}/receipts': ['future_date', 'invalid_amount', 'period_closed'],
  'POST /v1/alliances/{alliance}/panel-members/{member}/retirement': [
    'future_date',
    'panel_member_retired',
  ],
  'POST /v1/alliances/{alliance}/applicants': ['consent_required'],
  'PATCH /v1/alliances/{alliance}/applicants/{applicant}': ['applicant_erased'],
  'POST /v1/alliances/{alliance}/applications': [
    'applicant_erased',
    'applicant_not_found',
    'invalid_amount',
    'invalid_domain',
  ],
  'POST /v1/alliances/{alliance}/applications/{application}/withdrawal': ['not_awaiting_decision'],
  'POST /v1/alliances/{alliance}/applications/{application}/decision': [
    'amount_out_of_range',
    'applicant_overdue_follow_up',
    'award_without_decision',
    'decided_before_received',
    'decision_counts_mismatch',
    'insufficient_fund',
    'lived_experience_minority',
    'not_awaiting_decision',
    'not_quorate',
    'purpose_required',
    'sitting_not_found',
  ],
  'POST /v1/alliances/{alliance}/sittings': [
    'future_date',
    'invalid_members',
    'panel_member_retired',
    'unknown_member',
  ],
  'POST /v1/alliances/{alliance}/sittings/{sitting}/conflicts': [
    'already_decided_at_sitting',
    'application_not_found',
    'member_not_at_sitting',
  ],
  'POST /v1/alliances/{alliance}/awards/{award}/disbursements': [
    'award_cancelled',
    'exceeds_award',
    'future_date',
    'supplier_required',
  ],
  'POST /v1/alliances/{alliance}/awards/{award}/cancellation': [
    'already_cancelled',
    'award_changed',
    'award_fully_paid',
    'future_date',
  ],
  'POST /v1/alliances/{alliance}/awards/{award}/returns': ['future_date', 'return_exceeds_paid'],
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up': [
    'follow_up_closed',
    'follow_up_not_found',
    'future_date',
  ],
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/waiver': [
    'follow_up_closed',
    'follow_up_not_found',
  ],
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/extension': [
    'follow_up_not_extendable',
    'follow_up_not_found',
    'invalid_date',
  ],
  'GET /v1/alliances/{alliance}/grants.360giving.json': ['nothing_to_publish'],
  'GET /v1/alliances/{alliance}/statements/fund.pdf': ['invalid_period'],
  'GET /v1/alliances/{alliance}/statements/grant-register.pdf': ['invalid_period'],
  'PUT /v1/alliances/{alliance}/contacts/{subject}': ['consent_required', 'invalid_address'],
  'GET /v1/alliances/{alliance}/commissioners-report': ['invalid_period'],
  'GET /v1/alliances/{alliance}/commissioners-report/pdf': ['invalid_period'],
};
