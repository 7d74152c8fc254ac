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
  for (let from = 0; from < e.postings.length; from += ROWS_PER_INSERT) {
    const rows = e.postings.slice(from, from + ROWS_PER_INSERT);
    // An account's code and id never change and accounts are never deleted, so the id a batch
    // read with its accounts spares each row the lookup by code.
    const byId = rows.every((p) => p.accountId !== undefined);
    const params: unknown[] = [];
    for (const p of rows)
      params.push(e.id, p.line, byId ? p.accountId : p.accountCode, p.amountMinor, e.effectiveDate);
    statements.push({ sql: insertPostingsSql(rows.length, byId), params });
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
