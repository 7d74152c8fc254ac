import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import {
  NORMAL_SIDE,
  type Account,
  type ChainHead,
  type Entry,
  GENESIS,
} from '../core/ledger/model.js';
import {
  DATE_REJECTIONS,
  SPARKS_REJECTIONS,
  type BookDates,
  StoreRejection,
  type IdempotencyRecord,
  type PostingQuery,
  type PostingRow,
  type Readiness,
  type RejectionReason,
  type Store,
  type TokenRecord,
  type TrialBalanceRow,
  type Write,
} from '../core/store.js';
import type * as schema from './schema.js';
import { SqliteSparksStore, sparksStatements } from './sparks-store.js';
import { SqliteBudgetsStore, budgetStatements } from './budgets-store.js';
import { SqliteStatementsStore } from './statements-store.js';
import { erasureStatements, isErasureWrite } from './erasure-store.js';
import type { BudgetWrite } from '../core/budgets/store.js';
import type { ReminderWrite } from '../core/reminders/store.js';
import { REMINDER_WRITES, SqliteRemindersStore, reminderStatements } from './reminders-store.js';
import { SqliteSignInStore, signInStatements } from './sign-in-store.js';
import { SqlitePrivacyStore } from './privacy-store.js';
import { SqliteCheckpointStore } from './checkpoints-store.js';
import { SIGN_IN_WRITES, type SignInWrite } from '../core/sign-in/model.js';
import type { SparksWrite } from '../core/sparks/store.js';
import { accounts, entries, periodClosings, postings, tokens } from './schema.js';
import type { PeriodClosing } from '../core/ledger/closings.js';
import { entriesWithPostings, postingsAfter, toAccount, toEntry, type AccountRow } from './rows.js';
import { pence } from './pence.js';
import { beforeCursor } from './in-list.js';
import type { Page } from '../core/paging.js';
import type { AccessLogRow } from '../core/access-log.js';
import { quickCheck, readiness } from './health-checks.js';
import { entriesStatements, entryStatements } from './entry-statements.js';

// One drizzle database type for both drivers: better-sqlite3 runs queries synchronously, D1
// asynchronously, and `await` works on both, so every read below is shared.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;
/**
 * A write as SQL text and its parameters, ready for either driver: Node runs it through a cached
 * prepared statement, D1 binds it into its batch. The hot writes of every entry are written by
 * hand; the rest come from drizzle's query builder via `toSQL()`, whose query building was a
 * quarter of a request's CPU on the hot path.
 */
export interface Statement {
  sql: string;
  params: unknown[];
}
export type DrizzleQuery = { toSQL(): { sql: string; params: unknown[] } };
export const fromDrizzle = (query: DrizzleQuery): Statement => {
  const { sql: text, params } = query.toSQL();
  return { sql: text, params };
};

const INSERT_IDEMPOTENCY =
  'INSERT INTO idempotency_keys (alliance_id, key, fingerprint, status, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?)';

/** An alliance's time zone (London unless it says otherwise) and lock date; binds its id twice. */
const BOOK_DATES =
  "coalesce((SELECT time_zone FROM alliances WHERE id = ?), 'Europe/London') AS timeZone, (SELECT max(closed_through) FROM period_closings WHERE alliance_id = ?) AS lockedThrough";

const SELECT_BOOK_DATES = `SELECT ${BOOK_DATES}`;
/** The record of a key (all nulls when there is none) beside the book dates. */
const IDEMPOTENCY_WITH_BOOK_DATES = `SELECT ${BOOK_DATES}, k.alliance_id AS allianceId, k.key, k.fingerprint, k.status, k.response_json AS responseJson, k.created_at AS createdAt FROM (SELECT 1) LEFT JOIN idempotency_keys k ON k.alliance_id = ? AND k.key = ?`;

/** How one runtime applies a batch atomically. */
export interface Committer {
  /** Checkpoints and truncates the write-ahead log, where the runtime lets us. */
  compact?(): Promise<void>;
  /**
   * `build` returns the statements for a head and the head they leave behind. They may come one
   * at a time: a 1,000-entry batch makes 4,000, and each can be run and dropped as it comes.
   */
  commit(
    build: (head: ChainHead) => { statements: Iterable<Statement>; head: ChainHead },
  ): Promise<void>;
  /** Rows of a hand-written query, for the reads every request makes. */
  read<T>(statement: Statement): Promise<T[]>;
}

