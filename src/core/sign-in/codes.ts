import { pageOf, type Page } from '../paging.js';
import {
  ROLES,
  type Hasher,
  type IdGenerator,
  type Role,
  type ServiceContext,
} from '../context.js';
import { invalid, notFound } from '../errors.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
import { requireRole } from '../policy.js';
import type { Store, Write } from '../store.js';
import {
  CODE_ALPHABET,
  CODE_GROUPS,
  CODE_LENGTH,
  DEFAULT_CODE_DAYS,
  MAX_CODE_DAYS,
  type SignInCode,
  type SignInStore,
} from './model.js';

export interface SignInDeps {
  store: Store & { signIn: SignInStore };
  hasher: Hasher;
  ids: IdGenerator;
}

/** Only coordinators give out, renew and take back access. */
const ISSUERS: readonly Role[] = ['coordinator'];

/** Ten symbols from the alphabet, uniformly (bytes ≥ 240 are thrown away, so none is favoured). */
export function newCode(): string {
  let out = '';
  const bytes = new Uint8Array(32);
  while (out.length < CODE_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const b of bytes) {
      if (b < 240 && out.length < CODE_LENGTH) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
    }
  }
  return out;
}

/** "K7MPQX4R9T" → "K7M-PQX-4R9T", as printed on the slip and read aloud. */
export function groupCode(code: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of CODE_GROUPS) {
    parts.push(code.slice(at, at + size));
    at += size;
  }
  return parts.join('-');
}

/**
 * What a person typed, as the code it means: case, spaces and dashes do not matter. Null when it
 * cannot be a code (wrong length, a symbol outside the alphabet).
 */
export function normaliseCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-–—.]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

export interface IssueCodeInput {
  role: Role;
  personName: string;
  holderId?: string | null | undefined;
  /** Days until it expires; 7 if not given, at most 30. */
  days?: number | undefined;
}

/** A code as a coordinator reads it: never the code itself (only its hash is kept). */
export type CodeView = Omit<SignInCode, 'codeHash'> & {
  state: 'waiting' | 'used' | 'expired' | 'withdrawn';
};

export function viewCode(code: SignInCode, now: Date): CodeView {
  const { codeHash: _hidden, ...rest } = code;
  const state = code.withdrawnAt
    ? 'withdrawn'
    : code.usedAt
      ? 'used'
      : code.expiresAt <= now.toISOString()
        ? 'expired'
        : 'waiting';
  return { ...rest, state };
}

function checkInput(input: IssueCodeInput): { personName: string; days: number } {
  if (!ROLES.includes(input.role))
    throw invalid('invalid_role', `role must be one of ${ROLES.join(', ')}.`, [
      { path: 'role', message: 'Choose what the person does' },
    ]);
  const personName = input.personName.trim();
  if (!personName || personName.length > 60)
    throw invalid('invalid_person', 'Say who the code is for, in 1 to 60 characters.', [
      { path: 'personName', message: 'Enter who the code is for' },
    ]);
  if ((input.role === 'holder' || input.role === 'broker') && !input.holderId)
    throw invalid(
      'holder_required',
      'A code for a budget holder or broker names the person they are (their per_… id).',
      [{ path: 'holderId', message: 'Enter the person’s reference' }],
    );
  const days = input.days ?? DEFAULT_CODE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CODE_DAYS)
    throw invalid('invalid_days', `A code lasts from 1 to ${MAX_CODE_DAYS} days.`, [
      { path: 'days', message: `Enter a number of days from 1 to ${MAX_CODE_DAYS}` },
    ]);
  return { personName, days };
}

/**
 * Issues a code for one person and role in the coordinator's alliance. The code is returned
 * once, grouped for reading aloud; only its hash is stored.
 */
export async function issueCode(
  deps: SignInDeps,
  ctx: ServiceContext,
  input: IssueCodeInput,
  replaces: SignInCode | null = null,
  once?: Once,
): Promise<Issued> {
  requireRole(ctx.actor, ISSUERS, 'give out sign-in codes');
  const { personName, days } = checkInput(input);
  return createOnce<Issued>(
    deps,
    ctx,
    once,
    { operation: replaces ? `reissue_code:${replaces.id}` : 'issue_code', input },
    (remember) => newCodeFor(deps, ctx, { ...input, personName, days }, replaces, remember),
    // The code itself is never stored, so a replay cannot show it again: it answers with the
    // code's record and `code: null`, and a lost slip is reissued.
    {
      keep: (issued) => ({ id: issued.view.id }),
      reread: async (kept) => ({
        code: null,
        view: viewCode(await ownCode(deps, ctx, kept.id), ctx.now),
      }),
    },
  );
}

