import { parseArgs } from 'node:util';
import { ROLES } from './core/context.js';
import { KindlingError } from './core/errors.js';
import { timeSortableIds } from './core/ids.js';
import { sha256Hex } from './runtime/hash.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backupFile, checkCopy, describeCopy, restoreCopy } from './runtime/backup.js';
import { openServiceDatabase, StartRefusal } from './runtime/database.js';
import { runImportCommand } from './runtime/import-command.js';
import { runVerifyCommand } from './runtime/verify-command.js';
import { ImportProblem } from './runtime/import-parse.js';
import { runReminders } from './core/reminders/run.js';
import { remindersFromEnv } from './reminders/senders.js';
import { runRetention } from './core/privacy/retention.js';
import { createToken, listTokens, revokeToken } from './runtime/token-commands.js';

const USAGE = `Kindling administration (Node, on the local database file)

  npm run admin -- create-database                 a new, empty ledger at KINDLING_DB (never over one)
  npm run admin -- backup --to FILE                an online, checked copy while the service runs
  npm run admin -- check FILE                      integrity, chain and balances of a copy
  npm run admin -- restore FILE                    a checked copy in place of KINDLING_DB (stop the service first)
  npm run admin -- create-token --role ROLE --alliance ID --name "NAME" [--holder ID] [--expires 2027-03-31] [--sql]
  npm run admin -- revoke-token --id tok_…
  npm run admin -- list-tokens --alliance ID
  npm run admin -- import FILE --alliance ID [--date YYYY-MM-DD] [--url URL]
                                                   an hledger journal (or a CSV of opening balances,
                                                   account,amount, dated --date) through POST
                                                   /v1/entries/batch, then checked with hledger balance;
                                                   --url imports into a running service (D1 too) with
                                                   the coordinator token in KINDLING_TOKEN
  npm run admin -- send-reminders     decide and send the reminders due now (REMINDER_SENDER: log, webhook, infobip)
  npm run admin -- verify [--full] [--alliance ID]  the books since the last checkpoint (--full: every
                                                   entry and balance from the first, in pages, and
                                                   the file); every alliance unless --alliance
  npm run admin -- retention [--dry-run]          erase everyone past their alliance's retention period now

ROLE is one of ${ROLES.join(', ')}. The new token is printed once, as the last line; only its
hash is stored. With --sql nothing is written here: it prints the INSERT to run against D1 with
  npx wrangler d1 execute kindling --local --command "<the SQL>"     (drop --local for the deployed database)
KINDLING_DB selects the database file (default ./data/kindling.sqlite).`;

const dbPath = () => process.env.KINDLING_DB ?? './data/kindling.sqlite';
const openDb = () => openServiceDatabase(dbPath(), { create: false, now: new Date() });

const OPTIONS = {
  role: { type: 'string' },
  alliance: { type: 'string' },
  name: { type: 'string' },
  holder: { type: 'string' },
  expires: { type: 'string' },
  id: { type: 'string' },
  to: { type: 'string' },
  date: { type: 'string' },
  url: { type: 'string' },
  sql: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  full: { type: 'boolean', default: false },
} as const;

/** What a command is given: the options and positionals after it, the clock and the ids. */
interface Args {
  values: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
  >['values'];
  positionals: string[];
  clock: () => Date;
  ids: ReturnType<typeof timeSortableIds>;
}

/** Each command answers its exit code, or undefined when it lacks what it needs (usage, 2). */
type Command = (a: Args) => Promise<number | undefined>;

async function createDatabase({ clock }: Args) {
  if (existsSync(resolve(dbPath()))) {
    console.error(`${resolve(dbPath())} already exists; nothing was changed.`);
    return 1;
  }
  const { sqlite, path } = await openServiceDatabase(dbPath(), { create: true, now: clock() });
  sqlite.close();
  console.log(`Created a new, empty Kindling database at ${path}.`);
  return 0;
}

