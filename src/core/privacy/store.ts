import type { AccessLogRow } from '../access-log.js';

/**
 * What subject access and retention read. Rows come straight from SQL, one query per kind of
 * record, so a person with many records costs a handful of queries on D1, not one per record.
 * Money is pence; dates are ISO strings; words are exactly what was stored (null once erased).
 */
export interface PrivacyStore {
  applicantRecords(applicantId: string): Promise<ApplicantRecords>;
  personRecords(personId: string): Promise<PersonRecords>;
  /**
   * The access log about a subject and every record of theirs (applications and awards; budgets,
   * spends and pools), newest first, at most `limit`.
   */
  accessAbout(
    allianceId: string,
    subject: { kind: 'applicant' | 'person'; id: string },
    limit: number,
  ): Promise<AccessLogRow[]>;
  /**
   * A page of the alliance's access log for the web, newest first, each line with the reference
   * of the person it is about (SP-/IB-, or a pool's name); filtered by a person's reference (the
   * person and all their records), by what was read and by UTC dates, inclusive.
   */
  accessLogPage(query: AccessLogQuery): Promise<(AccessLogRow & { subjectLabel: string | null })[]>;
  /** Every alliance that holds people, with its retention period (6 years when not set up). */
  retentionPolicies(): Promise<{ allianceId: string; retentionYears: number; timeZone: string }[]>;
  /**
   * People of the alliance not yet erased whose last activity was before `before` (a date) and
   * who have nothing still running (an application waiting, an open budget, a pending spend).
   */
  retentionDue(allianceId: string, before: string, limit: number): Promise<RetentionCandidate[]>;
}

export interface AccessLogQuery {
  allianceId: string;
  reference: string | null;
  what: string | null;
  from: string | null;
  to: string | null;
  beforeId: number | null;
  limit: number;
}

export interface RetentionCandidate {
  kind: 'applicant' | 'person';
  id: string;
  reference: string;
  lastActivityOn: string;
}

export interface ApplicantRecords {
  applications: {
    id: string;
    receivedOn: string;
    amountAskedMinor: number;
    purpose: string | null;
    notes: string | null;
    domain: string;
    status: string;
  }[];
  decisions: {
    applicationId: string;
    decidedOn: string;
    outcome: string;
    amountMinor: number | null;
    reason: string | null;
  }[];
  awards: {
    id: string;
    applicationId: string;
    awardedOn: string;
    amountMinor: number;
    purpose: string | null;
    domain: string;
    cancelledOn: string | null;
    cancelReason: string | null;
  }[];
  payments: {
    awardId: string;
    paidOn: string;
    amountMinor: number;
    method: string;
    supplier: string | null;
    reference: string | null;
  }[];
  returns: { awardId: string; returnedOn: string; amountMinor: number }[];
  followUps: {
    awardId: string;
    dueOn: string;
    status: string;
    heardOn: string | null;
    inPerson: number | null;
    difference: string | null;
    domainsImproved: string | null;
    waivedReason: string | null;
  }[];
}

export interface PersonRecords {
  budgets: {
    id: string;
    periodStart: string;
    periodEnd: string;
    controlMode: string;
    status: string;
    closedOn: string | null;
  }[];
  namedOn: {
    budgetId: string;
    holderReference: string;
    role: string;
    addedAt: string;
    removedAt: string | null;
    removedReason: string | null;
  }[];
  spends: {
    id: string;
    budgetId: string;
    spentOn: string;
    amountMinor: number;
    category: string;
    provider: string;
    description: string;
    status: string;
    decisionReason: string | null;
  }[];
  /** Postings on the person's budgets (available and held for approval): the money that moved. */
  movements: {
    budgetId: string;
    entryId: string;
    effectiveDate: string;
    amountMinor: number;
    reasonCode: string;
    reversesEntryId: string | null;
    /** 1 for the account that holds spends waiting for approval, 0 for what is available. */
    held: number;
  }[];
  pools: {
    poolId: string;
    poolName: string;
    budgetId: string;
    joinedAt: string;
    leftAt: string | null;
  }[];
  poolPurchases: {
    poolName: string;
    boughtOn: string;
    provider: string;
    description: string;
    category: string;
    amountMinor: number;
    shareMinor: number;
  }[];
  /** Tokens and sign-in codes issued for the person, and the names they were issued under. */
  credentials: {
    kind: 'token' | 'sign-in code';
    name: string;
    role: string;
    createdAt: string;
    lastUsedAt: string | null;
    endedAt: string | null;
  }[];
}
