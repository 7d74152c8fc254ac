import { and, asc, eq, gt, lte, or } from 'drizzle-orm';
import type { Account, Entry } from '../core/ledger/model.js';
import { pence } from './pence.js';
import { accounts, entries, postings } from './schema.js';
import type { AnyDb } from './sqlite-store.js';

export type AccountRow = typeof accounts.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;

export function toAccount(row: AccountRow): Account {
  return { ...row, balanceMinor: pence(row.balanceMinor), postingCount: Number(row.postingCount) };
}

export function toEntry(
  row: EntryRow,
  lines: { line: number; accountCode: string; amountMinor: number }[],
): Entry {
  return {
    id: row.id,
    seq: row.seq,
    allianceId: row.allianceId,
    effectiveDate: row.effectiveDate,
    recordedAt: row.recordedAt,
    description: row.description,
    actor: row.actor,
    reasonCode: row.reasonCode,
    reversesEntryId: row.reversesEntryId,
    prevHash: row.prevHash,
    hash: row.hash,
    postings: lines.map((l) => ({
      line: l.line,
      accountCode: l.accountCode,
      amountMinor: pence(l.amountMinor),
    })),
  };
}

/**
 * Entries in chain order after `afterSeq` (and up to `toSeq`), of one alliance or of all, with
 * their postings: two queries, whatever the page size.
 */
export async function entriesWithPostings(
  db: AnyDb,
  q: { allianceId: string | null; afterSeq: number; toSeq: number | null; limit: number },
): Promise<Entry[]> {
  const where = (last: number | null) =>
    and(
      q.allianceId === null ? undefined : eq(entries.allianceId, q.allianceId),
      gt(entries.seq, q.afterSeq),
      last === null ? undefined : lte(entries.seq, last),
    );
  const rows = await db
    .select()
    .from(entries)
    .where(where(q.toSeq))
    .orderBy(asc(entries.seq))
    .limit(q.limit);
  if (rows.length === 0) return [];
  const lines = await db
    .select({
      entryId: postings.entryId,
      line: postings.line,
      accountCode: accounts.code,
      amountMinor: postings.amountMinor,
    })
    .from(postings)
    .innerJoin(entries, eq(entries.id, postings.entryId))
    .innerJoin(accounts, eq(accounts.id, postings.accountId))
    .where(where(rows[rows.length - 1]!.seq))
    .orderBy(asc(entries.seq), asc(postings.line));
  const byEntry = new Map<string, typeof lines>();
  for (const line of lines) {
    const list = byEntry.get(line.entryId) ?? [];
    list.push(line);
    byEntry.set(line.entryId, list);
  }
  return rows.map((row) => toEntry(row, byEntry.get(row.id) ?? []));
}

/** Keyset pagination over an account's postings in (effective date, id) order: those after `after`. */
export function postingsAfter(after: { effectiveDate: string; id: number } | null | undefined) {
  return after
    ? or(
        gt(postings.effectiveDate, after.effectiveDate),
        and(eq(postings.effectiveDate, after.effectiveDate), gt(postings.id, after.id)),
      )
    : undefined;
}
