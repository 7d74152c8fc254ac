import type { Page } from './paging.js';
import type { SignInWrite } from './sign-in/model.js';
import type { AccessRecord } from './access-log.js';
import type { Role } from './context.js';
import type { Account, AccountType, ChainHead, Entry } from './ledger/model.js';
import type { BudgetWrite } from './budgets/store.js';
import type { PeriodClosing } from './ledger/closings.js';
import type { SparksWrite } from './sparks/store.js';
import type { ReminderWrite } from './reminders/store.js';
import type { CheckpointStore } from './ledger/checkpoints.js';

/**
 * The storage port the core consumes. Two adapters implement it: better-sqlite3 on Node and D1 on
 * Workers. Reads may be answered from any consistent snapshot; every write goes through
 * `commit`, which applies a list of writes as one atomic batch. Everything money depends on is
 * re-checked by the database inside that batch (constraints and triggers), so a read made
 * before `commit` is only ever used to build a good error message, never to enforce a rule.
 */
export interface Store {
  /**
   * Builds the writes against the current chain head and applies them atomically. `build` may be
   * called more than once (when another writer moved the head first), so it must be pure.
   * Throws `StoreRejection` when the database refuses the batch.
   */
  commit(build: (head: ChainHead) => Write[]): Promise<void>;

  /**
   * After an erasure: moves what was committed out of the write-ahead log into the main file and
   * empties the log, so the erased words survive in neither (Node; D1 manages its own files).
   */
  compact(): Promise<void>;

  getAccount(code: string): Promise<Account | null>;
  getAccounts(codes: readonly string[]): Promise<Map<string, Account>>;
  listAccounts(query: {
    allianceId: string;
    prefix: string;
    after: string | null;
    limit: number;
  }): Promise<Account[]>;
  /** Sum of the account's postings with effective date on or before `asOf` (inclusive). */
  balanceAsOf(accountId: number, asOf: string): Promise<number>;
  /** The account's balance at the end of each day given, in one read; 0s if there is none. */
  balancesAsOf(code: string, days: readonly string[]): Promise<number[]>;
  listPostings(query: PostingQuery): Promise<PostingRow[]>;
  getEntry(id: string): Promise<(Entry & { reversedByEntryId: string | null }) | null>;
  /** Per account: the stored balance, or the sum of postings up to `asOf` when given. */
  trialBalance(query: { allianceId: string; asOf: string | null }): Promise<TrialBalanceRow[]>;
  /** Entries in chain order with seq > afterSeq, at most `limit`, with their postings. */
  chainPage(afterSeq: number, limit: number): Promise<Entry[]>;
  chainHead(): Promise<ChainHead>;
  /** Accounts whose stored balance differs from the sum of their postings (at most `limit`). */
  balanceMismatches(
    limit: number,
  ): Promise<{ code: string; storedMinor: number; postedMinor: number }[]>;

  getIdempotency(allianceId: string, key: string): Promise<IdempotencyRecord | null>;
  /** The same record and the alliance's book dates in one read: posting an entry needs both. */
  idempotencyWithBookDates(
    allianceId: string,
    key: string,
  ): Promise<{ record: IdempotencyRecord | null; books: BookDates }>;

  /** What dates an alliance's entries may carry: its time zone (default London) and lock date. */
  bookDates(allianceId: string): Promise<BookDates>;
  /** The alliance's closings of the books, newest first. */
  /** A keyset page of closings, the latest date first: `page.limit + 1` rows. */
  listClosings(allianceId: string, page: Page): Promise<PeriodClosing[]>;
  /** The database engine's own structural check: the problems it finds, [] when sound. */
  integrityCheck(): Promise<string[]>;
  /** Whether a write succeeds now and the schema is the one this code expects. */
  readiness(now: string): Promise<Readiness>;

  findTokenByHash(tokenHash: string): Promise<TokenRecord | null>;

  /** Verification: what has been checked, and the reads a check makes. */
  readonly checkpoints: CheckpointStore;
}

