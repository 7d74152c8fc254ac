import { pageOf, type Page } from '../paging.js';
import type { PersonFilter } from './store.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { runIdempotent, type Outcome, createOnce, type Once } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import { inAlliance, requireRole } from '../policy.js';
import type { Write } from '../store.js';
import { allianceAccounts } from '../sparks/model.js';
import { requirePastDate, type BudgetDeps } from './common.js';
import {
  brokerageAccount,
  streamAccount,
  streamCategories,
  type Person,
  type PersonKind,
  type Stream,
} from './model.js';

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
function newReference(prefix: string): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  let text = '';
  for (const b of bytes) text += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
  return `${prefix}-${text.slice(0, 4)}-${text.slice(4)}`;
}

export function personView(p: Person, withName: boolean) {
  return {
    id: p.id,
    reference: p.reference,
    kind: p.kind,
    ...(withName ? { name: p.name } : {}),
    erased: p.erasedAt !== null,
  };
}

/**
 * The alliance's people in reference order, a keyset page at a time, by kind and the start of a
 * reference. Coordinators see names; auditors references and kinds only.
 */
export async function listPeople(
  deps: BudgetDeps,
  ctx: ServiceContext,
  paged: { filter: PersonFilter; page: Page },
) {
  requireRole(ctx.actor, ['coordinator', 'auditor'], 'list the people on budgets');
  const rows = await deps.budgets.pagePeople(ctx.actor.allianceId, paged.filter, paged.page);
  const { items, next } = pageOf(rows, paged.page.limit, (p) => p.reference);
  return { items: items.map((p) => personView(p, ctx.actor.role === 'coordinator')), next };
}

/**
 * A person the budgets know: a holder, a supporter who may co-hold (friend, keyworker, provider)
 * or a broker. Pseudonymous: a reference, and a name only if they want one. Their token is made
 * with `npm run admin -- create-token --role holder|broker --holder <id>`.
 */
export async function registerPerson(
  deps: BudgetDeps,
  ctx: ServiceContext,
  input: { kind: PersonKind; name?: string | null | undefined },
  once?: Once,
) {
  requireRole(ctx.actor, ['coordinator'], 'register budget holders');
  const person: Person = {
    id: deps.ids('per'),
    allianceId: ctx.actor.allianceId,
    reference: newReference('IB'),
    kind: input.kind,
    name: input.name ?? null,
    erasedAt: null,
    createdAt: ctx.now.toISOString(),
  };
  return createOnce<ReturnType<typeof personView>>(
    deps,
    ctx,
    once,
    { operation: 'register_person', input },
    async (remember) => {
      const view = personView(person, true);
      await deps.store.commit(() => [{ kind: 'person', person }, ...remember(view)]);
      return view;
    },
    {
      keep: (view) => ({ id: view.id }),
      reread: async (kept) => {
        const stored = await deps.budgets.getPerson(kept.id);
        if (!stored) throw new Error(`person ${kept.id} remembered but not found`);
        return personView(stored, true);
      },
    },
  );
}

export function streamView(s: Stream, balanceMinor: number | null) {
  return {
    id: s.id,
    name: s.name,
    allowedCategories: s.allowedCategories,
    forbiddenCategories: s.forbiddenCategories,
    extraCategories: s.extraCategories,
    allowedProviders: s.allowedProviders,
    approvalLimit: formatMinor(s.approvalLimitMinor),
    topSlicePercent: `${Math.floor(s.topSliceBasisPoints / 100)}.${String(s.topSliceBasisPoints % 100).padStart(2, '0')}`,
    periodEndRule: s.periodEndRule,
    reserve: {
      amount: formatMinor(s.reserveMinor),
      coreCategories: s.coreCategories,
      coreProviders: s.coreProviders,
      releasedAt: 'period_end' as const,
    },
    account: streamAccount(s.id),
    ...(balanceMinor === null ? {} : { available: formatMinor(balanceMinor) }),
  };
}

export type StreamInput = Omit<Stream, 'id' | 'allianceId' | 'createdAt'>;

/**
 * A reserve must name what it is kept for, and only what the stream can pay for: a core category
 * the stream forbids would make the reserve money that nothing can ever spend.
 */
