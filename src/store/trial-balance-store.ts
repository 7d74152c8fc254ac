import { sql } from 'drizzle-orm';
import type { AccountType } from '../core/ledger/model.js';
import type { TrialBalanceRowRead, TrialBalanceRowsQuery } from '../core/statements/store.js';
import { pence } from './pence.js';
import type { AnyDb } from './sqlite-store.js';
import { ACCOUNT_SUBJECT } from './statements-store.js';

/**
 * The trial balance PDF's reads, so it streams (core/statements/trial-balance.ts): its sums in
 * one statement, then its rows a page at a time. Every award and budget has an account, so the
 * rows grow with the data; the few others are read at once.
 */

/**
 * An account's balance at the end of `asOf`, as it stood when the chain's head was `head`.
 *
 * What was posted after the head is found from the entries after it (CROSS JOIN keeps SQLite on
 * that order, and the unary + keeps it off the account index): usually none, or a few written
 * between the sums and this page. Left to itself SQLite read every posting the account had up to
 * the date and looked up each one's entry: on 1,000,000 postings over 200 accounts, 7-21 s a
 * page of rows and 44 s for the PDF, against 8 ms this way.
 */
const balanceAt = (asOf: string, head: number | null) => sql`a.balance_minor
  - coalesce((SELECT sum(p.amount_minor) FROM postings p
               WHERE p.account_id = a.id AND p.effective_date > ${asOf}), 0)
  ${
    head === null
      ? sql``
      : sql`- coalesce((SELECT sum(p.amount_minor) FROM entries e CROSS JOIN postings p ON p.entry_id = e.id
               WHERE e.seq > ${head} AND +p.account_id = a.id AND p.effective_date <= ${asOf}), 0)`
  }`;

export async function trialBalanceSums(db: AnyDb, q: { allianceId: string; asOf: string }) {
  // The head and the sums in one statement: one snapshot (see trialBalanceAt).
  const rows = (await db.all(sql`
    SELECT h.head AS head, count(t.total) AS n,
           sum(CASE WHEN t.total > 0 THEN t.total ELSE 0 END) AS debits,
           sum(CASE WHEN t.total < 0 THEN -t.total ELSE 0 END) AS credits
      FROM (SELECT coalesce(max(seq), 0) AS head FROM entries) h
      LEFT JOIN (SELECT ${balanceAt(q.asOf, null)} AS total FROM accounts a
                  WHERE a.alliance_id = ${q.allianceId}) t ON t.total != 0
     GROUP BY h.head`)) as { head: number; n: number; debits: unknown; credits: unknown }[];
  const r = rows[0];
  return {
    headSeq: Number(r?.head ?? 0),
    accounts: Number(r?.n ?? 0),
    debitsMinor: pence(r?.debits),
    creditsMinor: pence(r?.credits),
  };
}

// The name account-names.ts gives an award's or a budget's account, built in SQL so the rows
// can be ordered by it: a fixed text and a reference (upper-case letters, digits and hyphens, in
// which byte order is the en-GB order the statement sorts by). Null for every other account.
const SORT_NAME = sql.raw(`CASE
  WHEN subject IS NULL THEN NULL
  WHEN code LIKE 'award:%' THEN 'Award to ' || subject || ', not yet paid'
  WHEN code LIKE 'budget:%:held' THEN 'Budget of ' || subject || ': held for spends waiting for approval'
  WHEN code LIKE 'budget:%' THEN 'Budget of ' || subject
END`);

export async function trialBalanceRows(
  db: AnyDb,
  q: TrialBalanceRowsQuery,
): Promise<TrialBalanceRowRead[]> {
  const after = q.bulk?.after;
  const rows = (await db.all(sql`
    SELECT * FROM (
      SELECT code, type, name, subject, total, type_rank, ${SORT_NAME} AS sort_name FROM (
        SELECT a.code AS code, a.type AS type, a.name AS name, ${ACCOUNT_SUBJECT} AS subject,
               CASE a.type WHEN 'asset' THEN 0 WHEN 'liability' THEN 1 WHEN 'fund' THEN 2
                 WHEN 'income' THEN 3 WHEN 'expense' THEN 4 ELSE -1 END AS type_rank,
               ${balanceAt(q.asOf, q.headSeq)} AS total
          FROM accounts a WHERE a.alliance_id = ${q.allianceId}))
     WHERE total != 0 AND ${
       q.bulk === null
         ? sql`sort_name IS NULL ORDER BY code`
         : sql`sort_name IS NOT NULL ${
             after
               ? sql`AND (type_rank, sort_name, code) > (${after.typeRank}, ${after.name}, ${after.code})`
               : sql``
           } ORDER BY type_rank, sort_name, code LIMIT ${q.bulk.limit}`
     }`)) as {
    code: string;
    type: AccountType;
    name: string | null;
    subject: string | null;
    total: unknown;
    type_rank: number;
    sort_name: string | null;
  }[];
  return rows.map((r) => ({
    code: r.code,
    type: r.type,
    balanceMinor: pence(r.total),
    name: r.name,
    subject: r.subject,
    typeRank: Number(r.type_rank),
    sortName: r.sort_name,
  }));
}
