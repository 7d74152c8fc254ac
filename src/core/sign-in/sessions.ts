import type { Actor, Role } from '../context.js';
import { StoreRejection } from '../store.js';
import type { SignInDeps } from './codes.js';
import { normaliseCode } from './codes.js';
import { SESSION_HOURS, type Session, type SignInCode } from './model.js';

/**
 * Wrong codes from one address: the first five in a quarter of an hour cost nothing; after that
 * each attempt must wait twice as long as the one before (10 s, 20 s, 40 s … at most 15 minutes),
 * and one that comes sooner is refused unread. A successful sign-in does not clear the count, so
 * a right guess cannot reset it.
 */
export const THROTTLE = {
  free: 5,
  windowMs: 15 * 60_000,
  firstWaitMs: 10_000,
  maxWaitMs: 15 * 60_000,
};

/** Milliseconds the address must still wait before its next attempt is read, or 0. */
export function waitBeforeNextAttempt(failures: readonly string[], now: Date): number {
  if (failures.length < THROTTLE.free) return 0;
  const wait = Math.min(
    THROTTLE.maxWaitMs,
    THROTTLE.firstWaitMs * 2 ** (failures.length - THROTTLE.free),
  );
  const last = Date.parse(failures[failures.length - 1]!);
  return Math.max(0, last + wait - now.getTime());
}

export type SignInResult =
  | { ok: true; secret: string; session: Session }
  /** Wait this many seconds; the code was not even looked at. */
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'withdrawn' };

function sessionSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function codeState(code: SignInCode, now: string): 'ok' | 'used' | 'expired' | 'withdrawn' {
  if (code.withdrawnAt) return 'withdrawn';
  if (code.usedAt) return 'used';
  if (code.expiresAt <= now) return 'expired';
  return 'ok';
}

/**
 * Signs in with what a person typed: a sign-in code (or, for administrators, a bearer token,
 * checked by `token`). The code is marked used and the session started in one batch, and the
 * database refuses a code that is already used, withdrawn or expired, so two phones racing with
 * one code get one session. A wrong code is counted against the address (never stored itself).
 */
export async function signIn(
  deps: SignInDeps,
  now: Date,
  input: {
    typed: string;
    address: string;
    token: (secret: string) => Promise<{
      id: string;
      role: Role;
      allianceId: string;
      holderId: string | null;
      expiresAt: string | null;
    } | null>;
  },
): Promise<SignInResult> {
  const at = now.toISOString();
  const failures = await deps.store.signIn.failuresSince(
    input.address,
    new Date(now.getTime() - THROTTLE.windowMs).toISOString(),
  );
  const wait = waitBeforeNextAttempt(failures, now);
  if (wait > 0)
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };

  const typed = input.typed.trim();
  const normalised = normaliseCode(typed);
  const code = normalised ? await deps.store.signIn.findCodeByHash(deps.hasher(normalised)) : null;
  const token = !code && typed.startsWith('kdl_') ? await input.token(typed) : null;
  const state = code ? codeState(code, at) : token ? 'ok' : 'unknown';
  if (state !== 'ok') {
    await deps.store.commit(() => [{ kind: 'sign_in_failure', address: input.address, at }]);
    return { ok: false, reason: state };
  }
  const secret = sessionSecret();
  const hours = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  const credentialEnds = token?.expiresAt ?? null;
  const session: Session = {
    id: deps.ids('ses'),
    secretHash: deps.hasher(secret),
    allianceId: (code ?? token)!.allianceId,
    role: (code ?? token)!.role,
    holderId: (code ?? token)!.holderId,
    codeId: code?.id ?? null,
    tokenId: token?.id ?? null,
    createdAt: at,
    expiresAt: credentialEnds && credentialEnds < hours ? credentialEnds : hours,
    endedAt: null,
  };
  try {
    await deps.store.commit(() => [{ kind: 'session_started', session }]);
  } catch (error) {
    // Another browser used the code a moment before us.
    if (error instanceof StoreRejection && error.reason === 'sign_in_code_spent')
      return { ok: false, reason: 'used' };
    throw error;
  }
  return { ok: true, secret, session };
}

/** The actor a session cookie speaks for, or null when it is unknown, ended or expired. */
export async function resolveSession(
  deps: SignInDeps,
  now: Date,
  secret: string,
): Promise<(Actor & { sessionId: string; expiresAt: string; lastUsedAt: string | null }) | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const session = await deps.store.signIn.findSessionByHash(deps.hasher(secret));
  if (!session || session.endedAt !== null || session.expiresAt <= now.toISOString()) return null;
  return {
    tokenId: (session.codeId ?? session.tokenId)!,
    role: session.role,
    allianceId: session.allianceId,
    holderId: session.holderId,
    sessionId: session.id,
    expiresAt: session.expiresAt,
    lastUsedAt: session.lastUsedAt ?? null,
  };
}

/** How finely a session's last use is kept: a minute, as for tokens (http/auth.ts). */
const USE_RESOLUTION_MS = 60_000;

/**
 * Records that a session was used, at most once a minute: a coordinator can see which sessions
 * are still in use, and a busy page costs one small write a minute, not one per request.
 */
export async function noteSessionUse(
  deps: Pick<SignInDeps, 'store'>,
  now: Date,
  session: { sessionId: string; lastUsedAt: string | null },
): Promise<void> {
  const last = session.lastUsedAt;
  if (last !== null && now.getTime() - Date.parse(last) < USE_RESOLUTION_MS) return;
  await deps.store.commit(() => [
    { kind: 'session_used', sessionId: session.sessionId, at: now.toISOString() },
  ]);
}

/** Ends the session a cookie names (signing out); nothing to do for an unknown one. */
export async function endSession(deps: SignInDeps, now: Date, secret: string): Promise<void> {
  const actor = await resolveSession(deps, now, secret);
  if (!actor) return;
  await deps.store.commit(() => [
    { kind: 'session_ended', sessionId: actor.sessionId, at: now.toISOString() },
  ]);
}
