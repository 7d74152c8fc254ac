import type { ControlMode, SpendStatus } from './budgets/model.js';
import { DOMAIN_TEXT, type DisbursementMethod, type Domain } from './sparks/model.js';

/**
 * Codes in words: the one place where `purposeful-activity`, `bank_transfer` or `joint` become
 * what a person reads. Pages, PDFs and CSVs all take their wording from here, so a code never
 * reaches a reader and the same thing is called the same everywhere. Unknown codes (a stream's
 * own spending category, say) fall back to the code with its dashes and underscores as spaces,
 * never to a blank.
 */

const plain = (code: string) => {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const pick =
  <K extends string>(words: Record<K, string>) =>
  (code: string | null | undefined): string =>
    code ? ((words as Record<string, string>)[code] ?? plain(code)) : '';

/** The recovery-capital domains (also a budget spend's category when it is one of them). */
export const domainLabel = pick<Domain>(DOMAIN_TEXT);

/** A spend's category: a domain in its words, a stream's own category made readable. */
export const categoryLabel = domainLabel;

export const METHOD_TEXT: Record<DisbursementMethod, string> = {
  bank_transfer: 'Bank transfer to the person',
  cash: 'Cash',
  voucher: 'Voucher',
  supplier_purchase: 'Bought from a supplier on their behalf',
};
export const methodLabel = pick(METHOD_TEXT);

export const APPLICATION_STATUS_TEXT = {
  received: 'Waiting for a decision',
  deferred: 'Deferred to a later sitting',
  awarded: 'Awarded',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
} as const;
export const applicationStatusLabel = pick(APPLICATION_STATUS_TEXT);

export const OUTCOME_TEXT = { award: 'Awarded', decline: 'Declined', defer: 'Deferred' } as const;
export const outcomeLabel = pick(OUTCOME_TEXT);

export const FOLLOW_UP_TEXT = {
  due: 'Due',
  overdue: 'Overdue',
  heard: 'Heard',
  waived: 'Waived',
} as const;
export const followUpLabel = pick(FOLLOW_UP_TEXT);

export const AWARD_STATUS_TEXT = {
  'awaiting payment': 'Awarded, not yet paid',
  'part-paid': 'Partly paid',
  paid: 'Paid in full',
  cancelled: 'Cancelled',
} as const;
export const awardStatusLabel = pick(AWARD_STATUS_TEXT);

/** What happened, on an application's timeline. */
export const TIMELINE_TEXT = {
  received: 'Asked in person',
  awarded: 'Awarded',
  declined: 'Declined',
  deferred: 'Deferred',
  paid: 'Paid',
  cancelled: 'Award cancelled',
  returned: 'Money handed back',
  heard: 'Came back to say what difference it made',
  'follow-up waived': 'Follow-up waived',
} as const;
export const timelineLabel = pick(TIMELINE_TEXT);

export const CONTROL_TEXT: Record<ControlMode, string> = {
  self: 'Held by the person alone',
  joint: 'Held jointly with a co-holder',
  managed: 'Managed by a broker',
};
export const controlLabel = pick(CONTROL_TEXT);

export const SPEND_STATUS_TEXT: Record<SpendStatus, string> = {
  approved: 'Paid',
  pending: 'Waiting for approval',
  rejected: 'Not approved',
  withdrawn: 'Withdrawn',
};
export const spendStatusLabel = pick(SPEND_STATUS_TEXT);

export const SPLIT_TEXT = { equal: 'Shared equally', pro_rata: 'Shared in proportion to shares' };
export const splitLabel = pick(SPLIT_TEXT);

export const ROLE_TEXT = {
  coordinator: 'Coordinator',
  panel: 'Panel member',
  auditor: 'Auditor',
  holder: 'Budget holder',
  broker: 'Broker',
} as const;
export const roleLabel = pick(ROLE_TEXT);

/** Initials from a name as the person gave it ("Jo Smith" → "JS", "A.B." → "AB"); never the name. */
export function initialsOf(name: string | null | undefined): string | null {
  if (!name) return null;
  const letters = name
    .split(/[\s.\-']+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return letters.slice(0, 4) || null;
}

/** An applicant as a panel knows them: "SP-7KQ2-M9XD (JS)"; the reference alone without a name. */
export const applicantLabel = (reference: string, name: string | null | undefined) => {
  const letters = initialsOf(name);
  return letters ? `${reference} (${letters})` : reference;
};

/** Why a treasurer posts an entry by hand: the reason code stored, and its words. */
export const MANUAL_REASON_TEXT = {
  manual_adjustment: 'A correction',
  bank_charges: 'Bank charges',
  bank_interest: 'Bank interest',
  opening_balance: 'An opening balance',
} as const;
export type ManualReason = keyof typeof MANUAL_REASON_TEXT;
export const manualReasonLabel = pick(MANUAL_REASON_TEXT);

/** What a reminder was about, and what became of it, for the coordinators' reminders page. */
export const REMINDER_KIND_TEXT = {
  follow_up_due: 'Follow-up due soon',
  follow_up_overdue: 'Follow-up overdue',
  approval_waiting: 'A spend waits for approval',
  period_ending: 'Budget period ending',
} as const;
export const reminderKindLabel = pick(REMINDER_KIND_TEXT);
export const REMINDER_STATUS_TEXT = {
  waiting: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be sent',
  cancelled: 'Not sent (stopped)',
} as const;
export const reminderStatusLabel = pick(REMINDER_STATUS_TEXT);
export const CHANNEL_TEXT = { sms: 'Text message', email: 'Email', none: 'No reminders' } as const;
export const channelLabel = pick(CHANNEL_TEXT);
