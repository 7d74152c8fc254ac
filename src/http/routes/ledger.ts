import { createRoute, z } from '@hono/zod-openapi';
import {
  getAccount,
  getEntry,
  listAccounts,
  openAccount,
  postEntry,
  reverseEntry,
} from '../../core/ledger/ledger.js';
import { BATCH_MAX_ENTRIES, postEntryBatch } from '../../core/ledger/batch.js';
import { listPostings, trialBalance } from '../../core/ledger/reports.js';
import { LIMITS } from '../../core/ledger/model.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { onceFrom, OptionalIdempotencyKey } from '../idempotency.js';
import {
  Account,
  AccountCode,
  AccountType,
  AmountInPence,
  Entry,
  IdempotencyKeyHeader,
  IsoDate,
  Limit,
  ReasonCode,
  problemResponses,
} from '../schemas.js';

const security = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const CodeParam = z.object({ code: AccountCode.openapi({ param: { name: 'code', in: 'path' } }) });
const EntryIdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ent_01jd3k7x2m8q' }),
});

const OpenAccountBody = z
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

const PostEntryBody = z
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

const PostBatchBody = z
  .object({ entries: z.array(PostEntryBody).min(1).max(BATCH_MAX_ENTRIES) })
  .strict()
  .openapi('PostEntryBatch');

const BatchReceipt = z
  .object({
    count: z.number().int(),
    entries: z.array(
      z.object({ id: z.string(), seq: z.number().int(), effectiveDate: z.string() }),
    ),
    head: z.object({ seq: z.number().int(), hash: z.string() }),
  })
  .openapi('EntryBatchReceipt');

const ReversalBody = z
  .object({ effectiveDate: IsoDate.optional(), reason: z.string().trim().min(1).max(200) })
  .strict()
  .openapi('Reversal');

const TrialBalance = z
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

/**
 * Accounts and postings were paged before the house shape: `cursor` in, `nextCursor` out. They
 * take `after` and answer `next` too, as every list does, and keep the old names for clients.
 */
const Next = z.string().nullable().openapi({ description: 'Pass as `after` for the next page' });
const withNext = <T extends { nextCursor: string | null }>(page: T) => ({
  ...page,
  next: page.nextCursor,
});

