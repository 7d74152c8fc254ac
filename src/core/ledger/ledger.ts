import type { Hasher, IdGenerator, ServiceContext } from '../context.js';
import { KindlingError, conflict, invalid, notFound, type FieldProblem } from '../errors.js';
import { runIdempotent, type Once, type Outcome } from '../idempotency.js';
import { formatMinor, sumMinor } from '../money.js';
import { LEDGER_READERS, LEDGER_WRITERS, requireAlliance, requireRole } from '../policy.js';
import { StoreRejection, type BookDates, type Store, type Write } from '../store.js';
import { futureDate, localDate, requireNotFuture } from '../dates.js';
import { sealEntry } from './hash.js';
import {
  ACCOUNT_TYPES,
  LIMITS,
  isAccountCode,
  isIsoDate,
  normalBalanceMinor,
  type Account,
  type AccountType,
  type Entry,
  type PostingLine,
} from './model.js';
import { accountView, entryView } from './views.js';

export interface LedgerDeps {
  store: Store;
  hasher: Hasher;
  ids: IdGenerator;
}

// ---------------------------------------------------------------------------------------------
// Accounts

export interface OpenAccountInput {
  code: string;
  type: AccountType;
  allowNegative?: boolean | undefined;
  name?: string | null | undefined;
}

/**
 * Opens an account, or returns the existing one when it was already opened with the same type
 * and rule: opening is idempotent by code. Accounts opened by hand live under the alliance's own
 * prefix (`alliance:<id>:…`); per-thing accounts (awards, budgets) are opened by their use cases.
 */
export async function openAccount(
  deps: LedgerDeps,
  ctx: ServiceContext,
  input: OpenAccountInput,
  once?: Once,
): Promise<{ created: boolean; account: ReturnType<typeof accountView> }> {
  requireRole(ctx.actor, LEDGER_WRITERS, 'open accounts');
  const prefix = `alliance:${ctx.actor.allianceId}:`;
  if (!isAccountCode(input.code)) {
    throw invalid(
      'invalid_account_code',
      'Account codes are 2 to 8 colon-separated segments of lowercase letters, digits, "-" and "_".',
      [{ path: 'code', message: 'not a valid account code' }],
    );
  }
  if (!input.code.startsWith(prefix)) {
    throw invalid(
      'account_outside_alliance',
      `Accounts opened by hand must start with "${prefix}".`,
      [{ path: 'code', message: `must start with ${prefix}` }],
    );
  }
  if (!ACCOUNT_TYPES.includes(input.type))
    throw invalid('invalid_account_type', `type must be one of ${ACCOUNT_TYPES.join(', ')}.`, [
      { path: 'type', message: 'unknown type' },
    ]);
  const wanted = {
    code: input.code,
    type: input.type,
    allowNegative: input.allowNegative ?? false,
    name: input.name ?? null,
  };
  if (!once?.key) return ensureAccount(deps, ctx, wanted);
  // Opening is idempotent by code already; the key adds the replay of the first status (201 or
  // 200) and refuses the same key for another account. Only the code is remembered.
  const outcome = await runIdempotent(
    deps,
    ctx,
    { key: once.key, operation: 'open_account', input: wanted },
    async (remember) => {
      const opened = await ensureAccount(deps, ctx, wanted, (created) => [
        remember({ status: created ? 201 : 200, body: { id: wanted.code } }),
      ]);
      return { status: opened.created ? 201 : 200, body: opened };
    },
  );
  if (!outcome.replayed) return outcome.body as Awaited<ReturnType<typeof ensureAccount>>;
  once.replayed?.();
  const account = await deps.store.getAccount(wanted.code);
  if (!account) throw new Error(`account ${wanted.code} vanished after opening`);
  return { created: outcome.status === 201, account: accountView(account) };
}

/** Shared by every use case that opens per-thing accounts: insert if absent, else compare. */
export async function ensureAccount(
  deps: LedgerDeps,
  ctx: ServiceContext,
  wanted: { code: string; type: AccountType; allowNegative: boolean; name: string | null },
  remember: (created: boolean) => Write[] = () => [],
): Promise<{ created: boolean; account: ReturnType<typeof accountView> }> {
  const existing = await deps.store.getAccount(wanted.code);
  if (!existing) {
    await deps.store.commit(() => [
      {
        kind: 'open_account',
        account: { ...wanted, allianceId: ctx.actor.allianceId, createdAt: ctx.now.toISOString() },
      },
      ...remember(true),
    ]);
  }
  const account = existing ?? (await deps.store.getAccount(wanted.code));
  if (!account) throw new Error(`account ${wanted.code} vanished after opening`);
  if (account.allianceId !== ctx.actor.allianceId) {
    throw conflict(
      'account_code_taken',
      'Account code taken',
      'That account code is already in use.',
    );
  }
  if (account.type !== wanted.type || account.allowNegative !== wanted.allowNegative) {
    throw conflict(
      'account_exists_differently',
      'Account already exists with other settings',
      `Account ${account.code} is already open as ${account.type} (allowNegative: ${account.allowNegative}). Opening is idempotent only with the same type and rule.`,
    );
  }
  const remembered = existing ? remember(false) : [];
  if (remembered.length) await deps.store.commit(() => remembered);
  return { created: !existing, account: accountView(account) };
}

