import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * The ledger's tables. What money depends on is enforced here, not only in the core:
 * - `accounts.balance_rule`: a CHECK on the stored balance, so an update that would take a
 *   no-overdraft account past zero fails whoever makes it;
 * - the triggers in drizzle/0001_ledger_triggers.sql: sealing an entry moves each account's
 *   balance by its net amount in the same statement, an entry must balance and extend the hash
 *   chain, and entries and postings can never be updated or deleted;
 * - `postings.entry_id` references `entries` DEFERRABLE INITIALLY DEFERRED (edited into the
 *   generated migration, which drizzle-kit cannot express): postings are written before their
 *   entry, and the entry row is the seal that checks them.
 */

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    type: text('type', { enum: ['asset', 'liability', 'fund', 'income', 'expense'] }).notNull(),
    normalSide: text('normal_side', { enum: ['debit', 'credit'] }).notNull(),
    allowNegative: integer('allow_negative', { mode: 'boolean' }).notNull(),
    allianceId: text('alliance_id').notNull(),
    name: text('name'),
    balanceMinor: integer('balance_minor').notNull().default(0),
    postingCount: integer('posting_count').notNull().default(0),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('accounts_code').on(t.code),
    index('accounts_alliance_code').on(t.allianceId, t.code),
    // Award accounts still owed money: the working list counts these (drizzle/0026).
    index('accounts_award_owing')
      .on(t.allianceId, t.code)
      .where(sql`${t.code} >= 'award:' AND ${t.code} < 'award;' AND ${t.balanceMinor} < 0`),
    check('account_type', sql`${t.type} IN ('asset','liability','fund','income','expense')`),
    check(
      'normal_side_matches_type',
      sql`(${t.normalSide} = 'debit' AND ${t.type} IN ('asset','expense')) OR (${t.normalSide} = 'credit' AND ${t.type} IN ('liability','fund','income'))`,
    ),
    check(
      'balance_rule',
      sql`${t.allowNegative} = 1 OR (${t.normalSide} = 'debit' AND ${t.balanceMinor} >= 0) OR (${t.normalSide} = 'credit' AND ${t.balanceMinor} <= 0)`,
    ),
  ],
);

export const entries = sqliteTable(
  'entries',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    allianceId: text('alliance_id').notNull(),
    effectiveDate: text('effective_date').notNull(),
    recordedAt: text('recorded_at').notNull(),
    description: text('description').notNull(),
    actor: text('actor').notNull(),
    reasonCode: text('reason_code').notNull(),
    reversesEntryId: text('reverses_entry_id'),
    postingCount: integer('posting_count').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('entries_seq').on(t.seq),
    uniqueIndex('entries_reverses').on(t.reversesEntryId),
    index('entries_alliance_seq').on(t.allianceId, t.seq),
    check('posting_count_range', sql`${t.postingCount} BETWEEN 2 AND 50`),
  ],
);

export const postings = sqliteTable(
  'postings',
  {
    id: integer('id').primaryKey(),
    entryId: text('entry_id').notNull(),
    line: integer('line').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    amountMinor: integer('amount_minor').notNull(),
    effectiveDate: text('effective_date').notNull(),
  },
  (t) => [
    uniqueIndex('postings_entry_line').on(t.entryId, t.line),
    // Covers both the keyset page of an account's postings and its balance as of a date.
    index('postings_account_date').on(t.accountId, t.effectiveDate, t.id, t.amountMinor),
    check('amount_not_zero', sql`${t.amountMinor} != 0`),
  ],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    allianceId: text('alliance_id').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status').notNull(),
    responseJson: text('response_json').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.key] })],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['coordinator', 'panel', 'holder', 'broker', 'auditor'] }).notNull(),
    allianceId: text('alliance_id').notNull(),
    holderId: text('holder_id'),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [uniqueIndex('tokens_hash').on(t.tokenHash)],
);

// ---------------------------------------------------------------------------------------------
// Small Sparks. The rules a decision or a payment depends on are re-checked by the triggers in
// drizzle/0003_sparks_triggers.sql inside the same batch as the ledger entry.