export function ledgerRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/accounts',
      tags: ['Accounts'],
      summary: 'Open an account (idempotent by code)',
      security,
      request: {
        headers: OptionalIdempotencyKey,
        body: { required: true, content: { 'application/json': { schema: OpenAccountBody } } },
      },
      responses: {
        201: json(Account, 'Opened'),
        200: json(Account, 'Already open with the same settings'),
        ...problemResponses(401, 403, 409, 422),
      },
    }),
    async (c) => {
      const { created, account } = await openAccount(
        deps,
        serviceContext(c, deps),
        c.req.valid('json'),
        onceFrom(c),
      );
      return c.json(account, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/accounts',
      tags: ['Accounts'],
      summary: 'List accounts by code prefix',
      security,
      request: {
        query: z.object({
          prefix: z.string().max(LIMITS.accountCodeChars).default(''),
          cursor: z.string().max(LIMITS.accountCodeChars).optional(),
          after: z
            .string()
            .max(LIMITS.accountCodeChars)
            .optional()
            .openapi({ description: 'The `next` of the page before (the same as `cursor`)' }),
          limit: Limit,
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(Account), nextCursor: z.string().nullable(), next: Next }),
          'A page of accounts in code order',
        ),
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        withNext(
          await listAccounts(deps, serviceContext(c, deps), {
            prefix: q.prefix,
            after: q.after ?? q.cursor ?? null,
            limit: q.limit,
          }),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/accounts/{code}',
      tags: ['Accounts'],
      summary: 'An account and its balance, now or as of the end of a date',
      security,
      request: { params: CodeParam, query: z.object({ asOf: IsoDate.optional() }) },
      responses: { 200: json(Account, 'The account'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(
        await getAccount(
          deps,
          serviceContext(c, deps),
          c.req.valid('param').code,
          c.req.valid('query').asOf ?? null,
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/accounts/{code}/postings',
      tags: ['Accounts'],
      summary: "An account's postings in date order, keyset-paginated",
      security,
      request: {
        params: CodeParam,
        query: z.object({
          cursor: z.string().max(100).optional(),
          after: z
            .string()
            .max(100)
            .optional()
            .openapi({ description: 'The `next` of the page before (the same as `cursor`)' }),
          limit: Limit,
          from: IsoDate.optional(),
          to: IsoDate.optional(),
        }),
      },
      responses: {
        200: json(
          z.object({
            account: z.string(),
            items: z.array(
              z.object({
                entryId: z.string(),
                line: z.number().int(),
                effectiveDate: z.string(),
                amount: z.string(),
                description: z.string(),
                reasonCode: z.string(),
              }),
            ),
            nextCursor: z.string().nullable(),
            next: Next,
          }),
          'A page of postings; pass next back as after (or nextCursor as cursor)',
        ),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        withNext(
          await listPostings(deps, serviceContext(c, deps), c.req.valid('param').code, {
            cursor: q.after ?? q.cursor ?? null,
            limit: q.limit,
            from: q.from ?? null,
            to: q.to ?? null,
          }),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/entries',
      tags: ['Entries'],
      summary: 'Post a manual journal entry (coordinators)',
      description: 'Two or more postings summing to exactly zero. Needs an Idempotency-Key.',
      security,
      request: {
        headers: IdempotencyKeyHeader,
        body: { required: true, content: { 'application/json': { schema: PostEntryBody } } },
      },
      responses: {
        201: json(Entry, 'Posted (or the original response, replayed)'),
        ...problemResponses(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = {
        ...body,
        postings: body.postings.map((p) => ({
          account: p.account,
          amountMinor: p.amount,
        })),
      };
      const outcome = await postEntry(
        deps,
        serviceContext(c, deps),
        input,
        c.req.header('idempotency-key'),
      );
      if (outcome.replayed) c.header('idempotent-replayed', 'true');
      return c.json(outcome.body as z.infer<typeof Entry>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/entries/batch',
      tags: ['Entries'],
      summary: 'Post up to 1,000 manual entries at once, all or nothing (coordinators)',
      description:
        'For imports and clients catching up. Each entry is checked as `POST /entries` checks one; if any is refused, nothing of the batch is written and the problem names the entry (`entries.N`). The entries join the chain in the order sent. Needs an Idempotency-Key.',
      security,
      request: {
        headers: IdempotencyKeyHeader,
        body: { required: true, content: { 'application/json': { schema: PostBatchBody } } },
      },
      responses: {
        201: json(BatchReceipt, 'Posted (or the original response, replayed)'),
        ...problemResponses(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = {
        entries: body.entries.map((e) => ({
          ...e,
          postings: e.postings.map((p) => ({
            account: p.account,
            amountMinor: p.amount,
          })),
        })),
      };
      const outcome = await postEntryBatch(
        deps,
        serviceContext(c, deps),
        input,
        c.req.header('idempotency-key'),
      );
      if (outcome.replayed) c.header('idempotent-replayed', 'true');
      return c.json(outcome.body as z.infer<typeof BatchReceipt>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/entries/{id}',
      tags: ['Entries'],
      summary: 'A journal entry with its postings and hash',
      security,
      request: { params: EntryIdParam },
      responses: { 200: json(Entry, 'The entry'), ...problemResponses(401, 403, 404) },
    }),
    async (c) =>
      c.json(await getEntry(deps, serviceContext(c, deps), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/entries/{id}/reversal',
      tags: ['Entries'],
      summary: 'Reverse an entry (at most once)',
      security,
      request: {
        params: EntryIdParam,
        headers: IdempotencyKeyHeader,
        body: { required: true, content: { 'application/json': { schema: ReversalBody } } },
      },
      responses: {
        201: json(Entry, 'The reversing entry'),
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const outcome = await reverseEntry(
        deps,
        serviceContext(c, deps),
        c.req.valid('param').id,
        c.req.valid('json'),
        c.req.header('idempotency-key'),
      );
      if (outcome.replayed) c.header('idempotent-replayed', 'true');
      return c.json(outcome.body as z.infer<typeof Entry>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/trial-balance',
      tags: ['Ledger'],
      summary: 'Trial balance of your alliance, now or as of a date',
      security,
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: {
        200: json(TrialBalance, 'Every account with a balance; total debits equal total credits'),
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) =>
      c.json(
        await trialBalance(deps, serviceContext(c, deps), c.req.valid('query').asOf ?? null),
        200,
      ),
  );

  return app;
}
