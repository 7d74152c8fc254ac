import { z } from '@hono/zod-openapi';
import { DISBURSEMENT_METHODS, DOMAINS } from '../core/sparks/model.js';
import { Day, Instant, Money, Ref, listOf, pageOf } from './schemas-views.js';

/**
 * The Small Sparks answers, one schema per view in src/core/sparks. A field the redaction policy
 * may leave out for a role (src/core/redaction.ts) is optional: absent, never blanked.
 */

export const Domain = z.enum(DOMAINS).openapi({ description: 'Recovery-capital domain' });
const Words = z.string().nullable();

export const AllianceView = z
  .strictObject({
    id: z.string().openapi({ example: 'crawley' }),
    name: z.string(),
    grantCeiling: Money,
    grantFloor: Money,
    followUpDays: z.number().int(),
    quorum: z.number().int(),
    livedExperienceMajority: z.boolean(),
    allowAwardWhenOverdue: z.boolean(),
    timeZone: z.string().openapi({ example: 'Europe/London' }),
    bankName: z.string().nullable(),
    bankAccountEnding: z.string().nullable(),
    contactLine: z.string().nullable(),
    retentionYears: z.number().int(),
    accounts: z.strictObject({ bank: z.string(), fund: z.string() }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi('Alliance');

export const ReceiptView = z
  .strictObject({
    id: Ref('rcp_01jd3k7x2m8q'),
    funder: z.string(),
    amount: Money,
    receivedOn: Day,
    reference: z.string().nullable(),
    restricted: z.boolean(),
    entryId: Ref('ent_01jd3k7x2m8q'),
  })
  .openapi('Receipt');
export const ReceiptList = listOf(ReceiptView);
export const ReceiptPage = pageOf(ReceiptView);

export const FundSummary = z
  .strictObject({
    allianceId: z.string(),
    received: Money,
    receivedRestricted: Money,
    awarded: Money,
    paid: Money,
    committed: Money,
    cancelled: Money,
    returned: Money,
    adjustments: Money,
    available: Money,
  })
  .openapi('FundSummary');

export const PanelMemberView = z
  .strictObject({
    id: Ref('pnm_01jd3k7x2m8q'),
    name: z.string().nullable(),
    livedExperience: z.boolean(),
    retiredOn: Day.nullable(),
  })
  .openapi('PanelMember');
export const PanelMemberPage = pageOf(PanelMemberView);

export const ApplicantView = z
  .strictObject({
    id: Ref('apl_01jd3k7x2m8q'),
    reference: z.string().openapi({ example: 'SP-7KQ2-M9XP' }),
    erased: z.boolean(),
    createdAt: Instant,
    name: Words.optional(),
    contact: Words.optional(),
    consentRecordedAt: Instant.nullable().optional(),
  })
  .openapi('Applicant');
export const ApplicantPage = pageOf(ApplicantView);

const applicationFields = {
  id: Ref('app_01jd3k7x2m8q'),
  applicantId: z.string(),
  amountAsked: Money,
  domain: Domain,
  receivedOn: Day,
  status: z.enum(['received', 'deferred', 'awarded', 'declined', 'withdrawn']),
  recordedBy: z.string().openapi({ description: 'The token that recorded it' }),
  purpose: Words.optional(),
  notes: Words.optional(),
};
export const ApplicationView = z.strictObject(applicationFields).openapi('Application');
export const ApplicationPage = pageOf(ApplicationView);

export const DecisionView = z
  .strictObject({
    id: Ref('dec_01jd3k7x2m8q'),
    sittingId: z.string(),
    outcome: z.enum(['award', 'decline', 'defer']),
    amount: Money.nullable(),
    decidedOn: Day,
    decidingMembers: z.number().int(),
    livedExperienceMembers: z.number().int(),
  })
  .openapi('Decision');

export const FollowUpView = z
  .strictObject({
    awardId: z.string(),
    dueOn: Day,
    state: z.enum(['due', 'overdue', 'heard', 'waived']),
    heardOn: Day.nullable(),
    inPerson: z.boolean().nullable(),
    domainsImproved: z.array(Domain).nullable(),
    difference: Words.optional(),
    waivedReason: Words.optional(),
  })
  .openapi('FollowUp');

const awardFields = {
  id: Ref('awd_01jd3k7x2m8q'),
  applicationId: z.string(),
  applicantId: z.string(),
  amount: Money,
  domain: Domain,
  awardedOn: Day,
  status: z.enum(['awaiting payment', 'part-paid', 'paid', 'cancelled']),
  paid: Money,
  outstanding: Money,
  cancelled: Money,
  returned: Money,
  cancelledOn: Day.nullable(),
  account: z.string().openapi({ example: 'award:awd_01jd3k7x2m8q' }),
  entryId: z.string(),
  followUp: FollowUpView.nullable(),
  purpose: Words.optional(),
  cancelReason: Words.optional(),
};
export const AwardView = z.strictObject(awardFields).openapi('Award');
export const AwardPage = pageOf(AwardView);

const Method = z.enum(DISBURSEMENT_METHODS as [string, ...string[]]);
export const DisbursementView = z
  .strictObject({
    id: Ref('dsb_01jd3k7x2m8q'),
    awardId: z.string(),
    method: Method,
    supplier: Words.optional(),
    reference: Words.optional(),
    amount: Money,
    paidOn: Day,
    entryId: z.string(),
  })
  .openapi('Disbursement');

export const GrantReturnView = z
  .strictObject({
    id: Ref('grt_01jd3k7x2m8q'),
    awardId: z.string(),
    amount: Money,
    returnedOn: Day,
    entryId: z.string(),
  })
  .openapi('GrantReturn');

export const AwardDetail = z
  .strictObject({
    ...awardFields,
    disbursements: z.array(DisbursementView.omit({ awardId: true })),
    returns: z.array(GrantReturnView.omit({ awardId: true })),
  })
  .openapi('AwardDetail');

export const Cancellation = z
  .strictObject({ awardId: z.string(), cancelledOn: Day, returnedToFund: Money })
  .openapi('Cancellation');

export const DecisionAnswer = z
  .strictObject({ decision: DecisionView, award: AwardView.nullable() })
  .openapi('DecisionAnswer');

export const ApplicationTimeline = z
  .strictObject({
    ...applicationFields,
    decisions: z.array(DecisionView),
    award: AwardView.nullable(),
    timeline: z.array(
      z.strictObject({
        on: Day,
        event: z.enum([
          'received',
          'awarded',
          'declined',
          'deferred',
          'paid',
          'cancelled',
          'returned',
          'heard',
          'follow-up waived',
        ]),
        amount: Money.optional(),
        detail: z.string().optional().openapi({ description: 'How a payment was made' }),
        entryId: z.string().optional(),
      }),
    ),
    daysToDecision: z.number().int().nullable(),
    daysToFirstPayment: z.number().int().nullable(),
  })
  .openapi('ApplicationTimeline');

export const SittingView = z
  .strictObject({
    id: Ref('sit_01jd3k7x2m8q'),
    heldOn: Day,
    members: z.array(z.strictObject({ memberId: z.string(), livedExperience: z.boolean() })),
    conflicts: z.array(z.strictObject({ applicationId: z.string(), memberId: z.string() })),
  })
  .openapi('Sitting');

export const FollowUpList = z
  .strictObject({
    asOf: Day,
    filter: z.enum(['due-soon', 'overdue', 'heard', 'waived', 'due', 'all']),
    items: z.array(FollowUpView),
  })
  .openapi('FollowUpList');

export const FollowUpPage = z
  .strictObject({
    asOf: Day,
    filter: z.enum(['due-soon', 'overdue', 'heard', 'waived', 'due', 'all']),
    items: z.array(FollowUpView),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }),
  })
  .openapi('FollowUpPage');

/** A sitting as the list shows it: the day, how many sat and what they decided. */
export const SittingSummaryPage = pageOf(
  z.strictObject({
    id: z.string(),
    heldOn: Day,
    members: z.number().int(),
    heard: z.number().int(),
    awarded: z.number().int(),
    declined: z.number().int(),
    deferred: z.number().int(),
  }),
);

export const WorkingList = z
  .strictObject({
    asOf: Day,
    counts: z
      .strictObject({
        awaitingDecision: z.number().int(),
        awaitingPayment: z.number().int(),
        followUpsDue: z.number().int(),
      })
      .openapi({ description: 'How many there are in all; each list shows at most `limit`' }),
    awaitingDecision: z.array(
      z.strictObject({ ...applicationFields, waitingDays: z.number().int() }),
    ),
    awaitingPayment: z.array(AwardView),
    followUpsDue: z.array(FollowUpView),
  })
  .openapi('WorkingList');

/** A count from 1 to 4 reads "<5" so no one can be recognised. */