async function backup({ values }: Args) {
  if (!values.to) return undefined;
  backupFile(dbPath(), values.to);
  const report = await checkCopy(values.to);
  console.log(describeCopy(report));
  return report.ok ? 0 : 1;
}

async function check({ positionals }: Args) {
  if (!positionals[0]) return undefined;
  const report = await checkCopy(positionals[0]);
  console.log(describeCopy(report));
  return report.ok ? 0 : 1;
}

async function restore({ positionals, clock }: Args) {
  if (!positionals[0]) return undefined;
  const { report, keptAside } = await restoreCopy(positionals[0], dbPath(), clock());
  if (!report.ok) {
    console.error(`Refused: ${describeCopy(report)}. ${resolve(dbPath())} was not touched.`);
    return 1;
  }
  console.log(
    `Restored ${resolve(dbPath())} from ${describeCopy(report)}.${keptAside ? ` The database it replaced is kept at ${keptAside}.` : ''}`,
  );
  return 0;
}

async function importJournal({ values, positionals, clock, ids }: Args) {
  if (!positionals[0] || !values.alliance) return undefined;
  return runImportCommand({
    file: positionals[0],
    allianceId: values.alliance,
    date: values.date ?? null,
    url: values.url ?? null,
    openDb,
    clock,
    ids,
  });
}

async function verify({ values, clock }: Args) {
  const { store, sqlite } = await openDb();
  try {
    return await runVerifyCommand({
      store,
      hasher: sha256Hex,
      clock,
      full: values.full,
      alliance: values.alliance ?? null,
      print: (line) => console.log(line),
    });
  } finally {
    sqlite.close();
  }
}

async function retention({ values, clock, ids }: Args) {
  const { store, sqlite } = await openDb();
  const report = await runRetention(
    {
      store,
      hasher: sha256Hex,
      ids,
      sparks: store.sparks,
      budgets: store.budgets,
      privacy: store.privacy,
    },
    clock(),
    { dryRun: values['dry-run'], perAlliance: 10_000 },
  );
  sqlite.close();
  for (const a of report.alliances)
    console.log(`${a.allianceId}: keeps ${a.retentionYears} years (activity from ${a.keptFrom})`);
  for (const e of report.erased)
    console.log(
      `${report.dryRun ? 'would erase' : 'erased'} ${e.reference} (${e.allianceId}, last activity ${e.lastActivityOn})`,
    );
  console.log(`${report.erased.length} ${report.dryRun ? 'due; nothing was changed' : 'erased'}.`);
  return 0;
}

async function sendReminders({ clock, ids }: Args) {
  const { sender, quiet } = remindersFromEnv(process.env);
  const { store, sqlite } = await openDb();
  const summary = await runReminders(
    { store, reminders: store.reminders, ids },
    sender,
    clock(),
    quiet,
  );
  sqlite.close();
  console.log(
    `Reminders (${sender.name}): ${summary.due} due (each decided once), ${summary.sent} sent, ${summary.retrying} to retry, ${summary.failed} failed, ${summary.cancelled} cancelled${summary.quiet ? '; quiet hours, nothing sent' : ''}.`,
  );
  return 0;
}

const COMMANDS: Record<string, Command> = {
  'create-database': createDatabase,
  backup,
  check,
  restore,
  'create-token': (a) => createToken({ ...a, openDb }),
  'revoke-token': (a) => revokeToken({ ...a, openDb }),
  import: importJournal,
  verify,
  retention,
  'list-tokens': (a) => listTokens({ ...a, openDb }),
  'send-reminders': sendReminders,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const clock = () => new Date();
  const ids = timeSortableIds(clock);
  const run = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  const code = await run?.({ values, positionals, clock, ids });
  if (code !== undefined) return code;
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof StartRefusal || error instanceof ImportProblem)
      console.error(error.message);
    else console.error(error instanceof KindlingError ? `${error.code}: ${error.detail}` : error);
    process.exit(1);
  },
);