export async function getAccount(
  deps: LedgerDeps,
  ctx: ServiceContext,
  code: string,
  asOf: string | null,
) {
  const account = await readableAccount(deps, ctx, code); // scope before role
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  if (asOf === null) return accountView(account);
  if (!isIsoDate(asOf))
    throw invalid('invalid_date', 'asOf must be a date written YYYY-MM-DD.', [
      { path: 'asOf', message: 'not a date' },
    ]);
  return accountView(account, await deps.store.balanceAsOf(account.id, asOf), asOf);
}

export async function listAccounts(
  deps: LedgerDeps,
  ctx: ServiceContext,
  query: { prefix: string; after: string | null; limit: number },
) {
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  const rows = await deps.store.listAccounts({ allianceId: ctx.actor.allianceId, ...query });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((a) => accountView(a)),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.code : null,
  };
}

export async function readableAccount(
  deps: LedgerDeps,
  ctx: ServiceContext,
  code: string,
): Promise<Account> {
  const account = await deps.store.getAccount(code);
  if (!account) throw notFound('account_not_found', `No account ${code} in your alliance.`);
  requireAlliance(ctx.actor, account.allianceId, 'account', 'account_not_found');
  return account;
}

// ---------------------------------------------------------------------------------------------
// Journal entries

export interface PostEntryInput {
  effectiveDate: string;
  description: string;
  reasonCode: string;
  postings: { account: string; amountMinor: number }[];
}

export interface EntryDraft {
  allianceId: string;
  effectiveDate: string;
  description: string;
  reasonCode: string;
  reversesEntryId: string | null;
  postings: { accountCode: string; amountMinor: number }[];
}

/** Checks that a set of postings can form an entry at all: the invariants of double entry. */
export function checkPostings(
  postings: { accountCode: string; amountMinor: number }[],
  path = 'postings',
): void {
  const fields: FieldProblem[] = [];
  if (postings.length < 2) fields.push({ path, message: 'an entry needs at least two postings' });
  if (postings.length > LIMITS.postingsPerEntry)
    fields.push({ path, message: `an entry may have at most ${LIMITS.postingsPerEntry} postings` });
  postings.forEach((p, i) => {
    if (!Number.isSafeInteger(p.amountMinor))
      fields.push({ path: `${path}.${i}.amount`, message: 'not a whole number of pence' });
    else if (p.amountMinor === 0)
      fields.push({ path: `${path}.${i}.amount`, message: 'a posting of zero moves nothing' });
    if (!isAccountCode(p.accountCode))
      fields.push({ path: `${path}.${i}.account`, message: 'not a valid account code' });
  });
  if (fields.length)
    throw invalid(
      'invalid_postings',
      fields.map((f) => `${f.path}: ${f.message}`).join('; '),
      fields,
    );
  const total = sumMinor(postings.map((p) => p.amountMinor));
  if (total !== 0) {
    throw invalid(
      'entry_unbalanced',
      `The postings must sum to exactly zero (debits positive, credits negative); they sum to ${formatMinor(total)}.`,
      [{ path, message: `sums to ${formatMinor(total)}, not 0.00` }],
    );
  }
}

/**
 * Commits one entry (plus any other writes of the same business event) as one atomic batch and
 * returns the sealed entry. Translates the database's refusals into domain errors.
 */
export async function commitEntry(
  deps: LedgerDeps,
  ctx: ServiceContext,
  draft: EntryDraft,
  withWrites: (entry: Entry) => Write[] = () => [],
  books: BookDates | null = null,
): Promise<Entry> {
  checkPostings(draft.postings);
  await checkEntryDate(deps, ctx, draft, books);
  const id = deps.ids('ent');
  let sealed: Entry | null = null;
  try {
    await deps.store.commit((head) => {
      const postings: PostingLine[] = draft.postings.map((p, i) => ({
        line: i + 1,
        accountCode: p.accountCode,
        amountMinor: p.amountMinor,
      }));
      sealed = sealEntry(deps.hasher, head, {
        id,
        allianceId: draft.allianceId,
        effectiveDate: draft.effectiveDate,
        recordedAt: ctx.now.toISOString(),
        description: draft.description,
        actor: ctx.actor.tokenId,
        reasonCode: draft.reasonCode,
        reversesEntryId: draft.reversesEntryId,
        postings,
      });
      return [...withWrites(sealed), { kind: 'entry', entry: sealed }];
    });
  } catch (error) {
    throw await explainRejection(deps, error, draft);
  }
  return sealed!;
}

