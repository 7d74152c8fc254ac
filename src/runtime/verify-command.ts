import type { Hasher } from '../core/context.js';
import type { Store } from '../core/store.js';
import { checkIncremental, FULL_PAGE, fullPage, type Checker } from '../core/ledger/verify.js';
import type { VerifyView } from '../core/ledger/verify-view.js';

export interface VerifyCommand {
  store: Store;
  hasher: Hasher;
  clock: () => Date;
  full: boolean;
  /** One alliance's books, or every alliance's (null). */
  alliance: string | null;
  print: (line: string) => void;
}

/**
 * `npm run admin -- verify [--full] [--alliance ID]`: what a scheduled job runs. Loops the same
 * bounded requests the API serves (each its own checkpoint, so a run stopped halfway has recorded
 * how far it got) until the head is reached, or, with --full, until every entry and account
 * has been re-checked from the genesis. Prints one line per alliance; exit 0 when all intact.
 */
export async function runVerifyCommand(command: VerifyCommand): Promise<number> {
  const who = (): Checker => ({
    by: command.full ? 'admin:verify --full' : 'admin:verify',
    at: command.clock().toISOString(),
    scope: command.alliance,
  });
  const deps = { store: command.store, hasher: command.hasher };
  const started = command.clock().getTime();
  let report: VerifyView;
  let pages = 0;
  if (command.full) {
    let previous = null;
    do {
      report = await fullPage(deps, who(), previous, FULL_PAGE.max);
      pages += 1;
      previous = report.nextCursor
        ? await command.store.checkpoints.get(Number(report.nextCursor.slice(5)))
        : null;
    } while (previous);
  } else {
    let read = 0;
    do {
      report = await checkIncremental(deps, who());
      pages += 1;
      read += report.newlyChecked;
    } while (!report.complete && report.ok);
    report = { ...report, newlyChecked: read };
  }
  const seconds = ((command.clock().getTime() - started) / 1000).toFixed(1);
  command.print(
    `${command.full ? 'Full re-check' : 'Checked since the last checkpoint'}: ${pages} request${pages === 1 ? '' : 's'}, ${seconds} s, chain verified through entry ${report.head.seq} (${report.checkpoint.id}).`,
  );
  for (const a of report.alliances)
    command.print(
      `  ${a.allianceId}: ${a.intact ? 'intact' : 'NEEDS ATTENTION'}, ${a.entriesChecked} entries checked (${a.newlyChecked} now), last sealed ${a.lastSealedAt ?? 'never'}`,
    );
  if (report.firstBrokenLink)
    command.print(
      `  first broken link: entry ${report.firstBrokenLink.seq} (${report.firstBrokenLink.entryId}): ${report.firstBrokenLink.problem}`,
    );
  for (const m of report.balanceMismatches)
    command.print(`  balance differs: ${m.account} stored ${m.stored}, posted ${m.posted}`);
  if (report.storage && !report.storage.ok)
    command.print(`  the database file: ${report.storage.problems.join('; ')}`);
  return report.ok ? 0 : 1;
}