export const alliances = sqliteTable(
  'alliances',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    grantCeilingMinor: integer('grant_ceiling_minor').notNull(),
    grantFloorMinor: integer('grant_floor_minor').notNull(),
    followUpDays: integer('follow_up_days').notNull(),
    quorum: integer('quorum').notNull(),
    livedExperienceMajority: integer('lived_experience_majority', { mode: 'boolean' }).notNull(),
    allowAwardWhenOverdue: integer('allow_award_when_overdue', { mode: 'boolean' }).notNull(),
    // Added by drizzle/0009_dates_and_locks.sql (hand-written: ALTER TABLE keeps the rows).
    timeZone: text('time_zone').notNull().default('Europe/London'),
    bankName: text('bank_name'),
    bankAccountEnding: text('bank_account_ending'),
    contactLine: text('contact_line'),
    // Added by drizzle/0017_retention.sql: years personal data is kept after a person's last activity.
    retentionYears: integer('retention_years').notNull().default(6),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    check(
      'grant_limits',
      sql`${t.grantFloorMinor} > 0 AND ${t.grantFloorMinor} <= ${t.grantCeilingMinor} AND ${t.grantCeilingMinor} <= 10000000`,
    ),
    check('follow_up_window', sql`${t.followUpDays} BETWEEN 1 AND 365`),
    check('quorum_range', sql`${t.quorum} BETWEEN 1 AND 20`),
  ],
);

export const receipts = sqliteTable('receipts', {
  id: text('id').primaryKey(),
  allianceId: text('alliance_id')
    .notNull()
    .references(() => alliances.id),
  funder: text('funder').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  receivedOn: text('received_on').notNull(),
  reference: text('reference'),
  restricted: integer('restricted', { mode: 'boolean' }).notNull(),
  entryId: text('entry_id').notNull(),
  createdAt: text('created_at').notNull(),
});

export const panelMembers = sqliteTable(
  'panel_members',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    name: text('name'),
    livedExperience: integer('lived_experience', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    retiredOn: text('retired_on'),
  },
  (t) => [index('panel_members_alliance').on(t.allianceId)],
);

export const applicants = sqliteTable(
  'applicants',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    reference: text('reference').notNull(),
    /** A name or initials, as the person chooses. Personal: erasable. */
    name: text('name'),
    /** Optional and changeable. Personal: erasable. */
    contact: text('contact'),
    consentRecordedAt: text('consent_recorded_at').notNull(),
    erasedAt: text('erased_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('applicants_alliance_reference').on(t.allianceId, t.reference)],
);

export const applications = sqliteTable(
  'applications',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id),
    amountAskedMinor: integer('amount_asked_minor').notNull(),
    /** What it is for, in the person's words. Personal: erasable, never shown to auditors. */
    purpose: text('purpose'),
    domain: text('domain').notNull(),
    receivedOn: text('received_on').notNull(),
    notes: text('notes'),
    status: text('status', {
      enum: ['received', 'deferred', 'awarded', 'declined', 'withdrawn'],
    }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('applications_alliance_status').on(t.allianceId, t.status),
    index('applications_applicant').on(t.applicantId),
    index('applications_alliance_received').on(t.allianceId, t.receivedOn, t.id),
    check('amount_asked_positive', sql`${t.amountAskedMinor} > 0`),
  ],
);

export const sittings = sqliteTable(
  'sittings',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    heldOn: text('held_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('sittings_alliance').on(t.allianceId, t.heldOn)],
);

export const sittingMembers = sqliteTable(
  'sitting_members',
  {
    sittingId: text('sitting_id')
      .notNull()
      .references(() => sittings.id),
    memberId: text('member_id')
      .notNull()
      .references(() => panelMembers.id),
    /** As flagged at the sitting. */
    livedExperience: integer('lived_experience', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sittingId, t.memberId] })],
);