export class SqliteStore implements Store {
  readonly sparks: SqliteSparksStore;
  readonly budgets: SqliteBudgetsStore;
  readonly statements: SqliteStatementsStore;
  readonly reminders: SqliteRemindersStore;
  readonly signIn: SqliteSignInStore;
  readonly privacy: SqlitePrivacyStore;
  readonly checkpoints: SqliteCheckpointStore;

  constructor(
    readonly db: AnyDb,
    private readonly committer: Committer,
  ) {
    this.sparks = new SqliteSparksStore(db);
    this.budgets = new SqliteBudgetsStore(db);
    this.statements = new SqliteStatementsStore(db);
    this.reminders = new SqliteRemindersStore((statement) => this.committer.read(statement));
    this.signIn = new SqliteSignInStore(committer);
    this.privacy = new SqlitePrivacyStore(committer);
    this.checkpoints = new SqliteCheckpointStore(db, committer);
  }

  integrityCheck(): Promise<string[]> {
    return quickCheck(this.committer);
  }

  readiness(now: string): Promise<Readiness> {
    return readiness(this.committer, now);
  }

  async commit(build: (head: ChainHead) => Write[]): Promise<void> {
    try {
      await this.committer.commit((head) => {
        const writes = build(head);
        return {
          statements: this.statementsOf(writes),
          head: headAfter(head, writes),
        };
      });
    } catch (error) {
      throw translateError(error);
    }
  }

  /**
   * One array, not a generator: a batch's 2,000 statements were a result object each. Entries
   * next to each other are written together (entriesStatements), in their place among the rest.
   */
  private statementsOf(writes: Write[]): Statement[] {
    const statements: Statement[] = [];
    let entries: Entry[] = [];
    for (const write of writes) {
      if (write.kind === 'entry') {
        entries.push(write.entry);
        continue;
      }
      if (entries.length) for (const s of entriesStatements(entries)) statements.push(s);
      entries = [];
      for (const s of this.statementsFor(write)) statements.push(s);
    }
    if (entries.length) for (const s of entriesStatements(entries)) statements.push(s);
    return statements;
  }

