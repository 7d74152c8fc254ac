import type { AccountType, Entry } from '../ledger/model.js';

/**
 * What statements and exports read. Every read is bounded by a chain head, `headSeq`: entries
 * are appended in sequence and never change, so "entries with seq ≤ headSeq" is a snapshot of the
 * books that later writes cannot disturb, however many queries a statement takes and however
 * long its rows take to stream.
 */
export interface StatementsStore {
  /** The first and last of the alliance's entries dated in [from, to] (from null: since the start) with seq ≤ headSeq. */
  coveredEntries(query: {
    allianceId: string;
    from: string | null;
    to: string;
    headSeq: number;
  }): Promise<CoveredEntries>;

  /** Sum of an account's postings dated on or before `date` (debit positive). */
  accountBalance(query: { accountId: number; date: string; headSeq: number }): Promise<number>;
  /** Count, debits and credits (credits negative) of an account's postings dated in [from, to]. */
  accountMovement(query: {
    accountId: number;
    from: string;
    to: string;
    headSeq: number;
  }): Promise<{ postings: number; debitsMinor: number; creditsMinor: number }>;
  /** A keyset page of an account's postings dated in [from, to], in (date, posting id) order. */
  accountPostings(query: {
    accountId: number;
    from: string;
    to: string;
    headSeq: number;
    after: { effectiveDate: string; id: number } | null;
    limit: number;
  }): Promise<StatementPosting[]>;

  /**
   * Every account of the alliance with a non-zero balance at the end of `asOf`, and the chain head
   * the balances were read at. One SQL statement reads both, so they are one snapshot without
   * joining a million postings to their entries.
   */
  /**
   * The trial balance's sums at the end of `asOf` (accounts with a balance, their debits and
   * credits, in pence) and the chain head they stand at, in one statement: the PDF's totals
   * before any row is read. `trialBalanceRows` then reads rows as they stood at that head.
   */
  trialBalanceSums(query: { allianceId: string; asOf: string }): Promise<{
    headSeq: number;
    accounts: number;
    debitsMinor: number;
    creditsMinor: number;
  }>;
  /**
   * Accounts with a balance at `asOf`, as they stood at the chain head. `bulk`: the per-thing
   * accounts that grow with the data (an award's, a budget's, named by a reference), a page at a
   * time in (type, name, code) order after `after`; else every other account (the alliance's own,
   * streams, pool shares: a few), in code order.
   */
  trialBalanceRows(query: TrialBalanceRowsQuery): Promise<TrialBalanceRowRead[]>;
  trialBalanceAt(query: { allianceId: string; asOf: string }): Promise<{
    headSeq: number;
    rows: {
      code: string;
      type: AccountType;
      balanceMinor: number;
      /** The account's stored name, and the reference of whom it is about (account-names.ts). */
      name: string | null;
      subject: string | null;
    }[];
  }>;

  /**
   * Postings on the alliance's Small Sparks fund and award accounts dated in [from, to] (from
   * null: since the start), each with its entry's place in the chain and business event, in
   * chain order, with the Small Sparks row the entry was made for.
   */
  sparksMovements(query: {
    allianceId: string;
    fundCode: string;
    from: string | null;
    to: string;
    headSeq: number;
  }): Promise<SparksMovement[]>;
  /**
   * Who each of these entries' money went to or came from: the receipt, Small Sparks payment,
   * return or pool purchase made with the entry, and the budget spends named by id. Personal
   * fields come back as stored; the caller redacts them for its reader.
   */
  postingParties(query: { entryIds: readonly string[]; spendIds: readonly string[] }): Promise<{
    entries: (PostingParty & { entryId: string })[];
    spends: (PostingParty & { spendId: string })[];
  }>;
  /** Pseudonymous facts of awards: never a name, a purpose or a note. */
  awardFacts(awardIds: readonly string[]): Promise<AwardFacts[]>;
  /** A keyset page of the awards made in the period (award entry dated in it), in chain order. */
  awardsMadePage(
    query: RegisterQuery & { afterSeq: number; limit: number },
  ): Promise<{ awardId: string; seq: number }[]>;
  /** How many awards were made in the period. */
  awardsMadeCount(query: RegisterQuery): Promise<number>;
  /**
   * Award-account postings up to the period's end by award and reason, and returns to the fund,
   * for the awards named; with `awardIds` null, summed over every award made in the period.
   */
  awardFlows(
    query: RegisterQuery & { fundCode: string; awardIds: readonly string[] | null },
  ): Promise<AwardFlows>;

  /** A keyset page of the alliance's accounts in code order (below `before`, when given). */
  accountsPage(query: {
    allianceId: string;
    after: string | null;
    before?: string;
    limit: number;
  }): Promise<{ code: string; type: AccountType; name: string | null; subject: string | null }[]>;
  /** The alliance's accounts of the codes given (a page's few, at most 90), for naming them. */
  accountsNamed(query: {
    allianceId: string;
    codes: readonly string[];
  }): Promise<{ code: string; type: AccountType; name: string | null; subject: string | null }[]>;
  /** A page of the alliance's entries with seq in (afterSeq, headSeq], in chain order, with postings. */
  entriesPage(query: {
    allianceId: string;
    afterSeq: number;
    headSeq: number;
    limit: number;
  }): Promise<Entry[]>;
}

export interface CoveredEntries {
  firstSeq: number | null;
  last: { seq: number; entryId: string; hash: string; recordedAt: string } | null;
}

export interface StatementPosting {
  id: number;
  effectiveDate: string;
  seq: number;
  entryId: string;
  line: number;
  amountMinor: number;
  description: string;
  reasonCode: string;
}

export interface PostingParty {
  kind: 'receipt' | 'payment' | 'return' | 'purchase' | 'spend';
  /** A funder, a supplier or a provider, as typed. */
  organisation: string | null;
  /** The reference typed with a receipt or a payment. */
  reference: string | null;
  /** The person it was for or from: their SP-/IB- reference, and their name (personal). */
  personReference: string | null;
  personName: string | null;
  method: string | null;
}

export interface SparksMovement {
  seq: number;
  entryId: string;
  effectiveDate: string;
  reasonCode: string;
  accountCode: string;
  amountMinor: number;
  receipt: { id: string; restricted: boolean; funder: string; reference: string | null } | null;
  disbursement: { id: string; method: string } | null;
  grantReturn: { id: string; awardId: string } | null;
}

/** The awards made in [from, to], read by a statement bounded by `headSeq`. */
export interface RegisterQuery {
  allianceId: string;
  from: string;
  to: string;
  headSeq: number;
}

/** Sums in pence (debit positive); awardId is null in the totals over a whole register. */
export interface AwardFlows {
  flows: { awardId: string | null; reasonCode: string; amountMinor: number }[];
  returns: { awardId: string | null; amountMinor: number }[];
}

export interface AwardFacts {
  id: string;
  applicantReference: string;
  domain: string;
  awardedOn: string;
  amountMinor: number;
  followUp: {
    dueOn: string;
    status: 'due' | 'heard' | 'waived';
    heardOn: string | null;
    closedOn: string | null;
  } | null;
}

export interface TrialBalanceRowsQuery {
  allianceId: string;
  asOf: string;
  headSeq: number;
  bulk: { after: { typeRank: number; name: string; code: string } | null; limit: number } | null;
}

export interface TrialBalanceRowRead {
  code: string;
  type: AccountType;
  balanceMinor: number;
  /** The account's stored name, and the reference of whom it is about (account-names.ts). */
  name: string | null;
  subject: string | null;
  /** For a bulk row: its place, the type's rank and the account's name in words. */
  typeRank: number;
  sortName: string | null;
}