export const conflicts = sqliteTable(
  'conflicts',
  {
    sittingId: text('sitting_id')
      .notNull()
      .references(() => sittings.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    memberId: text('member_id')
      .notNull()
      .references(() => panelMembers.id),
    declaredAt: text('declared_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sittingId, t.applicationId, t.memberId] })],
);

export const decisions = sqliteTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    sittingId: text('sitting_id')
      .notNull()
      .references(() => sittings.id),
    outcome: text('outcome', { enum: ['award', 'decline', 'defer'] }).notNull(),
    amountMinor: integer('amount_minor'),
    reason: text('reason'),
    decidedOn: text('decided_on').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidingMembers: integer('deciding_members').notNull(),
    livedExperienceMembers: integer('lived_experience_members').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('decisions_application').on(t.applicationId)],
);

export const awards = sqliteTable(
  'awards',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id')
      .notNull()
      .references(() => alliances.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    applicantId: text('applicant_id')
      .notNull()
      .references(() => applicants.id),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    amountMinor: integer('amount_minor').notNull(),
    /** The panel's words for what it is for. Never shown to auditors; erasable. */
    purpose: text('purpose'),
    domain: text('domain').notNull(),
    awardedOn: text('awarded_on').notNull(),
    entryId: text('entry_id').notNull(),
    cancelledOn: text('cancelled_on'),
    cancelReason: text('cancel_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('awards_application').on(t.applicationId),
    index('awards_alliance').on(t.allianceId, t.awardedOn, t.id),
    index('awards_applicant').on(t.applicantId),
  ],
);

export const disbursements = sqliteTable(
  'disbursements',
  {
    id: text('id').primaryKey(),
    awardId: text('award_id')
      .notNull()
      .references(() => awards.id),
    allianceId: text('alliance_id').notNull(),
    method: text('method', {
      enum: ['bank_transfer', 'cash', 'voucher', 'supplier_purchase'],
    }).notNull(),
    supplier: text('supplier'),
    reference: text('reference'),
    amountMinor: integer('amount_minor').notNull(),
    paidOn: text('paid_on').notNull(),
    entryId: text('entry_id').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('disbursements_award').on(t.awardId),
    check('disbursement_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const grantReturns = sqliteTable(
  'grant_returns',
  {
    id: text('id').primaryKey(),
    awardId: text('award_id')
      .notNull()
      .references(() => awards.id),
    allianceId: text('alliance_id').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    returnedOn: text('returned_on').notNull(),
    entryId: text('entry_id').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('grant_returns_award').on(t.awardId),
    check('return_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    awardId: text('award_id')
      .primaryKey()
      .references(() => awards.id),
    allianceId: text('alliance_id').notNull(),
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: ['due', 'heard', 'waived'] }).notNull(),
    heardOn: text('heard_on'),
    inPerson: integer('in_person', { mode: 'boolean' }),
    /** What difference it made, in the person's words. Never shown to auditors; erasable. */
    difference: text('difference'),
    domainsImproved: text('domains_improved'),
    waivedReason: text('waived_reason'),
    recordedBy: text('recorded_by'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('follow_ups_alliance_due').on(t.allianceId, t.status, t.dueOn, t.awardId)],
);

// ---------------------------------------------------------------------------------------------
// Individual budgets and pools. Rules a spend depends on are re-checked by the triggers in
// drizzle/0005_budgets_triggers.sql; money rules are the no-overdraft accounts of the ledger.

export const people = sqliteTable(
  'people',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id').notNull(),
    reference: text('reference').notNull(),
    kind: text('kind', { enum: ['holder', 'supporter', 'broker'] }).notNull(),
    /** As the person chooses; personal, erasable. */
    name: text('name'),
    erasedAt: text('erased_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('people_alliance_reference').on(t.allianceId, t.reference)],
);

export const streams = sqliteTable('streams', {
  id: text('id').primaryKey(),
  allianceId: text('alliance_id').notNull(),
  name: text('name').notNull(),
  /** JSON arrays of category codes. An empty allowed list allows every category not forbidden. */
  allowedCategories: text('allowed_categories').notNull(),
  forbiddenCategories: text('forbidden_categories').notNull(),
  extraCategories: text('extra_categories').notNull(),
  /** JSON array of provider names, or NULL for any provider. */
  allowedProviders: text('allowed_providers'),
  approvalLimitMinor: integer('approval_limit_minor').notNull(),
  topSliceBasisPoints: integer('top_slice_bp').notNull(),
  periodEndRule: text('period_end_rule', { enum: ['return', 'rollover'] }).notNull(),
  createdAt: text('created_at').notNull(),
  /** The guaranteed minimum per budget (0013): the reserve and the JSON arrays of what is core. */
  reserveMinor: integer('reserve_minor').notNull().default(0),
  coreCategories: text('core_categories').notNull().default('[]'),
  coreProviders: text('core_providers').notNull().default('[]'),
});

/** A pool contribution's claim on a budget, checked against the stream's reserve (0013). */
export const budgetReserveDraws = sqliteTable('budget_reserve_draws', {
  entryId: text('entry_id').primaryKey(),
  budgetId: text('budget_id').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  reason: text('reason').notNull(),
  createdAt: text('created_at').notNull(),
});

export const budgets = sqliteTable(
  'budgets',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id').notNull(),
    streamId: text('stream_id')
      .notNull()
      .references(() => streams.id),
    holderId: text('holder_id')
      .notNull()
      .references(() => people.id),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    controlMode: text('control_mode', { enum: ['self', 'joint', 'managed'] }).notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    closedOn: text('closed_on'),
    rolledFrom: text('rolled_from'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('budgets_holder').on(t.holderId),
    index('budgets_alliance').on(t.allianceId),
    check('budget_period', sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);

export const budgetParties = sqliteTable(
  'budget_parties',
  {
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id),
    personId: text('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role', { enum: ['co_holder', 'broker'] }).notNull(),
    addedAt: text('added_at').notNull(),
    removedAt: text('removed_at'),
    removedReason: text('removed_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.budgetId, t.personId] }),
    index('budget_parties_person').on(t.personId),
  ],
);

export const spends = sqliteTable(
  'spends',
  {
    id: text('id').primaryKey(),
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id),
    allianceId: text('alliance_id').notNull(),
    provider: text('provider').notNull(),
    category: text('category').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    spentOn: text('spent_on').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    needsApproval: integer('needs_approval', { mode: 'boolean' }).notNull(),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('spends_budget').on(t.budgetId, t.spentOn),
    check('spend_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const pools = sqliteTable('pools', {
  id: text('id').primaryKey(),
  allianceId: text('alliance_id').notNull(),
  name: text('name').notNull(),
  coordinatorPersonId: text('coordinator_person_id')
    .notNull()
    .references(() => people.id),
  splitRule: text('split_rule', { enum: ['pro_rata', 'equal'] }).notNull(),
  createdAt: text('created_at').notNull(),
});

export const poolMembers = sqliteTable(
  'pool_members',
  {
    poolId: text('pool_id')
      .notNull()
      .references(() => pools.id),
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id),
    /** Order of joining: ties in splitting a penny go to the earliest member. */
    joinedSeq: integer('joined_seq').notNull(),
    joinedAt: text('joined_at').notNull(),
    leftAt: text('left_at'),
  },
  (t) => [primaryKey({ columns: [t.poolId, t.budgetId] })],
);

export const poolPurchases = sqliteTable('pool_purchases', {
  id: text('id').primaryKey(),
  poolId: text('pool_id')
    .notNull()
    .references(() => pools.id),
  provider: text('provider').notNull(),
  category: text('category').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  boughtOn: text('bought_on').notNull(),
  description: text('description').notNull(),
  entryId: text('entry_id').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Closings of the books (drizzle/0009): the lock date is the latest `closed_through`. */
export const periodClosings = sqliteTable(
  'period_closings',
  {
    id: text('id').primaryKey(),
    allianceId: text('alliance_id').notNull(),
    closedThrough: text('closed_through').notNull(),
    closedBy: text('closed_by').notNull(),
    closedAt: text('closed_at').notNull(),
  },
  (t) => [uniqueIndex('period_closings_alliance_through').on(t.allianceId, t.closedThrough)],
);
