import { createRoute, z } from '@hono/zod-openapi';
import { LIMITS } from '../../core/ledger/model.js';
import { OptionalIdempotencyKey } from '../idempotency.js';
import {
  Account,
  AccountCode,
  Entry,
  IdempotencyKeyHeader,
  IsoDate,
  Limit,
  problemResponses,
} from '../schemas.js';
import {
  BatchReceipt,
  OpenAccountBody,
  PostBatchBody,
  PostEntryBody,
  ReversalBody,
  TrialBalance,
} from './ledger-schemas.js';

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

/**
 * Accounts and postings were paged before the house shape: `cursor` in, `nextCursor` out. They
 * take `after` and answer `next` too, as every list does, and keep the old names for clients.
 */
const Next = z.string().nullable().openapi({ description: 'Pass as `after` for the next page' });

/** The routes of accounts, entries and the trial balance, in the order they are registered. */
export const ledgerRouteDefs = {
  openAccount: createRoute({
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
  listAccounts: createRoute({
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
  getAccount: createRoute({
    method: 'get',
    path: '/accounts/{code}',
    tags: ['Accounts'],
    summary: 'An account and its balance, now or as of the end of a date',
    security,
    request: { params: CodeParam, query: z.object({ asOf: IsoDate.optional() }) },
    responses: { 200: json(Account, 'The account'), ...problemResponses(401, 403, 404, 422) },
  }),
  postings: createRoute({
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
  postEntry: createRoute({
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
  postBatch: createRoute({
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
  getEntry: createRoute({
    method: 'get',
    path: '/entries/{id}',
    tags: ['Entries'],
    summary: 'A journal entry with its postings and hash',
    security,
    request: { params: EntryIdParam },
    responses: { 200: json(Entry, 'The entry'), ...problemResponses(401, 403, 404) },
  }),
  reverse: createRoute({
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
  trialBalance: createRoute({
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
};
