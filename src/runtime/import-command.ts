import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { IdGenerator } from '../core/context.js';
import { issueToken } from '../core/tokens.js';
import { sha256Hex } from './hash.js';
import type { openServiceDatabase } from './database.js';
import {
  differences,
  hledgerBalanceOf,
  httpTarget,
  importTransactions,
  type ImportTarget,
  type Requester,
} from './import.js';
import { KindlingError } from '../core/errors.js';
import { openAccount } from '../core/ledger/ledger.js';
import { postEntryBatch, type BatchReceipt } from '../core/ledger/batch.js';
import type { AccountType } from '../core/ledger/model.js';
import { hledgerJournal } from '../core/statements/journal-hledger.js';
import { amountMinor } from '../http/schemas.js';
import {
  ImportProblem,
  kindlingAccount,
  parseHledgerJournal,
  parseOpeningBalancesCsv,
  type ImportedTransaction,
} from './import-parse.js';

/**
 * `npm run admin -- import FILE --alliance ID`: reads the file, posts it through the batch
 * endpoint (of the app in this process on KINDLING_DB, or of a running service with --url), and
 * prints whether hledger's balance of the source ties to what moved in Kindling, per account.
 */
export async function runImportCommand(options: {
  file: string;
  allianceId: string;
  date: string | null;
  url: string | null;
  openDb: () => ReturnType<typeof openServiceDatabase>;
  clock: () => Date;
  ids: IdGenerator;
}): Promise<number> {
  const text = readFileSync(options.file, 'utf8');
  const csv = options.file.toLowerCase().endsWith('.csv');
  if (csv && !options.date)
    throw new ImportProblem(
      'A CSV of opening balances needs --date YYYY-MM-DD (the day they held)',
    );
  const transactions: ImportedTransaction[] = csv
    ? parseOpeningBalancesCsv(text, options.date!)
    : parseHledgerJournal(text);
  if (transactions.length === 0) throw new ImportProblem(`${options.file} holds no transactions`);
  const sourceHash = sha256Hex(text);
  const target = options.url ? remote(options.url) : await local(options, sourceHash);
  try {
    const report = await importTransactions(target.target, {
      allianceId: options.allianceId,
      transactions,
      sourceHash,
      reasonCode: csv ? 'opening_balance' : 'import',
      progress: (line) => console.log(line),
    });
    // For a journal, the expected figures are hledger's own reading of the source file.
    if (!csv) {
      report.expected = new Map();
      for (const [name, pence] of hledgerBalanceOf(options.file))
        report.expected.set(kindlingAccount(options.allianceId, name, 0).code, pence);
    }
    const diff = differences(report);
    console.log(
      `${report.transactions} transactions (${report.postings} postings, ${report.accounts} accounts) from ${basename(options.file)} in ${report.batches} batch(es)${report.replayedBatches ? `, ${report.replayedBatches} already imported before (replayed, not posted again)` : ''}.`,
    );
    if (diff.length) {
      console.error('hledger balance does NOT tie for these accounts (expected vs moved):');
      for (const d of diff) console.error(`  ${d.account}  ${d.expected}  ${d.moved}`);
      return 1;
    }
    console.log(
      `Checked with hledger balance: every one of ${report.expected.size} accounts ties to the penny.`,
    );
    return 0;
  } finally {
    await target.close();
  }
}

/** A running service (Node or Workers) with a coordinator's token in KINDLING_TOKEN. */
function remote(url: string): { target: ImportTarget; close: () => Promise<void> } {
  const token = process.env.KINDLING_TOKEN;
  if (!token) throw new ImportProblem('--url needs a coordinator token in KINDLING_TOKEN');
  return {
    target: httpTarget(requesterFor((req) => fetch(req), url, token)),
    close: async () => {},
  };
}

/**
 * The use cases in this process on the local database, as the batch endpoint runs them. The
 * actor is one recorded, never usable token per alliance and file (`tok_import_…`, revoked as it
 * is made): the entries say who posted them, and idempotency keys (which belong to a token) make
 * a second run of the same file replay instead of posting again.
 */
async function local(options: Parameters<typeof runImportCommand>[0], sourceHash: string) {
  const { store, sqlite } = await options.openDb();
  const tokenId = `tok_import_${sha256Hex(`${options.allianceId}\n${sourceHash}`).slice(0, 24)}`;
  if (!(await store.listTokens(options.allianceId)).some((t) => t.id === tokenId)) {
    const now = options.clock();
    const issued = issueToken(
      { hasher: sha256Hex, ids: (prefix) => (prefix === 'tok' ? tokenId : options.ids(prefix)) },
      now,
      {
        role: 'coordinator',
        allianceId: options.allianceId,
        holderId: null,
        name: `Import of ${basename(options.file)}`.slice(0, 100),
        expiresAt: null,
      },
    );
    await store.commit(() => [
      issued.write,
      { kind: 'revoke_token', tokenId, revokedAt: now.toISOString() },
    ]);
  }
  const deps = {
    store,
    hasher: sha256Hex,
    ids: options.ids,
    sparks: store.sparks,
    statements: store.statements,
  };
  const ctx = () => ({
    actor: {
      tokenId,
      role: 'coordinator' as const,
      allianceId: options.allianceId,
      holderId: null,
    },
    now: options.clock(),
    requestId: options.ids('req'),
  });
  const target: ImportTarget = {
    async openAccount(a) {
      await explained(openAccount(deps, ctx(), { ...a, type: a.type as AccountType }));
    },
    async postBatch(entries, key) {
      const input = {
        entries: (entries as PostEntryBody[]).map((e) => ({
          ...e,
          postings: e.postings.map((p) => ({
            account: p.account,
            amountMinor: amountMinor(p.amount),
          })),
        })),
      };
      const outcome = await explained(postEntryBatch(deps, ctx(), input, key));
      const receipt = outcome.body as BatchReceipt;
      return { replayed: outcome.replayed, ids: receipt.entries.map((e) => e.id) };
    },
    async journal() {
      const { lines } = await explained(hledgerJournal(deps, ctx()));
      const parts: string[] = [];
      for await (const line of lines) parts.push(line);
      return parts.join('');
    },
  };
  return { target, close: async () => sqlite.close() };
}

interface PostEntryBody {
  effectiveDate: string;
  description: string;
  reasonCode: string;
  postings: { account: string; amount: string }[];
}

/** A refusal of the core, in the words (and fields) the API would have given. */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof KindlingError)
      throw new ImportProblem(
        `${error.detail}${error.fields.length ? ` ${JSON.stringify(error.fields.slice(0, 5))}` : ''}`,
      );
    throw error;
  }
}

function requesterFor(
  send: (req: Request) => Response | Promise<Response>,
  base: string,
  token: string,
): Requester {
  return async (path, init = {}) => {
    const headers = new Headers({ authorization: `Bearer ${token}` });
    if (init.key) headers.set('idempotency-key', init.key);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return send(
      new Request(new URL(path, base), {
        method: init.method ?? 'GET',
        headers,
        body: init.json === undefined ? null : JSON.stringify(init.json),
      }),
    );
  };
}