  /** Each write as drizzle statements. Postings go before their entry: the entry row seals them. */
  private statementsFor(write: Write): Statement[] {
    const db = this.db;
    switch (write.kind) {
      case 'open_account': {
        const a = write.account;
        return [
          fromDrizzle(
            db
              .insert(accounts)
              .values({
                code: a.code,
                type: a.type,
                normalSide: NORMAL_SIDE[a.type],
                allowNegative: a.allowNegative,
                allianceId: a.allianceId,
                name: a.name,
                createdAt: a.createdAt,
              })
              .onConflictDoNothing(),
          ),
        ];
      }
      case 'entry':
        return entryStatements(write.entry);
      case 'idempotency': {
        const r = write.record;
        return [
          {
            sql: INSERT_IDEMPOTENCY,
            params: [r.allianceId, r.key, r.fingerprint, r.status, r.responseJson, r.createdAt],
          },
        ];
      }
      case 'token':
        return [fromDrizzle(db.insert(tokens).values(write.token))];
      case 'token_used':
        return [
          {
            sql: 'UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
            params: [write.at, write.tokenId, write.at],
          },
        ];
      case 'access': {
        const r = write.record;
        return [
          {
            sql: 'INSERT INTO access_log (alliance_id, at, token_id, role, method, route, what, subject_id, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            params: [
              r.allianceId,
              r.at,
              r.tokenId,
              r.role,
              r.method,
              r.route,
              r.what,
              r.subjectId,
              r.requestId,
            ],
          },
        ];
      }
      case 'period_closing':
        return [fromDrizzle(db.insert(periodClosings).values(write.closing))];
      case 'revoke_token':
        return [
          fromDrizzle(
            db
              .update(tokens)
              .set({ revokedAt: write.revokedAt })
              .where(and(eq(tokens.id, write.tokenId), sql`${tokens.revokedAt} IS NULL`)),
          ),
        ];
      default:
        if (isReminderWrite(write)) return reminderStatements(write);
        if (SIGN_IN_WRITES.has(write.kind)) return signInStatements(write as SignInWrite);
        if (isErasureWrite(write)) return erasureStatements(write);
        return (
          isBudgetWrite(write)
            ? budgetStatements(db, write)
            : sparksStatements(db, write as SparksWrite)
        ).map(fromDrizzle);
    }
  }

  async compact(): Promise<void> {
    await this.committer.compact?.();
  }

  /**
   * Hand-written statements as one atomic batch, past every check of the core: how the tests
   * prove that each rule the books depend on is the database's own. The chain head is passed
   * through (a batch that seals an entry computes seq and prev_hash in SQL); refusals come back
   * as `StoreRejection`s like any commit's.
   */
  async executeRaw(statements: Statement[]): Promise<void> {
    try {
      await this.committer.commit((head) => ({ statements, head }));
    } catch (error) {
      throw translateError(error);
    }
  }

  async getAccount(code: string): Promise<Account | null> {
    const rows = await this.committer.read<AccountRowRaw>({
      sql: `${SELECT_ACCOUNT} WHERE code = ? LIMIT 1`,
      params: [code],
    });
    return rows[0] ? fromAccountRow(rows[0]) : null;
  }

  async getAccounts(codes: readonly string[]): Promise<Map<string, Account>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    const rows = await this.committer.read<AccountRowRaw>({
      sql: `${SELECT_ACCOUNT} WHERE code IN (${unique.map(() => '?').join(', ')})`,
      params: unique,
    });
    return new Map(rows.map((r) => [r.code, fromAccountRow(r)]));
  }

  async listAccounts(query: {
    allianceId: string;
    prefix: string;
    after: string | null;
    limit: number;
  }): Promise<Account[]> {
    const escaped = query.prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.db
      .select()
      .from(accounts)
      .where(
        and(
          eq(accounts.allianceId, query.allianceId),
          sql`${accounts.code} LIKE ${`${escaped}%`} ESCAPE '\\'`,
          query.after === null ? undefined : gt(accounts.code, query.after),
        ),
      )
      .orderBy(asc(accounts.code))
      .limit(query.limit + 1);
    return rows.map(toAccount);
  }

  /**
   * The stored balance less what was posted with a later effective date: index-only over the
   * postings after `asOf`, so the usual question (a recent date) costs little however long the
   * account's history is.
   */
  async balanceAsOf(accountId: number, asOf: string): Promise<number> {
    const rows = await this.db
      .select({
        balance: sql<number>`${accounts.balanceMinor} - coalesce((SELECT sum(p.amount_minor) FROM postings p WHERE p.account_id = "accounts"."id" AND p.effective_date > ${asOf}), 0)`,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    return pence(rows[0]?.balance ?? 0);
  }

  async balancesAsOf(code: string, days: readonly string[]): Promise<number[]> {
    // The days as one JSON parameter (D1 binds at most 100). Each day's balance is the stored
    // one less what moved after it: what moved between one asked day and the next is summed from
    // the account's nets per day (drizzle/0028) and added up from the latest day back, so each
    // day the account moved on is visited once, however many postings it had.
    const rows = (await this.db.all(sql`
      SELECT e.day, a.balance_minor - sum((SELECT coalesce(sum(ad.net_minor), 0) FROM account_days ad
               WHERE ad.account_id = a.id AND ad.day > e.day AND (e.next IS NULL OR ad.day <= e.next)))
               OVER (ORDER BY e.day DESC) AS balance
        FROM (SELECT value AS day, lead(value) OVER (ORDER BY value) AS next
                FROM (SELECT DISTINCT value FROM json_each(${JSON.stringify(days)}))) e
        JOIN accounts a ON a.code = ${code}`)) as { day: string; balance: unknown }[];
    const at = new Map(rows.map((r) => [r.day, pence(r.balance)]));
    return days.map((d) => at.get(d) ?? 0);
  }

  async listPostings(query: PostingQuery): Promise<PostingRow[]> {
    const after = query.after;
    return this.db
      .select({
        id: postings.id,
        entryId: postings.entryId,
        line: postings.line,
        effectiveDate: postings.effectiveDate,
        amountMinor: postings.amountMinor,
        description: entries.description,
        reasonCode: entries.reasonCode,
      })
      .from(postings)
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .where(
        and(
          eq(postings.accountId, query.accountId),
          postingsAfter(after),
          query.from ? sql`${postings.effectiveDate} >= ${query.from}` : undefined,
          query.to ? lte(postings.effectiveDate, query.to) : undefined,
        ),
      )
      .orderBy(asc(postings.effectiveDate), asc(postings.id))
      .limit(query.limit);
  }

  async getEntry(id: string): Promise<(Entry & { reversedByEntryId: string | null }) | null> {
    const rows = await this.db.select().from(entries).where(eq(entries.id, id)).limit(1);
    const row = rows[0];
    if (!row) return null;
    const [lines, reversal] = await Promise.all([
      this.db
        .select({
          entryId: postings.entryId,
          line: postings.line,
          accountCode: accounts.code,
          amountMinor: postings.amountMinor,
        })
        .from(postings)
        .innerJoin(accounts, eq(accounts.id, postings.accountId))
        .where(eq(postings.entryId, id))
        .orderBy(asc(postings.line)),
      this.db
        .select({ id: entries.id })
        .from(entries)
        .where(eq(entries.reversesEntryId, id))
        .limit(1),
    ]);
    return { ...toEntry(row, lines), reversedByEntryId: reversal[0]?.id ?? null };
  }

  async trialBalance(query: {
    allianceId: string;
    asOf: string | null;
  }): Promise<TrialBalanceRow[]> {
    if (query.asOf === null) {
      return this.db
        .select({ code: accounts.code, type: accounts.type, balanceMinor: accounts.balanceMinor })
        .from(accounts)
        .where(and(eq(accounts.allianceId, query.allianceId), sql`${accounts.balanceMinor} != 0`))
        .orderBy(asc(accounts.code));
    }
    // Per account, the stored balance less later postings (see balanceAsOf): one index range per
    // account instead of sorting every posting of the alliance.
    const rows = await this.db
      .select({
        code: accounts.code,
        type: accounts.type,
        balanceMinor:
          sql<number>`${accounts.balanceMinor} - coalesce((SELECT sum(p.amount_minor) FROM postings p WHERE p.account_id = "accounts"."id" AND p.effective_date > ${query.asOf}), 0)`.as(
            'as_of_balance',
          ),
      })
      .from(accounts)
      .where(eq(accounts.allianceId, query.allianceId))
      .orderBy(asc(accounts.code));
    return rows
      .map((r) => ({ ...r, balanceMinor: pence(r.balanceMinor) }))
      .filter((r) => r.balanceMinor !== 0);
  }

  async chainPage(afterSeq: number, limit: number): Promise<Entry[]> {
    return entriesWithPostings(this.db, { allianceId: null, afterSeq, toSeq: null, limit });
  }

  async chainHead(): Promise<ChainHead> {
    const rows = await this.db
      .select({ seq: entries.seq, hash: entries.hash })
      .from(entries)
      .orderBy(desc(entries.seq))
      .limit(1);
    return rows[0] ?? GENESIS;
  }

  async balanceMismatches(limit: number) {
    const posted = this.db
      .select({
        accountId: postings.accountId,
        total: sql<number>`sum(${postings.amountMinor})`.as('total'),
      })
      .from(postings)
      .groupBy(postings.accountId)
      .as('posted');
    const rows = await this.db
      .select({
        code: accounts.code,
        storedMinor: accounts.balanceMinor,
        postedMinor: sql<number>`coalesce(${posted.total}, 0)`,
      })
      .from(accounts)
      .leftJoin(posted, eq(posted.accountId, accounts.id))
      .where(sql`${accounts.balanceMinor} != coalesce(${posted.total}, 0)`)
      .limit(limit);
    return rows.map((r) => ({ ...r, postedMinor: pence(r.postedMinor) }));
  }

  async getIdempotency(allianceId: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.committer.read<IdempotencyRecord>({
      sql: 'SELECT alliance_id AS allianceId, key, fingerprint, status, response_json AS responseJson, created_at AS createdAt FROM idempotency_keys WHERE alliance_id = ? AND key = ?',
      params: [allianceId, key],
    });
    return rows[0] ?? null;
  }

  async idempotencyWithBookDates(
    allianceId: string,
    key: string,
  ): Promise<{ record: IdempotencyRecord | null; books: BookDates }> {
    const [row] = await this.committer.read<BookDates & Partial<IdempotencyRecord>>({
      sql: IDEMPOTENCY_WITH_BOOK_DATES,
      params: [allianceId, allianceId, allianceId, key],
    });
    const { timeZone, lockedThrough, ...record } = row!;
    return {
      record: record.key == null ? null : (record as IdempotencyRecord),
      books: { timeZone, lockedThrough },
    };
  }

  async bookDates(allianceId: string): Promise<BookDates> {
    const rows = await this.committer.read<BookDates>({
      sql: SELECT_BOOK_DATES,
      params: [allianceId, allianceId],
    });
    return rows[0] ?? { timeZone: 'Europe/London', lockedThrough: null };
  }

  async listClosings(allianceId: string, page: Page): Promise<PeriodClosing[]> {
    return this.db
      .select()
      .from(periodClosings)
      .where(
        and(
          eq(periodClosings.allianceId, allianceId),
          beforeCursor(periodClosings.closedThrough, periodClosings.id, page.after),
        ),
      )
      .orderBy(desc(periodClosings.closedThrough), desc(periodClosings.id))
      .limit(page.limit + 1);
  }

  async findTokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const rows = await this.committer.read<TokenRecord>({
      sql: 'SELECT id, token_hash AS tokenHash, name, role, alliance_id AS allianceId, holder_id AS holderId, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, last_used_at AS lastUsedAt FROM tokens WHERE token_hash = ? LIMIT 1',
      params: [tokenHash],
    });
    return rows[0] ?? null;
  }

  async listAccessLog(query: {
    allianceId: string;
    subjectId: string | null;
    beforeId: number | null;
    limit: number;
  }): Promise<AccessLogRow[]> {
    return this.committer.read<AccessLogRow>({
      sql: `SELECT l.id, l.alliance_id AS allianceId, l.at, l.token_id AS tokenId, t.name AS tokenName,
          l.role, l.method, l.route, l.what, l.subject_id AS subjectId, l.request_id AS requestId
        FROM access_log l LEFT JOIN tokens t ON t.id = l.token_id
        WHERE l.alliance_id = ? AND (? IS NULL OR l.subject_id = ?) AND (? IS NULL OR l.id < ?)
        ORDER BY l.id DESC LIMIT ?`,
      params: [
        query.allianceId,
        query.subjectId,
        query.subjectId,
        query.beforeId,
        query.beforeId,
        query.limit,
      ],
    });
  }

  /** For the admin command: every token of an alliance, newest first. Never the secret. */
  async listTokens(allianceId: string): Promise<TokenRecord[]> {
    return this.db
      .select()
      .from(tokens)
      .where(eq(tokens.allianceId, allianceId))
      .orderBy(desc(tokens.createdAt));
  }
}

