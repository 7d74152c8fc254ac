import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  },
  (t) => [uniqueIndex('tokens_hash').on(t.tokenHash)],
);
