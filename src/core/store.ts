import type { Role } from './context.js';
import type { Account, AccountType, ChainHead, Entry } from './ledger/model.js';
import type { BudgetWrite } from './budgets/store.js';
import type { SparksWrite } from './sparks/store.js';
import type { ReminderWrite } from './reminders/store.js';

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

  findTokenByHash(tokenHash: string): Promise<TokenRecord | null>;
}

export type Write =
  | { kind: 'open_account'; account: NewAccount }
  | { kind: 'entry'; entry: Entry }
  | { kind: 'idempotency'; record: IdempotencyRecord }
  | { kind: 'token'; token: TokenRecord }
  | { kind: 'revoke_token'; tokenId: string; revokedAt: string }
  | SparksWrite
  | BudgetWrite
  | ReminderWrite;

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
  | 'append_only'
  | 'account_exists';

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