const SELECT_ACCOUNT =
  'SELECT id, code, type, normal_side AS normalSide, allow_negative AS allowNegative, alliance_id AS allianceId, name, balance_minor AS balanceMinor, posting_count AS postingCount, created_at AS createdAt FROM accounts';
type AccountRowRaw = Omit<AccountRow, 'allowNegative'> & { allowNegative: number | boolean };
function fromAccountRow(row: AccountRowRaw): Account {
  return toAccount({ ...row, allowNegative: Boolean(row.allowNegative) });
}

// The messages both drivers give for our constraints and triggers (drizzle and D1 wrap the
// driver's error, so the whole cause chain is searched).
const REJECTIONS: [RegExp, RejectionReason][] = [
  ...[...SPARKS_REJECTIONS, ...DATE_REJECTIONS].map((code): [RegExp, RejectionReason] => [
    new RegExp(`\\b${code}\\b`),
    code,
  ]),
  [/CHECK constraint failed: balance_rule/, 'balance_rule'],
  [/UNIQUE constraint failed: idempotency_keys/, 'idempotency_key_taken'],
  [/UNIQUE constraint failed: entries\.reverses_entry_id/, 'already_reversed'],
  [/chain_conflict|UNIQUE constraint failed: entries\.seq/, 'chain_conflict'],
  [
    /NOT NULL constraint failed: postings\.account_id|FOREIGN KEY constraint failed/,
    'unknown_account',
  ],
  [/entry_unbalanced|reversal_mismatch/, 'entry_unbalanced'],
  [/cross_alliance/, 'cross_alliance'],
  [/append_only/, 'append_only'],
  [/sign_in_code_spent/, 'sign_in_code_spent'],
];