/** The alliance's today: its local date in its own time zone (London unless it says otherwise). */
export async function todayFor(deps: LedgerDeps, ctx: ServiceContext, allianceId: string) {
  return localDate(ctx.now, (await deps.store.bookDates(allianceId)).timeZone);
}

/**
 * No entry is dated after the alliance's today or on or before its lock date. The database
 * refuses both too (drizzle/0009); reading first only gives the person the dates in words.
 */
async function checkEntryDate(
  deps: LedgerDeps,
  ctx: ServiceContext,
  draft: EntryDraft,
  known: BookDates | null,
): Promise<void> {
  // Dates read with the request's idempotency record are the actor's alliance's.
  const books =
    known && draft.allianceId === ctx.actor.allianceId
      ? known
      : await deps.store.bookDates(draft.allianceId);
  requireNotFuture(draft.effectiveDate, localDate(ctx.now, books.timeZone), 'effectiveDate');
  if (books.lockedThrough !== null && draft.effectiveDate <= books.lockedThrough)
    throw periodClosed(draft.effectiveDate, books.lockedThrough);
}

export function periodClosed(date: string, lockedThrough: string | null) {
  return conflict(
    'period_closed',
    'The books are closed for that date',
    `The books are closed up to ${lockedThrough ?? 'a later date'}, so nothing can be dated ${date}. Correct a mistake with an entry dated in the open period. Nothing was written.`,
    lockedThrough ? { lockedThrough } : {},
  );
}

export async function explainRejection(
  deps: LedgerDeps,
  error: unknown,
  draft: EntryDraft,
): Promise<unknown> {
  if (!(error instanceof StoreRejection)) return error;
  switch (error.reason) {
    case 'balance_rule': {
      const accounts = await deps.store.getAccounts(draft.postings.map((p) => p.accountCode));
      const deltas = new Map<string, number>();
      for (const p of draft.postings)
        deltas.set(p.accountCode, sumMinor([deltas.get(p.accountCode) ?? 0, p.amountMinor]));
      for (const [code, delta] of deltas) {
        const account = accounts.get(code);
        if (!account || account.allowNegative) continue;
        const after = normalBalanceMinor(account, sumMinor([account.balanceMinor, delta]));
        if (after < 0) {
          return conflict(
            'balance_rule_violated',
            'Not enough money in the account',
            `Account ${code} holds ${formatMinor(normalBalanceMinor(account, account.balanceMinor))} and may not go below zero; this entry would take it to ${formatMinor(after)}. Nothing was written.`,
            {
              account: code,
              available: formatMinor(normalBalanceMinor(account, account.balanceMinor)),
            },
          );
        }
      }
      return conflict(
        'balance_rule_violated',
        'Not enough money in the account',
        'An account in this entry would go below zero. Nothing was written.',
      );
    }
    case 'balance_rule_at_date':
      return conflict(
        'balance_rule_violated',
        'Not enough money in the account on that date',
        `An account in this entry would go below zero on ${draft.effectiveDate} or on a later date: money dated after ${draft.effectiveDate} was already relied on. Date the entry later, or bring money in first. Nothing was written.`,
        { effectiveDate: draft.effectiveDate },
      );
    case 'period_closed':
      return periodClosed(
        draft.effectiveDate,
        (await deps.store.bookDates(draft.allianceId)).lockedThrough,
      );
    case 'future_date':
      return futureDate('effectiveDate', draft.effectiveDate, 'the date it was recorded');
    case 'already_reversed':
      return conflict(
        'already_reversed',
        'Entry already reversed',
        `Entry ${draft.reversesEntryId} has already been reversed. Nothing was written.`,
      );
    case 'unknown_account':
      return invalid(
        'unknown_account',
        'An account named in the postings does not exist. Nothing was written.',
        [{ path: 'postings', message: 'unknown account' }],
      );
    case 'cross_alliance':
      return invalid(
        'unknown_account',
        'An account named in the postings does not exist in your alliance. Nothing was written.',
        [{ path: 'postings', message: 'unknown account' }],
      );
    default:
      return error;
  }
}

