import type { ChainHead, Entry } from './model.js';

/** Why an entry does not hold its place in the chain. */
export type VerifyProblem =
  | 'sequence_gap'
  | 'previous_hash_mismatch'
  | 'hash_mismatch'
  | 'entry_unbalanced'
  | 'too_few_postings'
  | 'checkpoint_mismatch';

export interface BrokenLink {
  seq: number;
  entryId: string;
  problem: VerifyProblem;
  expected: string;
  found: string;
}

export interface Mismatch {
  account: string;
  storedMinor: number;
  postedMinor: number;
}

/** What a run has found for one alliance, from the genesis up to its checkpoint. */
export interface Tally {
  entries: number;
  lastSeq: number;
  lastSealedAt: string | null;
  firstBrokenLink: BrokenLink | null;
  /** At most MAX_MISMATCHES, the first found. */
  mismatches: Mismatch[];
}
export type Tallies = Record<string, Tally>;

export type CheckKind = 'incremental' | 'full';
/** A full re-check walks the chain, then every account's balance, then is done. */
export type CheckPhase = 'chain' | 'balances' | 'done';

/** One recorded check: a row of ledger_checkpoints, append-only. */
export interface Checkpoint {
  id: number;
  kind: CheckKind;
  phase: CheckPhase;
  /** The checkpoint this one continues (a full re-check's previous page; an incremental's anchor). */
  previousId: number | null;
  /** Entries after fromSeq, up to and including throughSeq, were read by this check. */
  fromSeq: number;
  throughSeq: number;
  throughHash: string;
  /** Balances phase: accounts up to this id have been compared with their postings. */
  throughAccount: number;
  /** Every link from the genesis to throughSeq holds. */
  chainOk: boolean;
  /** chainOk, and no balance found to differ from its postings. */
  ok: boolean;
  tallies: Tallies;
  checkedAt: string;
  /** The token (`tok_…`) or the operator's command (`admin`) that ran the check. */
  checkedBy: string;
}

export type NewCheckpoint = Omit<Checkpoint, 'id'>;

export interface AccountBalanceRow {
  id: number;
  code: string;
  allianceId: string;
  storedMinor: number;
  postedMinor: number;
}

/** What verification reads and records; implemented over SQLite on both runtimes. */
export interface CheckpointStore {
  /** The good checkpoint furthest along the chain: where an incremental check starts. */
  latestGood(): Promise<Checkpoint | null>;
  get(id: number): Promise<Checkpoint | null>;
  /** Appends a checkpoint; the database refuses a good one whose hash is not the stored one. */
  record(checkpoint: NewCheckpoint): Promise<Checkpoint>;
  /** The stored seq and hash of the entry at `seq`, if there is one. */
  entryAt(seq: number): Promise<(ChainHead & { id: string; allianceId: string }) | null>;
  /** Entries after `afterSeq` in chain order, at most `limit`, with postings: two queries. */
  chainPage(afterSeq: number, limit: number): Promise<Entry[]>;
  /** Accounts with id > afterId in id order, each with its stored and posted balance. */
  balancePage(afterId: number, limit: number): Promise<AccountBalanceRow[]>;
}
