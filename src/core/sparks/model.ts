/** Small Sparks: the scheme's vocabulary and the rows the store keeps. */

/** The recovery-capital domains (seed report 001, section 5) every grant and follow-up is tagged with. */
export const DOMAINS = [
  'housing',
  'health',
  'purposeful-activity',
  'peer-support',
  'friends-family',
  'community',
] as const;
export type Domain = (typeof DOMAINS)[number];

export const DOMAIN_TEXT: Record<Domain, string> = {
  housing: 'Housing',
  health: 'Physical and mental health',
  'purposeful-activity': 'Purposeful activity: education, training, employment',
  'peer-support': 'Peer support',
  'friends-family': 'Friends and family',
  community: 'Community resources and belonging',
};

export interface AllianceSettings {
  grantCeilingMinor: number;
  grantFloorMinor: number;
  followUpDays: number;
  quorum: number;
  livedExperienceMajority: boolean;
  allowAwardWhenOverdue: boolean;
  /** IANA time zone whose local date is the alliance's "today". */
  timeZone: string;
  /** The bank account's identity on statements: the bank's name and the last digits. */
  bankName: string | null;
  bankAccountEnding: string | null;
  /** Who to contact if something on a statement looks wrong (a phone, an email, a name). */
  contactLine: string | null;
  /** Years a person's personal data is kept after their last activity (src/core/privacy/retention.ts). */
  retentionYears: number;
}

export const DEFAULT_SETTINGS: AllianceSettings = {
  grantCeilingMinor: 50_000,
  grantFloorMinor: 1_000,
  followUpDays: 56,
  quorum: 3,
  livedExperienceMajority: true,
  allowAwardWhenOverdue: false,
  timeZone: 'Europe/London',
  bankName: null,
  bankAccountEnding: null,
  contactLine: null,
  retentionYears: 6,
};

export interface Alliance extends AllianceSettings {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export const allianceAccounts = (allianceId: string) => ({
  bank: `alliance:${allianceId}:bank`,
  fund: `alliance:${allianceId}:fund:sparks`,
});
export const awardAccount = (awardId: string) => `award:${awardId}`;

export interface Receipt {
  id: string;
  allianceId: string;
  funder: string;
  amountMinor: number;
  receivedOn: string;
  reference: string | null;
  restricted: boolean;
  entryId: string;
  createdAt: string;
}

export interface PanelMember {
  id: string;
  allianceId: string;
  name: string | null;
  livedExperience: boolean;
  createdAt: string;
  /** The day they stopped sitting on the panel; null while they serve. */
  retiredOn: string | null;
}

export interface Applicant {
  id: string;
  allianceId: string;
  reference: string;
  name: string | null;
  contact: string | null;
  consentRecordedAt: string;
  erasedAt: string | null;
  createdAt: string;
}

export type ApplicationStatus = 'received' | 'deferred' | 'awarded' | 'declined' | 'withdrawn';

export interface Application {
  id: string;
  allianceId: string;
  applicantId: string;
  amountAskedMinor: number;
  purpose: string | null;
  domain: Domain;
  receivedOn: string;
  notes: string | null;
  status: ApplicationStatus;
  recordedBy: string;
  createdAt: string;
}

export interface Sitting {
  id: string;
  allianceId: string;
  heldOn: string;
  recordedBy: string;
  createdAt: string;
  members: { memberId: string; livedExperience: boolean }[];
  conflicts: { applicationId: string; memberId: string }[];
}

export type Outcome = 'award' | 'decline' | 'defer';

export interface Decision {
  id: string;
  allianceId: string;
  applicationId: string;
  sittingId: string;
  outcome: Outcome;
  amountMinor: number | null;
  reason: string | null;
  decidedOn: string;
  decidedBy: string;
  decidingMembers: number;
  livedExperienceMembers: number;
  createdAt: string;
}

export interface Award {
  id: string;
  allianceId: string;
  applicationId: string;
  applicantId: string;
  decisionId: string;
  amountMinor: number;
  purpose: string | null;
  domain: Domain;
  awardedOn: string;
  entryId: string;
  cancelledOn: string | null;
  cancelReason: string | null;
  createdAt: string;
}

export type DisbursementMethod = 'bank_transfer' | 'cash' | 'voucher' | 'supplier_purchase';
export const DISBURSEMENT_METHODS: readonly DisbursementMethod[] = [
  'bank_transfer',
  'cash',
  'voucher',
  'supplier_purchase',
];

export interface Disbursement {
  id: string;
  awardId: string;
  allianceId: string;
  method: DisbursementMethod;
  supplier: string | null;
  reference: string | null;
  amountMinor: number;
  paidOn: string;
  entryId: string;
  recordedBy: string;
  createdAt: string;
}

export interface GrantReturn {
  id: string;
  awardId: string;
  allianceId: string;
  amountMinor: number;
  returnedOn: string;
  entryId: string;
  recordedBy: string;
  createdAt: string;
}

export type FollowUpStatus = 'due' | 'heard' | 'waived';

export interface FollowUp {
  awardId: string;
  allianceId: string;
  dueOn: string;
  status: FollowUpStatus;
  heardOn: string | null;
  inPerson: boolean | null;
  difference: string | null;
  domainsImproved: Domain[] | null;
  waivedReason: string | null;
  recordedBy: string | null;
  updatedAt: string;
}

/** Overdue is computed from the date, never stored: a follow-up still due after its due date. */
export function followUpState(
  followUp: Pick<FollowUp, 'status' | 'dueOn'>,
  today: string,
): 'due' | 'overdue' | 'heard' | 'waived' {
  if (followUp.status !== 'due') return followUp.status;
  return followUp.dueOn < today ? 'overdue' : 'due';
}

/** An award's money as the ledger tells it. */
export interface AwardMoney {
  paidMinor: number;
  returnedMinor: number;
  cancelledMinor: number;
  /** Awarded but not yet paid nor cancelled: the award account's balance. */
  outstandingMinor: number;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
