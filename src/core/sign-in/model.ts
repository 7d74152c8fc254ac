import type { Page } from '../paging.js';
import type { Role } from '../context.js';

/**
 * Sign-in codes and browser sessions. A coordinator gives a person a short code on a slip; the
 * person types it once on their phone and gets a server-side session. The code is single use and
 * expires; the session has its own expiry and ends on sign-out, when a coordinator ends it, and
 * when the person's access is withdrawn. Only hashes of codes and session ids are stored.
 */

/**
 * No look-alikes: no 0/O, 1/I/L, and no U (so no accidental words); 30 symbols, so ten of them
 * are about 49 bits, which with single use, a 7-day life and throttled attempts is plenty.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
/** Read aloud in groups of 3, 3 and 4: "K7M-PQX-4R9T". */
export const CODE_GROUPS = [3, 3, 4] as const;
export const DEFAULT_CODE_DAYS = 7;
export const MAX_CODE_DAYS = 30;
/** A browser session lasts at most this long: a working day, for shared computers. */
export const SESSION_HOURS = 12;

export interface SignInCode {
  id: string;
  codeHash: string;
  allianceId: string;
  role: Role;
  /** For holders and brokers: the person (`per_…`) they speak for. */
  holderId: string | null;
  /** Who it is for, as the coordinator knows them ("A.B.", "Sam, panel"); coordinators only. */
  personName: string;
  /** The credential of the coordinator who issued it. */
  issuedBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  withdrawnAt: string | null;
  /** The code this one replaced (a reissue). */
  replacesId: string | null;
}

export interface Session {
  id: string;
  secretHash: string;
  allianceId: string;
  role: Role;
  holderId: string | null;
  /** What the person signed in with: a sign-in code, or (for administrators) a bearer token. */
  codeId: string | null;
  tokenId: string | null;
  createdAt: string;
  expiresAt: string;
  endedAt: string | null;
  /** When a request last came on it, to the minute (0018); null until then. */
  lastUsedAt?: string | null;
}

export type SignInWrite =
  | { kind: 'sign_in_code'; code: SignInCode }
  /** Withdraws a code and ends every session it started, in one batch. */
  | { kind: 'sign_in_code_withdrawn'; codeId: string; at: string }
  /** Marks the code used and starts the session, in one batch; the database refuses a spent code. */
  | { kind: 'session_started'; session: Session }
  | { kind: 'session_ended'; sessionId: string; at: string }
  | { kind: 'session_used'; sessionId: string; at: string }
  | { kind: 'sign_in_failure'; address: string; at: string };

export const SIGN_IN_WRITES = new Set<string>([
  'sign_in_code',
  'sign_in_code_withdrawn',
  'session_started',
  'session_ended',
  'session_used',
  'sign_in_failure',
]);

/** What the store must answer for sign-in. */
export interface SignInStore {
  findCodeByHash(codeHash: string): Promise<SignInCode | null>;
  getCode(id: string): Promise<SignInCode | null>;
  /**
   * A keyset page of the alliance's codes, newest first (`page.limit + 1` rows), with how many
   * sessions each has open now.
   */
  listCodes(
    allianceId: string,
    now: string,
    page: Page,
  ): Promise<(SignInCode & { openSessions: number })[]>;
  findSessionByHash(secretHash: string): Promise<Session | null>;
  getSession(id: string): Promise<Session | null>;
  /** Wrong codes from one address since `since`, oldest first (their times). */
  failuresSince(address: string, since: string): Promise<string[]>;
}