export interface Readiness {
  ready: boolean;
  writable: boolean;
  /** The database's words when the probe write failed (for the operator's log, not clients). */
  writeError: string | null;
  schema: 'current' | 'behind' | 'ahead' | 'unknown';
  migrationsApplied: number | null;
  migrationsKnown: number;
}

export type Write =
  | { kind: 'open_account'; account: NewAccount }
  | { kind: 'entry'; entry: Entry }
  | { kind: 'idempotency'; record: IdempotencyRecord }
  | { kind: 'token'; token: TokenRecord }
  | { kind: 'revoke_token'; tokenId: string; revokedAt: string }
  /** Tokens remember when they were last used (at most once a minute, to spare the writes). */
  | { kind: 'token_used'; tokenId: string; at: string }
  | { kind: 'access'; record: AccessRecord }
  | { kind: 'period_closing'; closing: PeriodClosing }
  | SparksWrite
  | BudgetWrite
  | SignInWrite
  | ErasureWrite
  | ReminderWrite;

/**
 * Blanks everything personal tied to one applicant or budget person, with the stored responses
 * and entry descriptions that mention their records (see src/store/erasure-store.ts).
 */
export type ErasureWrite =
  | { kind: 'applicant_erase'; allianceId: string; applicantId: string; erasedAt: string }
  | { kind: 'person_erase'; allianceId: string; personId: string; erasedAt: string };

export interface NewAccount {
  code: string;
  type: AccountType;
  allowNegative: boolean;
  allianceId: string;
  name: string | null;
  createdAt: string;
}

export interface PostingQuery {
  accountId: number;
  /** Keyset cursor: the (effective date, posting id) of the last row already seen. */
  after: { effectiveDate: string; id: number } | null;
  from: string | null;
  to: string | null;
  limit: number;
}

export interface PostingRow {
  id: number;
  entryId: string;
  line: number;
  effectiveDate: string;
  amountMinor: number;
  description: string;
  reasonCode: string;
}

export interface TrialBalanceRow {
  code: string;
  type: AccountType;
  balanceMinor: number;
}

export interface BookDates {
  timeZone: string;
  /** The latest date the books are closed through (entries on or before it are refused). */
  lockedThrough: string | null;
}

export interface IdempotencyRecord {
  allianceId: string;
  key: string;
  fingerprint: string;
  status: number;
  responseJson: string;
  createdAt: string;
}

export interface TokenRecord {
  id: string;
  tokenHash: string;
  name: string;
  role: Role;
  allianceId: string;
  holderId: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

/** Why the database refused a batch. Adapters translate their driver's errors into these. */
export type RejectionReason =
  | SparksRejection
  | 'balance_rule'
  | 'idempotency_key_taken'
  | 'already_reversed'
  | 'chain_conflict'
  | 'unknown_account'
  | 'entry_unbalanced'
  | 'cross_alliance'
  | 'sign_in_code_spent'
  | 'append_only'
  | 'account_exists'
  | DateRejection;

/** Refusals of the date rules (drizzle/0009). */
export const DATE_REJECTIONS = [
  'future_date',
  'period_closed',
  'balance_rule_at_date',
  'lock_not_forward',
] as const;
export type DateRejection = (typeof DATE_REJECTIONS)[number];

/** Refusals raised by the Small Sparks and budget triggers; each is also the problem code the API returns. */
export const SPARKS_REJECTIONS = [
  'not_awaiting_decision',
  'sitting_not_found',
  'decided_before_received',
  'decision_counts_mismatch',
  'not_quorate',
  'lived_experience_minority',
  'amount_out_of_range',
  'applicant_overdue_follow_up',
  'award_without_decision',
  'already_cancelled',
  'award_cancelled',
  'return_exceeds_paid',
  'follow_up_closed',
  'follow_up_not_extendable',
  'panel_member_retired',
  'sitting_has_decisions',
  'already_decided_at_sitting',
  'budget_closed',
  'outside_period',
  'category_forbidden',
  'category_not_allowed',
  'provider_not_allowed',
  'approval_required',
  'spend_not_pending',
  'not_a_member',
  'reserve_protected',
] as const;
export type SparksRejection = (typeof SPARKS_REJECTIONS)[number];

export class StoreRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'StoreRejection';
  }
}
