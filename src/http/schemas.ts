import { z } from '@hono/zod-openapi';
import { PROBLEM_CODES, type ProblemCode } from '../core/problem-codes.js';
import {
  ACCOUNT_CODE_PATTERN,
  ACCOUNT_TYPES,
  LIMITS,
  REASON_CODE_PATTERN,
} from '../core/ledger/model.js';

export {
  Amount,
  AmountInPence,
  IsoDate,
  NonNegativeAmount,
  PositiveAmount,
  amountMinor,
} from '../core/input.js';

export const AccountCode = z
  .string()
  .max(LIMITS.accountCodeChars)
  .regex(ACCOUNT_CODE_PATTERN, 'must be 2 to 8 colon-separated segments of a-z, 0-9, "-" and "_"')
  .openapi({ example: 'alliance:crawley:bank' });

export const AccountType = z
  .enum(ACCOUNT_TYPES as unknown as ['asset', 'liability', 'fund', 'income', 'expense'])
  .openapi({ example: 'asset' });

/** RFC 9457 problem details, with the stable `code` and the request id every refusal carries. */
export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:kindling:problem:balance_rule_violated' }),
    title: z.string().openapi({ example: 'A balance rule refused the entry' }),
    status: z.number().int().min(400).max(599).openapi({ example: 409 }),
    detail: z.string(),
    code: z.enum(PROBLEM_CODES).openapi({ example: 'balance_rule_violated' }),
    requestId: z.string().openapi({ example: 'req_01jd3k7x2m8q' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'The failing fields of a 422' }),
  })
  // A refusal may say more (the quorum it missed, the balance it would break): extra members.
  .catchall(z.unknown())
  .openapi('Problem', {
    description:
      'application/problem+json (RFC 9457). `code` is stable (also the last part of `type`); ' +
      '`detail` is for people; `errors` lists the failing fields of a 422.',
  });

/** One example per status, so a reader of the document sees what a refusal looks like. */
const PROBLEM_EXAMPLES: Record<number, { code: ProblemCode; title: string; detail: string }> = {
  400: {
    code: 'idempotency_key_required',
    title: 'A required header is missing or malformed',
    detail: 'Send an Idempotency-Key header with every request that moves money.',
  },
  401: {
    code: 'unauthenticated',
    title: 'Authentication required',
    detail: 'Send a valid token as "Authorization: Bearer <token>".',
  },
  403: { code: 'forbidden', title: 'Not allowed', detail: 'An auditor may not do this.' },
  404: {
    code: 'account_not_found',
    title: 'Not found',
    detail: 'No account with that identifier in your alliance.',
  },
  409: {
    code: 'balance_rule_violated',
    title: 'A balance rule refused the entry',
    detail: 'alliance:crawley:bank may not go below zero. Nothing was written.',
  },
  422: {
    code: 'validation_failed',
    title: 'The request is not valid',
    detail: 'The request has 1 invalid field: amount must be more than 0.00. Nothing was written.',
  },
  503: {
    code: 'storage_busy',
    title: 'The database is busy',
    detail: 'Try again in a second. Nothing was written.',
  },
};

export const problemExample = (status: number) => {
  const e = PROBLEM_EXAMPLES[status] ?? PROBLEM_EXAMPLES[503]!;
  return {
    type: `urn:kindling:problem:${e.code}`,
    title: e.title,
    status: PROBLEM_EXAMPLES[status] ? status : 503,
    detail: e.detail,
    code: e.code,
    requestId: 'req_01jd3k7x2m8q',
    ...(status === 422 ? { errors: [{ path: 'amount', message: 'must be more than 0.00' }] } : {}),
  };
};

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: {
          'application/problem+json': { schema: Problem, example: problemExample(status) },
        },
      },
    ]),
  );

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request or missing Idempotency-Key',
  401: 'Missing, unknown, expired or revoked token',
  403: 'The token’s role may not do this',
  404: 'Not found in your alliance',
  409: 'Refused by the current state of the books',
  422: 'The request is not valid; `errors` lists the fields',
};

export const Account = z
  .object({
    code: z.string(),
    type: AccountType,
    normalSide: z.enum(['debit', 'credit']),
    allowNegative: z.boolean(),
    name: z.string().nullable(),
    allianceId: z.string(),
    balance: z
      .string()
      .openapi({ description: 'Signed balance, debit positive', example: '-2000.00' }),
    normalBalance: z
      .string()
      .openapi({ description: 'Balance seen from the normal side', example: '2000.00' }),
    asOf: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Account');

export const Entry = z
  .object({
    id: z.string().openapi({ example: 'ent_01jd3k7x2m8q' }),
    seq: z.number().int(),
    allianceId: z.string(),
    effectiveDate: z.string(),
    recordedAt: z.string(),
    description: z.string(),
    actor: z.string(),
    reasonCode: z.string(),
    reversesEntryId: z.string().nullable(),
    reversedByEntryId: z.string().nullable(),
    postings: z.array(z.object({ account: z.string(), amount: z.string() })),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('Entry');

export const ReasonCode = z
  .string()
  .regex(REASON_CODE_PATTERN, 'must be lowercase letters, digits and "_", 2 to 50 long')
  .openapi({ example: 'manual_adjustment' });

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header', required: true },
      description:
        'Required on every request that moves money. Reusing it with the same body returns the first response.',
    }),
});

export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(LIMITS.pageSize)
  .default(LIMITS.defaultPageSize)
  .openapi({ example: 100 });

/** The query of every keyset-paged list: where to start, and how many. */
export const PageQuery = z.object({
  after: z
    .string()
    .max(200)
    .optional()
    .openapi({
      description:
        'The `next` cursor of the page before; leave it out for the first page. Lists answer ' +
        '`{ items, next }`, and `next` is null on the last page.',
    }),
  limit: Limit,
});

/** A page of items and the cursor of the next page (null on the last), as every list answers. */
export const pageResponse = (item: z.ZodType, description: string) => ({
  200: {
    description,
    content: {
      'application/json': {
        schema: z.object({
          items: z.array(item),
          next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }),
        }),
      },
    },
  },
});
