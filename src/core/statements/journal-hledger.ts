import type { Actor, ServiceContext } from '../context.js';
import { entryDescriptionFor } from '../redaction.js';
import type { AccountType, Entry } from '../ledger/model.js';
import { formatMinor } from '../money.js';
import {
  STATEMENT_READERS,
  generatedOn,
  organisationName,
  requireStatementRole,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';
import { STATEMENT_LIMITS } from './model.js';

/** hledger's account types: Asset, Liability, Equity, Revenue, eXpense. A fund is what the alliance holds: equity. */
const HLEDGER_TYPE: Record<AccountType, string> = {
  asset: 'A',
  liability: 'L',
  fund: 'E',
  income: 'R',
  expense: 'X',
};

export const HLEDGER_COMMODITY = 'GBP';

/**
 * The whole journal of the caller's alliance in hledger's journal format, so an auditor can check
 * our figures with hledger (or ledger-cli): `hledger -f kindling.journal balance` gives the trial
 * balance. Account directives come first, then every entry in chain order: its effective date,
 * its place in the chain as the transaction code, its description, its id and business event as
 * tags, and its postings in pounds, debit positive. Read and written a page at a time, so a busy
 * alliance's years never sit in memory.
 */
export async function hledgerJournal(
  deps: StatementsDeps,
  ctx: ServiceContext,
  query: { from: string | null; to: string | null } = { from: null, to: null },
) {
  requireStatementRole(ctx, STATEMENT_READERS, 'the journal');
  const allianceId = ctx.actor.allianceId;
  // With a period, the journal of that period: the entries dated in it (hledger's balance then
  // gives the period's movements). Without one, every entry ever.
  const period =
    query.from === null && query.to === null
      ? null
      : (await statementDates(deps, ctx, allianceId, query)).period;
  const inPeriod = (date: string) => !period || (date >= period.from && date <= period.to);
  const headSeq = await snapshotHead(deps);
  const [organisation, covered] = await Promise.all([
    organisationName(deps, allianceId),
    deps.statements.coveredEntries({
      allianceId,
      from: period?.from ?? null,
      to: period?.to ?? '9999-12-31',
      headSeq,
    }),
  ]);
  async function* lines(): AsyncGenerator<string> {
    yield comment(
      `Kindling journal of ${organisation} (alliance ${allianceId})${period ? `, entries dated ${period.from} to ${period.to}` : ''}, generated on ${generatedOn(ctx)}.`,
    );
    yield comment(
      covered.last
        ? `Entries at chain positions ${covered.firstSeq} to ${covered.last.seq}; the chain head at the last is ${covered.last.hash} (entry ${covered.last.entryId}): check it with GET /v1/ledger/verify.`
        : 'No entries yet.',
    );
    yield comment(
      `Amounts in ${HLEDGER_COMMODITY}, debit positive. A transaction's code is its entry's place in the hash chain. Check with: hledger -f FILE balance`,
    );
    yield '\n';
    let after: string | null = null;
    for (;;) {
      const page = await deps.statements.accountsPage({
        allianceId,
        after,
        limit: STATEMENT_LIMITS.pageSize,
      });
      for (const a of page) yield `account ${a.code}  ; type:${HLEDGER_TYPE[a.type]}\n`;
      if (page.length < STATEMENT_LIMITS.pageSize) break;
      after = page[page.length - 1]!.code;
    }
    let afterSeq = 0;
    for (;;) {
      const page = await deps.statements.entriesPage({
        allianceId,
        afterSeq,
        headSeq,
        limit: STATEMENT_LIMITS.pageSize,
      });
      for (const entry of page)
        if (inPeriod(entry.effectiveDate)) yield transaction(entry, ctx.actor);
      if (page.length < STATEMENT_LIMITS.pageSize) break;
      afterSeq = page[page.length - 1]!.seq;
    }
  }
  const name = period ? `${allianceId}-${period.from}-${period.to}` : allianceId;
  return { filename: `${name}.journal`, lines: lines() };
}

/** One entry as an hledger transaction, with the blank line that ends it. */
export function transaction(entry: Entry, reader: Pick<Actor, 'role'>): string {
  const tags = [
    `entry:${entry.id}`,
    `reason:${entry.reasonCode}`,
    ...(entry.reversesEntryId ? [`reverses:${entry.reversesEntryId}`] : []),
  ].join(', ');
  const width = Math.max(48, ...entry.postings.map((p) => p.accountCode.length + 2));
  const postings = entry.postings
    .map(
      (p) =>
        `    ${p.accountCode.padEnd(width)}${formatMinor(p.amountMinor).padStart(14)} ${HLEDGER_COMMODITY}\n`,
    )
    .join('');
  return `\n${entry.effectiveDate} * (${entry.seq}) ${description(entryDescriptionFor(reader, entry))}  ; ${tags}\n${postings}`;
}

/**
 * A description on one line that hledger reads back as written: a line break would end the
 * transaction, and a semicolon would start a comment.
 */
function description(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replaceAll(';', ',')
    .trim();
}

function comment(text: string): string {
  return `; ${text.replace(/[\r\n]+/g, ' ')}\n`;
}
