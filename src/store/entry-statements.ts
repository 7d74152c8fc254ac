import type { Entry } from '../core/ledger/model.js';
import type { Statement } from './sqlite-store.js';

/** One posting's values; each row finds its account by code. */
const POSTING_ROW = '(?, ?, (SELECT id FROM accounts WHERE code = ?), ?, ?)';
/** D1 binds at most 100 parameters a statement: 20 rows of 5. */
const ROWS_PER_INSERT = 20;
const INSERT_ENTRY =
  'INSERT INTO entries (id, seq, alliance_id, effective_date, recorded_at, description, actor, reason_code, reverses_entry_id, posting_count, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The statement text for `rows` postings, built once for each count and kept. */
const insertPostings: string[] = [];
function insertPostingsSql(rows: number): string {
  insertPostings[rows] ??=
    `INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES ${Array.from({ length: rows }, () => POSTING_ROW).join(', ')}`;
  return insertPostings[rows]!;
}

/**
 * An entry's rows: its postings in multi-row INSERTs (one for an entry of up to 20 postings, where
 * one statement a posting cost 5-20 µs an entry more), then the entry, whose row seals them. The
 * triggers still run for every row.
 */
export function entryStatements(e: Entry): Statement[] {
  const statements: Statement[] = [];
  for (let from = 0; from < e.postings.length; from += ROWS_PER_INSERT) {
    const rows = e.postings.slice(from, from + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const p of rows) params.push(e.id, p.line, p.accountCode, p.amountMinor, e.effectiveDate);
    statements.push({ sql: insertPostingsSql(rows.length), params });
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
