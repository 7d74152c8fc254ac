import type { z } from '@hono/zod-openapi';
import {
  getAccount,
  getEntry,
  listAccounts,
  openAccount,
  postEntry,
  reverseEntry,
  type PostEntryInput,
} from '../../core/ledger/ledger.js';
import { postEntryBatch } from '../../core/ledger/batch.js';
import { listPostings, trialBalance } from '../../core/ledger/reports.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { onceFrom } from '../idempotency.js';
import type { Entry } from '../schemas.js';
import type { Handlers } from './kit.js';
import type { BatchReceipt, PostEntryBody } from './ledger-schemas.js';
import { ledgerRouteDefs as routes } from './ledger-routes.js';

/** An old-style page (`nextCursor`) with the house `next` as well. */
const withNext = <T extends { nextCursor: string | null }>(page: T) => ({
  ...page,
  next: page.nextCursor,
});

/**
 * An entry as the ledger takes it, its keys written in sorted order: the idempotency fingerprint
 * (canonical JSON) is then what JSON.stringify writes, flat, with no sorting and no rope to copy.
 */
function entryInput(body: z.infer<typeof PostEntryBody>): PostEntryInput {
  return {
    description: body.description,
    effectiveDate: body.effectiveDate,
    postings: body.postings.map((p) => ({ account: p.account, amountMinor: p.amount })),
    reasonCode: body.reasonCode,
  };
}

const handlers: Handlers<typeof routes, AppDeps> = {
  openAccount: (deps) => async (c) => {
    const { created, account } = await openAccount(
      deps,
      serviceContext(c, deps),
      c.req.valid('json'),
      onceFrom(c),
    );
    return c.json(account, created ? 201 : 200);
  },
  listAccounts: (deps) => async (c) => {
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
  getAccount: (deps) => async (c) =>
    c.json(
      await getAccount(
        deps,
        serviceContext(c, deps),
        c.req.valid('param').code,
        c.req.valid('query').asOf ?? null,
      ),
      200,
    ),
  postings: (deps) => async (c) => {
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
  postEntry: (deps) => async (c) => {
    const input = entryInput(c.req.valid('json'));
    const outcome = await postEntry(
      deps,
      serviceContext(c, deps),
      input,
      c.req.header('idempotency-key'),
    );
    if (outcome.replayed) c.header('idempotent-replayed', 'true');
    return c.json(outcome.body as z.infer<typeof Entry>, 201);
  },
  postBatch: (deps) => async (c) => {
    const input = { entries: c.req.valid('json').entries.map(entryInput) };
    const outcome = await postEntryBatch(
      deps,
      serviceContext(c, deps),
      input,
      c.req.header('idempotency-key'),
    );
    if (outcome.replayed) c.header('idempotent-replayed', 'true');
    return c.json(outcome.body as z.infer<typeof BatchReceipt>, 201);
  },
  getEntry: (deps) => async (c) =>
    c.json(await getEntry(deps, serviceContext(c, deps), c.req.valid('param').id), 200),
  reverse: (deps) => async (c) => {
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
  trialBalance: (deps) => async (c) =>
    c.json(
      await trialBalance(deps, serviceContext(c, deps), c.req.valid('query').asOf ?? null),
      200,
    ),
};

/** Accounts, entries and the trial balance. */
export function ledgerRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(routes.openAccount, handlers.openAccount(deps))
    .openapi(routes.listAccounts, handlers.listAccounts(deps))
    .openapi(routes.getAccount, handlers.getAccount(deps))
    .openapi(routes.postings, handlers.postings(deps))
    .openapi(routes.postEntry, handlers.postEntry(deps))
    .openapi(routes.postBatch, handlers.postBatch(deps))
    .openapi(routes.getEntry, handlers.getEntry(deps))
    .openapi(routes.reverse, handlers.reverse(deps))
    .openapi(routes.trialBalance, handlers.trialBalance(deps));
}
