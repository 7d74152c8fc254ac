import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { BATCH_MAX_ENTRIES } from '../core/ledger/batch.js';
import { formatMinor } from '../core/money.js';
import { ImportProblem, kindlingAccount, type ImportedTransaction } from './import-parse.js';

/** How the import reaches the books: the use cases in process, or a running service over HTTP. */
export interface ImportTarget {
  openAccount(account: {
    code: string;
    type: string;
    allowNegative: boolean;
    name: string;
  }): Promise<void>;
  /** Posts one batch under its key: the entries' ids, and whether the key was used before. */
  postBatch(entries: unknown[], key: string): Promise<{ replayed: boolean; ids: string[] }>;
  /** The alliance's journal in hledger's format, as `GET /v1/ledger/journal.hledger` gives it. */
  journal(): Promise<string>;
}

export type Requester = (
  path: string,
  init?: { method?: string; json?: unknown; key?: string },
) => Promise<Response>;

/** The target as a running service's API (Node or Workers), through the batch endpoint. */
export function httpTarget(request: Requester): ImportTarget {
  return {
    async openAccount(account) {
      const res = await request('/v1/accounts', { method: 'POST', json: account });
      if (res.status !== 200 && res.status !== 201)
        throw await refusal(res, `account ${account.name}`);
    },
    async postBatch(entries, key) {
      const res = await request('/v1/entries/batch', { method: 'POST', key, json: { entries } });
      if (res.status !== 201) throw await refusal(res, 'a batch');
      const receipt = (await res.json()) as { entries: { id: string }[] };
      return {
        replayed: res.headers.get('idempotent-replayed') === 'true',
        ids: receipt.entries.map((e) => e.id),
      };
    },
    async journal() {
      const res = await request('/v1/ledger/journal.hledger');
      if (res.status !== 200) throw await refusal(res, 'the journal export');
      return res.text();
    },
  };
}

export interface ImportReport {
  transactions: number;
  postings: number;
  accounts: number;
  batches: number;
  replayedBatches: number;
  /** Per account code, what this file's entries hold in Kindling (pence, debit positive), by hledger. */
  moved: Map<string, number>;
  /** The source's own totals per Kindling account code (pence, debit positive). */
  expected: Map<string, number>;
}

/**
 * Brings a file's transactions in through `POST /v1/entries/batch`, 1,000 at a time, in date
 * order: each entry is checked as any other. Every batch's Idempotency-Key is made from the
 * file's hash, so running the same import again replays instead of posting twice. Afterwards
 * hledger reads Kindling's own journal export, cut to the entries this file made (fresh or
 * replayed), and its balance must equal the source's per account.
 */