/** What issuing answers: the code (null on a replay: it is shown only once) and its record. */
export interface Issued {
  code: string | null;
  view: CodeView;
}

async function newCodeFor(
  deps: SignInDeps,
  ctx: ServiceContext,
  input: IssueCodeInput & { personName: string; days: number },
  replaces: SignInCode | null,
  remember: (issued: Issued) => Write[],
): Promise<Issued> {
  const { personName, days } = input;
  const code = newCode();
  const record: SignInCode = {
    id: deps.ids('sic'),
    codeHash: deps.hasher(code),
    allianceId: ctx.actor.allianceId,
    role: input.role,
    holderId: input.role === 'holder' || input.role === 'broker' ? input.holderId! : null,
    personName,
    issuedBy: ctx.actor.tokenId,
    createdAt: ctx.now.toISOString(),
    expiresAt: new Date(ctx.now.getTime() + days * 86_400_000).toISOString(),
    usedAt: null,
    withdrawnAt: null,
    replacesId: replaces?.id ?? null,
  };
  const at = ctx.now.toISOString();
  const issued = { code: groupCode(code), view: viewCode(record, ctx.now) };
  await deps.store.commit(() => [
    // A reissue takes back the old code if it was never used; its sessions are left alone.
    ...(replaces && !replaces.usedAt && !replaces.withdrawnAt
      ? [{ kind: 'sign_in_code_withdrawn' as const, codeId: replaces.id, at }]
      : []),
    { kind: 'sign_in_code', code: record },
    ...remember(issued),
  ]);
  return issued;
}

async function ownCode(deps: SignInDeps, ctx: ServiceContext, id: string): Promise<SignInCode> {
  const code = await deps.store.signIn.getCode(id);
  if (!code || code.allianceId !== ctx.actor.allianceId)
    throw notFound('sign_in_code_not_found', 'No sign-in code with that id in your alliance.');
  return code;
}

/** A new code for the same person and role (a lost slip, an expired code). */
export async function reissueCode(
  deps: SignInDeps,
  ctx: ServiceContext,
  id: string,
  days?: number,
  once?: Once,
): Promise<Issued> {
  const old = await ownCode(deps, ctx, id);
  requireRole(ctx.actor, ISSUERS, 'give out sign-in codes');
  return issueCode(
    deps,
    ctx,
    { role: old.role, personName: old.personName, holderId: old.holderId, days },
    old,
    once,
  );
}

/** Takes access back: the code can no longer be used and every session it started ends now. */
export async function withdrawCode(
  deps: SignInDeps,
  ctx: ServiceContext,
  id: string,
  once?: Once,
): Promise<CodeView> {
  const code = await ownCode(deps, ctx, id);
  requireRole(ctx.actor, ISSUERS, 'withdraw sign-in codes');
  const at = ctx.now.toISOString();
  return createOnce<CodeView>(
    deps,
    ctx,
    once,
    { operation: `withdraw_code:${id}`, input: {}, status: 200 },
    async (remember) => {
      const view = viewCode({ ...code, withdrawnAt: code.withdrawnAt ?? at }, ctx.now);
      await deps.store.commit(() => [
        { kind: 'sign_in_code_withdrawn', codeId: id, at },
        ...remember(view),
      ]);
      return view;
    },
    rereadById(async (codeId) => viewCode(await ownCode(deps, ctx, codeId), ctx.now)),
  );
}

/** The alliance's codes, newest first, a keyset page at a time on (createdAt, id). */
export async function listCodes(deps: SignInDeps, ctx: ServiceContext, page: Page) {
  requireRole(ctx.actor, ISSUERS, 'see sign-in codes');
  const rows = await deps.store.signIn.listCodes(ctx.actor.allianceId, ctx.now.toISOString(), page);
  const { items, next } = pageOf(rows, page.limit, (r) => r.createdAt);
  return {
    items: items.map((r) => ({ ...viewCode(r, ctx.now), openSessions: r.openSessions })),
    next,
  };
}

export async function getCode(
  deps: SignInDeps,
  ctx: ServiceContext,
  id: string,
): Promise<CodeView> {
  const code = await ownCode(deps, ctx, id);
  requireRole(ctx.actor, ISSUERS, 'see sign-in codes');
  return viewCode(code, ctx.now);
}