/** POST /v1/entries: a manual journal entry, for coordinators. */
export async function postEntry(
  deps: LedgerDeps,
  ctx: ServiceContext,
  input: PostEntryInput,
  idempotencyKey: string | null | undefined,
): Promise<Outcome & { replayed: boolean }> {
  requireRole(ctx.actor, LEDGER_WRITERS, 'post journal entries');
  if (!isIsoDate(input.effectiveDate))
    throw invalid(
      'invalid_date',
      'effectiveDate must be a real date written YYYY-MM-DD (2000–2099).',
      [{ path: 'effectiveDate', message: 'not a date' }],
    );
  const postings = input.postings.map((p) => ({
    accountCode: p.account,
    amountMinor: p.amountMinor,
  }));
  checkPostings(postings);
  return runIdempotent(
    deps,
    ctx,
    { key: idempotencyKey, operation: 'post_entry', input, withBookDates: true },
    async (remember, books) => {
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          { allianceId: ctx.actor.allianceId, reversesEntryId: null, ...input, postings },
          (entry) => {
            outcome = { status: 201, body: entryView(entry, ctx.actor) };
            return [remember(outcome)];
          },
          books,
        );
      } catch (error) {
        // The database refuses unknown and other alliances' accounts; only then is it worth a read
        // to say which posting named them.
        if (error instanceof KindlingError && error.code === 'unknown_account')
          await requireAccountsInAlliance(
            deps,
            ctx,
            postings.map((p) => p.accountCode),
          );
        throw error;
      }
      return outcome!;
    },
  );
}

async function requireAccountsInAlliance(
  deps: LedgerDeps,
  ctx: ServiceContext,
  codes: string[],
): Promise<void> {
  const found = await deps.store.getAccounts(codes);
  const missing = codes
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => found.get(code)?.allianceId !== ctx.actor.allianceId);
  if (missing.length) {
    throw invalid(
      'unknown_account',
      `Unknown account: ${missing.map((m) => m.code).join(', ')}. Nothing was written.`,
      missing.map(({ code, i }) => ({
        path: `postings.${i}.account`,
        message: `no account ${code} in your alliance`,
      })),
    );
  }
}

export async function getEntry(deps: LedgerDeps, ctx: ServiceContext, id: string) {
  const entry = await deps.store.getEntry(id);
  if (!entry) throw notFound('entry_not_found', `No entry ${id} in your alliance.`);
  requireAlliance(ctx.actor, entry.allianceId, 'entry', 'entry_not_found');
  requireRole(ctx.actor, LEDGER_READERS, 'read the ledger');
  return entryView(entry, ctx.actor, entry.reversedByEntryId);
}

export interface ReverseEntryInput {
  effectiveDate?: string | undefined;
  reason: string;
}

/** Undoes an entry with its mirror image, linked to it. At most once; a reversal is not itself reversed. */
export async function reverseEntry(
  deps: LedgerDeps,
  ctx: ServiceContext,
  id: string,
  input: ReverseEntryInput,
  idempotencyKey: string | null | undefined,
) {
  // Scope before role: another alliance's entry is not found for every token (README).
  const target = await deps.store.getEntry(id);
  if (target) requireAlliance(ctx.actor, target.allianceId, 'entry', 'entry_not_found');
  requireRole(ctx.actor, LEDGER_WRITERS, 'reverse journal entries');
  const effectiveDate = input.effectiveDate ?? (await todayFor(deps, ctx, ctx.actor.allianceId));
  if (!isIsoDate(effectiveDate))
    throw invalid('invalid_date', 'effectiveDate must be a real date written YYYY-MM-DD.', [
      { path: 'effectiveDate', message: 'not a date' },
    ]);
  return runIdempotent(
    deps,
    ctx,
    { key: idempotencyKey, operation: `reverse_entry:${id}`, input },
    async (remember) => {
      const original = await deps.store.getEntry(id);
      if (!original) throw notFound('entry_not_found', `No entry ${id} in your alliance.`);
      requireAlliance(ctx.actor, original.allianceId, 'entry', 'entry_not_found');
      if (original.reversesEntryId)
        throw conflict(
          'cannot_reverse_reversal',
          'A reversal cannot be reversed',
          `Entry ${id} is itself a reversal of ${original.reversesEntryId}. Post a new entry instead.`,
        );
      if (original.reversedByEntryId)
        throw conflict(
          'already_reversed',
          'Entry already reversed',
          `Entry ${id} was already reversed by ${original.reversedByEntryId}.`,
        );
      let outcome: Outcome | null = null;
      await commitEntry(
        deps,
        ctx,
        {
          allianceId: original.allianceId,
          effectiveDate,
          description: `Reversal of ${original.id}: ${input.reason}`,
          reasonCode: 'reversal',
          reversesEntryId: original.id,
          postings: original.postings.map((p) => ({
            accountCode: p.accountCode,
            amountMinor: -p.amountMinor,
          })),
        },
        (entry) => {
          outcome = { status: 201, body: entryView(entry, ctx.actor) };
          return [remember(outcome)];
        },
      );
      return outcome!;
    },
  );
}