export async function importTransactions(
  target: ImportTarget,
  options: {
    allianceId: string;
    transactions: ImportedTransaction[];
    sourceHash: string;
    reasonCode: string;
    progress?: (line: string) => void;
  },
): Promise<ImportReport> {
  const { allianceId, sourceHash } = options;
  const accounts = accountsOf(allianceId, options.transactions);
  const sorted = [...options.transactions].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  for (const [code, a] of accounts)
    await target.openAccount({
      code,
      type: a.type,
      allowNegative: a.allowNegative,
      name: a.name.slice(0, 120),
    });
  let replayedBatches = 0;
  const posted = new Set<string>();
  const batches = Math.ceil(sorted.length / BATCH_MAX_ENTRIES);
  for (let b = 0; b < batches; b++) {
    const slice = sorted.slice(b * BATCH_MAX_ENTRIES, (b + 1) * BATCH_MAX_ENTRIES);
    const entries = slice.map((t) => ({
      effectiveDate: t.date,
      description: t.description,
      reasonCode: options.reasonCode,
      postings: t.postings.map((p) => ({
        account: kindlingAccount(allianceId, p.account, t.line).code,
        amount: formatMinor(p.amountMinor),
      })),
    }));
    const key = `import-${sourceHash.slice(0, 32)}-${b + 1}`;
    const result = await target.postBatch(entries, key).catch((error: unknown) => {
      throw new ImportProblem(
        `batch ${b + 1} (transactions from line ${slice[0]!.line}): ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (result.replayed) replayedBatches += 1;
    for (const id of result.ids) posted.add(id);
    options.progress?.(`batch ${b + 1} of ${batches}: ${slice.length} entries`);
  }
  const moved = hledgerBalances(await target.journal(), posted);
  const expected = new Map<string, number>();
  for (const t of sorted)
    for (const p of t.postings) {
      const code = kindlingAccount(allianceId, p.account, t.line).code;
      expected.set(code, new Decimal(expected.get(code) ?? 0).plus(p.amountMinor).toNumber());
    }
  for (const [code, v] of expected) if (v === 0) expected.delete(code);
  return {
    transactions: sorted.length,
    postings: sorted.reduce((n, t) => n + t.postings.length, 0),
    accounts: accounts.size,
    batches,
    replayedBatches,
    moved,
    expected,
  };
}

/** Every account the file names, once; two names that would become one code are refused. */
function accountsOf(allianceId: string, transactions: ImportedTransaction[]) {
  const accounts = new Map<string, ReturnType<typeof kindlingAccount> & { name: string }>();
  for (const t of transactions)
    for (const p of t.postings) {
      const a = kindlingAccount(allianceId, p.account, t.line);
      const seen = accounts.get(a.code);
      if (seen && seen.name !== p.account)
        throw new ImportProblem(
          `line ${t.line}: "${p.account}" and "${seen.name}" would both be ${a.code}; rename one`,
        );
      accounts.set(a.code, { ...a, name: p.account });
    }
  return accounts;
}

/**
 * `hledger balance` of Kindling's own journal export, keeping only the given entries (found by
 * their `entry:` tag): per account code, pence, debit positive.
 */
export function hledgerBalances(
  journal: string,
  entryIds: ReadonlySet<string>,
): Map<string, number> {
  const kept = journal.split(/\n(?=\n)/).filter((block) => {
    const id = /; entry:([^,\s]+)/.exec(block)?.[1];
    return id === undefined ? !/^\n?\d{4}-/.test(block) : entryIds.has(id);
  });
  const dir = mkdtempSync(join(tmpdir(), 'kindling-import-'));
  try {
    const file = join(dir, 'kindling.journal');
    writeFileSync(file, `${kept.join('\n')}\n`);
    return hledgerBalanceOf(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `hledger -f FILE balance` and reads its CSV: account name → pence, debit positive. */
export function hledgerBalanceOf(file: string): Map<string, number> {
  let csv: string;
  try {
    csv = execFileSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ImportProblem(
      missing
        ? 'hledger is needed to check the import afterwards: apt-get install -y hledger'
        : `hledger could not read ${file}: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`,
    );
  }
  const balances = new Map<string, number>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const match = /^"([^"]*)","([^"]*)"$/.exec(line.trim());
    if (!match) continue;
    if (match[2]!.includes(','))
      throw new ImportProblem(
        `hledger sees more than one commodity in ${match[1]} (${match[2]}): write every amount in one (£ or GBP) and import again`,
      );
    const amount = match[2]!.replace(/[^0-9.-]/g, '');
    if (amount === '' || amount === '0') continue;
    balances.set(match[1]!, new Decimal(amount).times(100).toNumber());
  }
  return balances;
}

/** The accounts where what moved differs from the source: empty when the import ties. */
export function differences(report: Pick<ImportReport, 'moved' | 'expected'>) {
  const out: { account: string; expected: string; moved: string }[] = [];
  for (const code of new Set([...report.moved.keys(), ...report.expected.keys()])) {
    const e = report.expected.get(code) ?? 0;
    const m = report.moved.get(code) ?? 0;
    if (e !== m) out.push({ account: code, expected: formatMinor(e), moved: formatMinor(m) });
  }
  return out;
}

async function refusal(res: Response, what: string): Promise<ImportProblem> {
  const text = await res.text();
  let detail = text.slice(0, 500);
  try {
    const problem = JSON.parse(text) as { detail?: string; fields?: unknown };
    detail = `${problem.detail ?? detail}${problem.fields ? ` ${JSON.stringify(problem.fields)}` : ''}`;
  } catch {}
  return new ImportProblem(`${what} was refused (${res.status}): ${detail}`);
}