function checkReserve(input: StreamInput): void {
  if (input.reserveMinor < 0)
    throw invalid('invalid_amount', 'The reserve cannot be negative.', [
      { path: 'reserve', message: 'negative' },
    ]);
  if (input.reserveMinor > 0 && !input.coreCategories.length && !input.coreProviders.length)
    throw invalid(
      'reserve_without_core',
      'A reserve is kept for core support: name the core categories or providers it is for.',
      [{ path: 'coreCategories', message: 'required with a reserve' }],
    );
  const known = streamCategories(input);
  const unpayable = input.coreCategories.filter(
    (c) =>
      !known.includes(c) ||
      input.forbiddenCategories.includes(c) ||
      (input.allowedCategories.length > 0 && !input.allowedCategories.includes(c)),
  );
  if (unpayable.length)
    throw invalid(
      'contradictory_rules',
      `Core categories this stream cannot pay for: ${unpayable.join(', ')}.`,
      [{ path: 'coreCategories', message: 'not payable by this stream' }],
    );
  const outside = input.allowedProviders
    ? input.coreProviders.filter((p) => !input.allowedProviders!.includes(p))
    : [];
  if (outside.length)
    throw invalid(
      'contradictory_rules',
      `Core providers this stream does not allow: ${outside.join(', ')}.`,
      [{ path: 'coreProviders', message: 'not an allowed provider' }],
    );
}

/** A funding stream (treatment, housing, employment…) with its spending rules and its own account. */
export async function createStream(
  deps: BudgetDeps,
  ctx: ServiceContext,
  input: StreamInput,
  once?: Once,
) {
  requireRole(ctx.actor, ['coordinator'], 'create funding streams');
  if (input.topSliceBasisPoints < 0 || input.topSliceBasisPoints > 5000)
    throw invalid('invalid_top_slice', 'The brokerage top-slice is between 0% and 50%.', [
      { path: 'topSlicePercent', message: 'out of range' },
    ]);
  if (input.approvalLimitMinor < 0)
    throw invalid('invalid_amount', 'The approval limit cannot be negative.', [
      { path: 'approvalLimit', message: 'negative' },
    ]);
  const overlap = input.allowedCategories.filter((c) => input.forbiddenCategories.includes(c));
  if (overlap.length)
    throw invalid(
      'contradictory_rules',
      `Categories both allowed and forbidden: ${overlap.join(', ')}.`,
      [{ path: 'forbiddenCategories', message: 'overlaps allowedCategories' }],
    );
  checkReserve(input);
  const stream: Stream = {
    id: deps.ids('str'),
    allianceId: ctx.actor.allianceId,
    ...input,
    createdAt: ctx.now.toISOString(),
  };
  const now = ctx.now.toISOString();
  const view = streamView(stream, 0);
  return createOnce<typeof view>(
    deps,
    ctx,
    once,
    { operation: 'create_stream', input },
    async (remember) => {
      await deps.store.commit(() => [...streamWrites(stream, now), ...remember(view)]);
      return view;
    },
  );
}

/** The stream and the accounts it needs: its own fund, the brokerage income and the bank. */
function streamWrites(stream: Stream, now: string): Write[] {
  return [
    { kind: 'stream', stream },
    {
      kind: 'open_account',
      account: {
        code: streamAccount(stream.id),
        type: 'fund',
        allowNegative: false,
        allianceId: stream.allianceId,
        name: stream.name,
        createdAt: now,
      },
    },
    {
      kind: 'open_account',
      account: {
        code: brokerageAccount(stream.allianceId),
        type: 'income',
        allowNegative: false,
        allianceId: stream.allianceId,
        name: 'Brokerage top-slice',
        createdAt: now,
      },
    },
    {
      kind: 'open_account',
      account: {
        code: allianceAccounts(stream.allianceId).bank,
        type: 'asset',
        allowNegative: false,
        allianceId: stream.allianceId,
        name: null,
        createdAt: now,
      },
    },
  ];
}