export function translateError(error: unknown): unknown {
  if (error instanceof StoreRejection) return error;
  const messages: string[] = [];
  for (
    let e: unknown = error, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    messages.push(e instanceof Error ? e.message : String(e));
  }
  const text = messages.join(' | ');
  for (const [pattern, reason] of REJECTIONS) {
    if (pattern.test(text)) return new StoreRejection(reason, text);
  }
  return error;
}

export function isChainConflict(error: unknown): boolean {
  const translated = translateError(error);
  return translated instanceof StoreRejection && translated.reason === 'chain_conflict';
}

const BUDGET_WRITES = new Set<string>([
  'person',
  'stream',
  'budget',
  'budget_party',
  'budget_party_removed',
  'budget_close',
  'spend',
  'spend_decided',
  'pool',
  'pool_member',
  'pool_member_left',
  'pool_purchase',
  'reserve_draw',
]);
function isReminderWrite(write: Write): write is ReminderWrite {
  return REMINDER_WRITES.has(write.kind);
}
function isBudgetWrite(write: Write): write is BudgetWrite {
  return BUDGET_WRITES.has(write.kind);
}

/** The head after a batch: the last entry it sealed, or the head it was built on. */
export function headAfter(head: ChainHead, writes: Write[]): ChainHead {
  let next = head;
  for (const w of writes) if (w.kind === 'entry') next = { seq: w.entry.seq, hash: w.entry.hash };
  return next;
}
