import type { Actor } from '../context.js';
import { entryDescriptionFor } from '../redaction.js';
import { formatMinor } from '../money.js';
import type { PostingRow, TrialBalanceRow } from '../store.js';
import { normalBalanceMinor, type Account, type Entry } from './model.js';

/** The wire shapes. Money leaves the core here, as decimal strings. */
export function accountView(
  account: Account,
  balanceMinor = account.balanceMinor,
  asOf: string | null = null,
) {
  return {
    code: account.code,
    type: account.type,
    normalSide: account.normalSide,
    allowNegative: account.allowNegative,
    name: account.name,
    allianceId: account.allianceId,
    /** Signed, debit positive: the figure that sums to zero across the ledger. */
    balance: formatMinor(balanceMinor),
    /** The same figure seen from the account's normal side: a fund holding £2,000 shows "2000.00". */
    normalBalance: formatMinor(normalBalanceMinor(account, balanceMinor)),
    asOf,
    createdAt: account.createdAt,
  };
}

export function entryView(
  entry: Entry,
  reader: Pick<Actor, 'role'>,
  reversedByEntryId: string | null = null,
) {
  return {
    id: entry.id,
    seq: entry.seq,
    allianceId: entry.allianceId,
    effectiveDate: entry.effectiveDate,
    recordedAt: entry.recordedAt,
    description: entryDescriptionFor(reader, entry),
    actor: entry.actor,
    reasonCode: entry.reasonCode,
    reversesEntryId: entry.reversesEntryId,
    reversedByEntryId,
    postings: entry.postings.map((p) => ({
      account: p.accountCode,
      amount: formatMinor(p.amountMinor),
    })),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

export function postingView(row: PostingRow, reader: Pick<Actor, 'role'>) {
  return {
    entryId: row.entryId,
    line: row.line,
    effectiveDate: row.effectiveDate,
    amount: formatMinor(row.amountMinor),
    description: entryDescriptionFor(reader, row),
    reasonCode: row.reasonCode,
  };
}

export function trialBalanceView(rows: TrialBalanceRow[], asOf: string | null, allianceId: string) {
  let debits = 0;
  let credits = 0;
  for (const row of rows) {
    if (row.balanceMinor > 0) debits += row.balanceMinor;
    else credits -= row.balanceMinor;
  }
  return {
    allianceId,
    asOf,
    accounts: rows.map((r) => ({
      code: r.code,
      type: r.type,
      debit: formatMinor(r.balanceMinor > 0 ? r.balanceMinor : 0),
      credit: formatMinor(r.balanceMinor < 0 ? -r.balanceMinor : 0),
    })),
    totalDebits: formatMinor(debits),
    totalCredits: formatMinor(credits),
    balanced: debits === credits,
  };
}
