import { z } from '@hono/zod-openapi';
import { Domain } from './schemas-sparks.js';
import { Day, Instant, Money } from './schemas-views.js';

/** What Small Sparks reports and publishes: the commissioners' figures and the 360Giving package. */
const Count = z.union([z.number().int(), z.string()]).openapi({ example: 12 });
export const SparksReport = z
  .strictObject({
    allianceId: z.string(),
    period: z.strictObject({ from: Day, to: Day }),
    suppressedBelow: z.number().int(),
    applications: Count,
    awarded: Count,
    declined: Count,
    awaitingDecision: Count,
    medianDaysToDecision: z.number().nullable(),
    medianDaysToFirstPayment: z.number().nullable(),
    paid: Money,
    followUps: z.strictObject({
      heard: Count,
      overdue: Count,
      waived: Count,
      heardRate: z.string().nullable().openapi({ example: '52%' }),
    }),
    byDomain: z.record(
      Domain,
      z.strictObject({ awards: Count, paid: z.union([Money, z.literal('suppressed')]) }),
    ),
  })
  .openapi('SparksReport');

const Named = z.strictObject({ id: z.string(), name: z.string() });
/** The 360Giving data package (standard 1.4): only the fields Kindling writes. */
export const Grants360 = z
  .strictObject({
    version: z.string(),
    title: z.string(),
    description: z.string(),
    identifier: z.string(),
    issued: Instant,
    publisher: z.strictObject({ identifier: z.string(), name: z.string() }),
    license: z.string(),
    grants: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        description: z.string(),
        currency: z.literal('GBP'),
        amountAwarded: z.number(),
        amountDisbursed: z.number(),
        awardDate: Day,
        recipientIndividual: Named,
        fundingOrganization: z.array(Named),
        grantProgramme: z.array(z.strictObject({ code: z.string(), title: z.string() })),
        toIndividualsDetails: z.strictObject({
          primaryGrantReason: z.string(),
          grantPurpose: z.array(z.string()),
        }),
      }),
    ),
  })
  .openapi('Grants360Giving');
