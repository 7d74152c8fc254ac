import { z } from '@hono/zod-openapi';
import { BATCH_MAX_ENTRIES } from '../../core/ledger/batch.js';
import { LIMITS } from '../../core/ledger/model.js';
import { AccountCode, AccountType, AmountInPence, IsoDate, ReasonCode } from '../schemas.js';

/** The bodies and answers of the ledger routes that are named components of the document. */
export const OpenAccountBody = z
  .object({
    code: AccountCode,
    type: AccountType,
    allowNegative: z
      .boolean()
      .optional()
      .openapi({ description: 'May the balance go past zero on its normal side? Default false.' }),
    name: z.string().min(1).max(120).nullable().optional(),
  })
  .strict()
  .openapi('OpenAccount');

export const PostEntryBody = z
  .object({
    effectiveDate: IsoDate,
    description: z.string().trim().min(1).max(LIMITS.descriptionChars),
    reasonCode: ReasonCode,
    postings: z
      .array(z.object({ account: AccountCode, amount: AmountInPence }).strict())
      .min(2)
      .max(LIMITS.postingsPerEntry),
  })
  .strict()
  .openapi('PostEntry');

export const PostBatchBody = z
  .object({ entries: z.array(PostEntryBody).min(1).max(BATCH_MAX_ENTRIES) })
  .strict()
  .openapi('PostEntryBatch');

export const BatchReceipt = z
  .object({
    count: z.number().int(),
    entries: z.array(
      z.object({ id: z.string(), seq: z.number().int(), effectiveDate: z.string() }),
    ),
    head: z.object({ seq: z.number().int(), hash: z.string() }),
  })
  .openapi('EntryBatchReceipt');

export const ReversalBody = z
  .object({ effectiveDate: IsoDate.optional(), reason: z.string().trim().min(1).max(200) })
  .strict()
  .openapi('Reversal');

export const TrialBalance = z
  .object({
    allianceId: z.string(),
    asOf: z.string().nullable(),
    accounts: z.array(
      z.object({ code: z.string(), type: z.string(), debit: z.string(), credit: z.string() }),
    ),
    totalDebits: z.string(),
    totalCredits: z.string(),
    balanced: z.boolean(),
  })
  .openapi('TrialBalance');