export const requireStream = async (
  deps: BudgetDeps,
  ctx: ServiceContext,
  id: string,
): Promise<Stream> =>
  inAlliance(
    await deps.budgets.getStream(id),
    ctx.actor.allianceId,
    'stream_not_found',
    `funding stream ${id}`,
  );

export async function listStreams(
  deps: BudgetDeps,
  ctx: ServiceContext,
  paged?: { name?: string; page: Page },
) {
  requireRole(ctx.actor, ['coordinator', 'auditor'], 'list funding streams');
  const { items: streams, next } = paged
    ? pageOf(
        await deps.budgets.pageStreams(ctx.actor.allianceId, nameFilter(paged.name), paged.page),
        paged.page.limit,
        (s) => s.name,
      )
    : { items: await deps.budgets.listStreams(ctx.actor.allianceId), next: null };
  const accounts = await deps.store.getAccounts(streams.map((s) => streamAccount(s.id)));
  return {
    items: streams.map((s) =>
      streamView(s, -(accounts.get(streamAccount(s.id))?.balanceMinor ?? 0)),
    ),
    next,
  };
}

/** The start of a name, as typed, or no filter. */
export const nameFilter = (name: string | undefined) => (name?.trim() ? { name } : {});

/** Money into a stream: the alliance's bank and the stream both grow. */
export async function fundStream(
  deps: BudgetDeps,
  ctx: ServiceContext,
  streamId: string,
  input: { amountMinor: number; receivedOn: string; funder: string },
  key: string | null | undefined,
) {
  const stream = await requireStream(deps, ctx, streamId);
  requireRole(ctx.actor, ['coordinator'], 'fund streams');
  await requirePastDate(deps, ctx, input.receivedOn, 'receivedOn');
  if (input.amountMinor <= 0)
    throw invalid('invalid_amount', 'Funding is a positive amount.', [
      { path: 'amount', message: 'must be more than 0.00' },
    ]);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `fund_stream:${streamId}`, input },
    async (remember) => {
      let outcome: Outcome | null = null;
      await commitEntry(
        deps,
        ctx,
        {
          allianceId: stream.allianceId,
          effectiveDate: input.receivedOn,
          description: `Funding for ${stream.name} from ${input.funder}`,
          reasonCode: 'stream_funding',
          reversesEntryId: null,
          postings: [
            {
              accountCode: allianceAccounts(stream.allianceId).bank,
              amountMinor: input.amountMinor,
            },
            { accountCode: streamAccount(stream.id), amountMinor: -input.amountMinor },
          ],
        },
        (entry): Write[] => {
          outcome = {
            status: 201,
            body: {
              streamId,
              amount: formatMinor(input.amountMinor),
              receivedOn: input.receivedOn,
              entryId: entry.id,
            },
          };
          return [remember(outcome)];
        },
      );
      return outcome!;
    },
  );
}

export function requireKnownPerson(
  person: Person | null,
  ctx: ServiceContext,
  path: string,
): Person {
  if (!person || person.allianceId !== ctx.actor.allianceId)
    throw notFound('person_not_found', `No person with that id (${path}) in your alliance.`);
  if (person.erasedAt)
    throw conflict('person_erased', 'Person erased', 'That person’s record was erased.');
  return person;
}

/**
 * A budget person by the IB- reference on their papers, as a coordinator reads it out ("ib 7kq2
 * m9xd" is fine): null when no one in the alliance has it, or their record was erased.
 */
export async function findPersonByReference(
  deps: BudgetDeps,
  ctx: ServiceContext,
  typed: string,
): Promise<Person | null> {
  requireRole(ctx.actor, ['coordinator'], 'look up budget holders');
  const reference = ibReference(typed);
  if (!reference) return null;
  // One read of the people's unique reference index, never every person of the alliance.
  const person = await deps.budgets.personByReference(ctx.actor.allianceId, reference);
  return person && person.erasedAt === null ? person : null;
}

/** An IB- reference as typed ("ib 7kq2 m9xd", "IB7KQ2M9XD") in the form it is stored, or null. */
export function ibReference(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return /^IB[0-9A-Z]{8}$/.test(compact) ? `IB-${compact.slice(2, 6)}-${compact.slice(6)}` : null;
}
