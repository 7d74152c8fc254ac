import type { ServiceContext } from '../context.js';
import { readableAccount } from '../ledger/ledger.js';
import { entryDescriptionFor } from '../redaction.js';
import { formatMinor, sumMinor } from '../money.js';
import { accountPostings } from './account.js';
import {
  STATEMENT_READERS,
  generatedOn,
  requireStatementRole,
  snapshotHead,
  type StatementsDeps,
} from './common.js';
import { dayBefore, resolvePeriod } from './model.js';

export const POSTINGS_CSV_HEADER = [
  'date',
  'entry_seq',
  'entry_id',
  'line',
  'reason_code',
  'description',
  'amount',
  'balance',
] as const;

/**
 * An account's postings in a period as CSV (RFC 4180), one line per posting in date order, for
 * any account of the caller's alliance. Amounts and the running balance are signed, debit
 * positive, as everywhere in the API; the balance starts from the one brought forward, so the
 * last line's balance is the account's balance at the end of the period. The lines are made as
 * they are read, a page at a time: a year of a busy account never sits in memory.
 */
export async function postingsCsv(
  deps: StatementsDeps,
  ctx: ServiceContext,
  code: string,
  query: { from: string | null; to: string | null },
) {
  requireStatementRole(ctx, STATEMENT_READERS, 'postings exports');
  const account = await readableAccount(deps, ctx, code);
  const period = resolvePeriod(query, generatedOn(ctx));
  const headSeq = await snapshotHead(deps);
  const opening = await deps.statements.accountBalance({
    accountId: account.id,
    date: dayBefore(period.from),
    headSeq,
  });
  async function* lines(): AsyncGenerator<string> {
    yield csvRecord(POSTINGS_CSV_HEADER);
    let balance = opening;
    for await (const p of accountPostings(deps, account.id, period, headSeq)) {
      balance = sumMinor([balance, p.amountMinor]);
      yield csvRecord([
        p.effectiveDate,
        String(p.seq),
        p.entryId,
        String(p.line),
        p.reasonCode,
        spreadsheetSafe(entryDescriptionFor(ctx.actor, p)),
        formatMinor(p.amountMinor),
        formatMinor(balance),
      ]);
    }
  }
  return {
    filename: `${account.code.replaceAll(':', '_')}_${period.from}_${period.to}.csv`,
    lines: lines(),
  };
}

/** One record with its CRLF; a field is quoted when it holds a comma, a quote or a line break. */
export function csvRecord(fields: readonly string[]): string {
  return (
    fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',') + '\r\n'
  );
}

/**
 * Free text that a spreadsheet would run as a formula (it starts with =, +, -, @ or a control
 * character) gets a leading apostrophe, so opening the export cannot run anything. Amounts are
 * written by us and never pass through here.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
