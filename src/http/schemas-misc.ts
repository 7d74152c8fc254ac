import { z } from '@hono/zod-openapi';
import { Day, Instant, Money, pageOf } from './schemas-views.js';

/** Answers of the access log, reminders, the commissioners' report and subject access. */

const Who = z.strictObject({
  tokenId: z.string(),
  tokenName: z.string().nullable(),
  role: z.string(),
});
const Read = {
  at: Instant,
  who: Who,
  route: z.string(),
  what: z.string(),
  subjectId: z.string().nullable(),
};

export const AccessLogPage = z
  .strictObject({
    items: z.array(z.strictObject({ id: z.number().int(), ...Read, requestId: z.string() })),
    nextBefore: z.number().int().nullable(),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }),
  })
  .openapi('AccessLogPage');

export const ContactView = z
  .strictObject({
    subjectId: z.string(),
    reference: z.string(),
    recorded: z.boolean(),
    channel: z.enum(['sms', 'email', 'none']),
    address: z.string().nullable().optional().openapi({ description: 'Coordinators and panel' }),
    consentAt: Instant.nullable(),
    stoppedAt: Instant.nullable(),
  })
  .openapi('ReminderContact');

export const ReplyAnswer = z.strictObject({ stopped: z.boolean() }).openapi('ReminderReply');

export const ReminderPage = pageOf(
  z.strictObject({
    id: z.string(),
    kind: z.enum(['follow_up_due', 'follow_up_overdue', 'approval_waiting', 'period_ending']),
    about: z.string(),
    reference: z.string().optional(),
    subjectId: z.string(),
    status: z.enum(['waiting', 'sent', 'failed', 'cancelled']),
    decidedAt: Instant,
    sentAt: Instant.nullable(),
    channel: z.enum(['sms', 'email', 'none']).nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  }),
).openapi('ReminderPage');

/** A count from 1 to 4 reads "fewer than 5"; money that could tell reads "suppressed". */
const Count = z.union([z.number().int(), z.string()]);
const Shown = z.union([Money, z.string()]);
const Group = z.strictObject({
  cells: z.array(z.strictObject({ key: z.string(), count: Count, amount: Shown })),
  total: z.strictObject({ count: Count, amount: Shown }),
});
export const CommissionersReport = z
  .strictObject({
    allianceId: z.string(),
    allianceName: z.string(),
    period: z.strictObject({ from: Day, to: Day }),
    generatedOn: Day,
    suppressedBelow: z.number().int(),
    budgets: z.strictObject({
      allocatedByStream: Group,
      spentByStream: Group,
      byMode: Group,
      spentByCategory: Group,
      pooling: Group,
    }),
    sparks: z
      .strictObject({
        applications: Group,
        medianDaysToDecision: z.union([z.number(), z.string()]).nullable(),
        medianDaysToFirstPayment: z.union([z.number(), z.string()]).nullable(),
        daysToFirstPayment: Group,
        fundByMonth: z.array(z.strictObject({ asOf: Day, held: Money })),
        paidByDomain: Group,
        followUps: Group,
      })
      .nullable(),
  })
  .openapi('CommissionersReport');

/** Words the redaction policy may leave out (subject access is for coordinators: all shown). */
const Words = z.string().nullable().optional();
const Maybe = Money.nullable();
const AccessLogExtract = z.strictObject({
  items: z.array(z.strictObject(Read)),
  complete: z.boolean(),
});

export const ApplicantSubjectAccess = z
  .strictObject({
    kind: z.literal('applicant'),
    alliance: z.strictObject({ id: z.string(), name: z.string() }),
    generatedAt: Instant,
    subject: z.strictObject({
      id: z.string(),
      reference: z.string(),
      name: Words,
      contact: Words,
      consentRecordedAt: Instant.nullable(),
      registeredAt: Instant,
      erasedAt: Instant.nullable(),
    }),
    applications: z.array(
      z.strictObject({
        id: z.string(),
        receivedOn: Day,
        amountAsked: Maybe,
        purpose: Words,
        notes: Words,
        domain: z.string(),
        status: z.string(),
        decisions: z.array(
          z.strictObject({ decidedOn: Day, outcome: z.string(), amount: Maybe, reason: Words }),
        ),
        award: z
          .strictObject({
            id: z.string(),
            awardedOn: Day,
            amount: Maybe,
            purpose: Words,
            domain: z.string(),
            cancelledOn: Day.nullable(),
            cancelReason: Words,
            payments: z.array(
              z.strictObject({
                paidOn: Day,
                amount: Maybe,
                method: z.string(),
                supplier: Words,
                reference: Words,
              }),
            ),
            returns: z.array(z.strictObject({ returnedOn: Day, amount: Maybe })),
            followUp: z
              .strictObject({
                dueOn: Day,
                status: z.string(),
                heardOn: Day.nullable(),
                inPerson: z.boolean().nullable(),
                difference: Words,
                domainsImproved: z.array(z.string()),
                waivedReason: Words,
              })
              .nullable(),
          })
          .nullable(),
      }),
    ),
    accessLog: AccessLogExtract,
  })
  .openapi('ApplicantSubjectAccess');

export const PersonSubjectAccess = z
  .strictObject({
    kind: z.literal('person'),
    alliance: z.strictObject({ id: z.string(), name: z.string() }),
    generatedAt: Instant,
    subject: z.strictObject({
      id: z.string(),
      reference: z.string(),
      personKind: z.enum(['holder', 'supporter', 'broker']),
      name: Words,
      registeredAt: Instant,
      erasedAt: Instant.nullable(),
    }),
    budgets: z.array(
      z.strictObject({
        id: z.string(),
        periodStart: Day,
        periodEnd: Day,
        controlMode: z.string(),
        status: z.string(),
        closedOn: Day.nullable(),
        spends: z.array(
          z.strictObject({
            id: z.string(),
            spentOn: Day,
            amount: Maybe,
            category: z.string(),
            provider: Words,
            description: Words,
            status: z.string(),
            decisionReason: Words,
          }),
        ),
        movements: z.array(
          z.strictObject({
            effectiveDate: Day,
            account: z.string(),
            amount: Maybe,
            what: z.string(),
            entryId: z.string(),
          }),
        ),
      }),
    ),
    pools: z.array(
      z.strictObject({
        poolId: z.string(),
        pool: z.string(),
        budgetId: z.string(),
        joinedAt: Instant,
        leftAt: Instant.nullable(),
      }),
    ),
    poolPurchases: z.array(
      z.strictObject({
        pool: z.string(),
        boughtOn: Day,
        amount: Maybe,
        theirShare: Maybe,
        category: z.string(),
        provider: Words,
        description: Words,
      }),
    ),
    namedOn: z.array(
      z.strictObject({
        budgetId: z.string(),
        holderReference: z.string(),
        role: z.string(),
        addedAt: Instant,
        removedAt: Instant.nullable(),
        removedReason: Words,
      }),
    ),
    access: z.array(
      z.strictObject({
        kind: z.string(),
        name: z.string().optional(),
        role: z.string(),
        createdAt: Instant,
        lastUsedAt: Instant.nullable(),
        endedAt: Instant.nullable(),
      }),
    ),
    accessLog: AccessLogExtract,
  })
  .openapi('PersonSubjectAccess');
