import type { Entry } from '../core/ledger/model.js';
import type { Statement } from './sqlite-store.js';

/** One posting's values: its account by code, or by the id the batch already read. */
const POSTING_ROW = '(?, ?, (SELECT id FROM accounts WHERE code = ?), ?, ?)';
const POSTING_ROW_BY_ID = '(?, ?, ?, ?, ?)';
/** D1 binds at most 100 parameters a statement: 20 rows of 5. */
const ROWS_PER_INSERT = 20;
const INSERT_ENTRY =
  'INSERT INTO entries (id, seq, alliance_id, effective_date, recorded_at, description, actor, reason_code, reverses_entry_id, posting_count, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The statement text for `rows` postings, built once for each count and kept. */
const insertPostings: string[] = [];
const insertPostingsById: string[] = [];
function insertPostingsSql(rows: number, byId: boolean): string {
  const kept = byId ? insertPostingsById : insertPostings;
  const row = byId ? POSTING_ROW_BY_ID : POSTING_ROW;
  kept[rows] ??=
    `INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
  return kept[rows]!;
}

/**
 * An entry's rows: its postings in multi-row INSERTs (one for an entry of up to 20 postings, where
 * one statement a posting cost 5-20 µs an entry more), then the entry, whose row seals them. The
 * triggers still run for every row.
 */
export function entryStatements(e: Entry): Statement[] {
  const statements: Statement[] = [];
  const postings = e.postings;
  for (let from = 0; from < postings.length; from += ROWS_PER_INSERT) {
    const to = Math.min(postings.length, from + ROWS_PER_INSERT);
    // An account's code and id never change and accounts are never deleted, so the id a batch
    // read with its accounts spares each row the lookup by code.
    let byId = true;
    for (let i = from; i < to; i++) if (postings[i]!.accountId === undefined) byId = false;
    // Sized once and filled in place: a batch makes a thousand of these.
    const params: unknown[] = new Array((to - from) * 5);
    for (let i = from, at = 0; i < to; i++, at += 5) {
      const p = postings[i]!;
      params[at] = e.id;
      params[at + 1] = p.line;
      params[at + 2] = byId ? p.accountId : p.accountCode;
      params[at + 3] = p.amountMinor;
      params[at + 4] = e.effectiveDate;
    }
    statements.push({ sql: insertPostingsSql(to - from, byId), params });
  }
  statements.push({
    sql: INSERT_ENTRY,
    params: [
      e.id,
      e.seq,
      e.allianceId,
      e.effectiveDate,
      e.recordedAt,
      e.description,
      e.actor,
      e.reasonCode,
      e.reversesEntryId,
      e.postings.length,
      e.prevHash,
      e.hash,
    ],
  });
  return statements;
}
