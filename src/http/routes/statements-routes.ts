import { createRoute, z } from '@hono/zod-openapi';
import { AccountCode, IsoDate, problemResponses } from '../schemas.js';

const security = [{ bearerAuth: [] }];
const tags = ['Statements and exports'];
const errors = problemResponses(401, 403, 404, 422);

const Period = z.object({
  from: IsoDate.optional().openapi({
    description:
      'First day, inclusive. Default: the start of the UK financial year (1 April) that contains `to`, or today.',
  }),
  to: IsoDate.optional().openapi({
    description:
      'Last day, inclusive. Default: the end of the UK financial year (31 March) that contains `from`, or today.',
  }),
});
const CodeParam = z.object({ code: AccountCode.openapi({ param: { name: 'code', in: 'path' } }) });
const AllianceParam = z.object({
  alliance: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: 'alliance', in: 'path' }, example: 'crawley' }),
});

const SEALED =
  'Ends with a seal: the first and last entries of the alliance dated in the period and the chain head (hash) at the last, to check with GET /v1/ledger/verify. ' +
  'The same statement of the same closed period is the same file, byte for byte, all day: only the printed generation date (a day, UTC) follows the clock.';
const pdf = (description: string) => ({
  200: {
    description,
    content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
  },
  ...errors,
});
const text = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: z.string() } } },
  ...errors,
});

/** The statements and exports, as OpenAPI route definitions; handlers are in statements.ts. */
export const statementRoutes = {
  accountStatement: createRoute({
    method: 'get',
    path: '/accounts/{code}/statement.pdf',
    tags,
    summary:
      'Account statement (PDF): brought forward, every posting with a running balance, carried forward',
    description: `For coordinators and auditors, for any account of their alliance. ${SEALED}`,
    security,
    request: { params: CodeParam, query: Period },
    responses: pdf('The statement'),
  }),
  trialBalance: createRoute({
    method: 'get',
    path: '/ledger/trial-balance.pdf',
    tags,
    summary: 'Trial balance at the end of a date (PDF)',
    description: `For coordinators and auditors. The figures of GET /v1/ledger/trial-balance?asOf=. ${SEALED}`,
    security,
    request: {
      query: z.object({ asOf: IsoDate.optional().openapi({ description: 'Default: today' }) }),
    },
    responses: pdf('The trial balance'),
  }),
  fundStatement: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/statements/fund.pdf',
    tags,
    summary:
      'Small Sparks fund statement (PDF): receipts, awards, payments, cancellations, returns, commitments, follow-ups',
    description: `For coordinators, auditors and panel members of the alliance. People appear only by reference: no names, purposes or narratives. ${SEALED}`,
    security,
    request: { params: AllianceParam, query: Period },
    responses: pdf('The fund statement'),
  }),
  grantRegister: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/statements/grant-register.pdf',
    tags,
    summary: 'Small Sparks grant register for a period (PDF)',
    description: `For coordinators, auditors and panel members of the alliance. Every award made in the period by reference, with what was paid, cancelled and handed back by its end. ${SEALED}`,
    security,
    request: { params: AllianceParam, query: Period },
    responses: pdf('The grant register'),
  }),
  postingsCsv: createRoute({
    method: 'get',
    path: '/accounts/{code}/postings.csv',
    tags,
    summary: "An account's postings in a period (CSV)",
    description:
      'For coordinators and auditors. RFC 4180, one line per posting in date order: date, entry_seq, entry_id, line, reason_code, description, amount, balance. ' +
      'Amounts and the running balance are signed, debit positive; the balance starts from the one brought forward. Free text that a spreadsheet would run as a formula is prefixed with an apostrophe.',
    security,
    request: { params: CodeParam, query: Period },
    responses: text('text/csv', 'The postings'),
  }),
  journal: createRoute({
    method: 'get',
    path: '/ledger/journal.hledger',
    tags,
    summary: 'The journal of your alliance in hledger format: every entry, or those of a period',
    description:
      'For coordinators and auditors: check our figures with `hledger -f FILE balance` (or ledger-cli). Account directives with hledger types, then every entry in chain order: ' +
      'date, `*`, the chain position as the code, the description, `entry:` and `reason:` tags, and the postings in GBP, debit positive.',
    security,
    request: { query: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }) },
    responses: text('text/plain', 'The journal'),
  }),
  budgetStatement: createRoute({
    method: 'get',
    path: '/budgets/{budget}/statement.pdf',
    tags,
    summary:
      'Budget statement (PDF): available at the start, every allocation, spend, pool contribution and return, available at the end, spends waiting',
    description: `For the budget's holder, co-holders and broker, and the alliance's coordinators and auditors. An auditor's shows the holder's reference; the holder's own may show their name. ${SEALED}`,
    security,
    request: {
      params: z.object({
        budget: z
          .string()
          .min(1)
          .max(80)
          .openapi({ param: { name: 'budget', in: 'path' }, example: 'bud_01' }),
      }),
      query: Period,
    },
    responses: pdf('The statement'),
  }),
  poolStatement: createRoute({
    method: 'get',
    path: '/pools/{pool}/statement.pdf',
    tags,
    summary:
      "Pool statement (PDF): members' contributions, purchases and how each was shared, shares at the start and end",
    description: `For the pool's coordinator, the alliance's coordinators and auditors (every member), and members (their own share). ${SEALED}`,
    security,
    request: {
      params: z.object({
        pool: z
          .string()
          .min(1)
          .max(80)
          .openapi({ param: { name: 'pool', in: 'path' }, example: 'pol_01' }),
      }),
      query: Period,
    },
    responses: pdf('The statement'),
  }),
};
