/**
 * Shared pieces of the benchmark suite (`npm run bench`): temp files, timing statistics, the
 * result table, and the bulk-populate path that seals entries straight into the store.
 *
 * Nothing here is a test: vitest excludes test/bench/**, and no file here is named *.test.ts.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sealEntry } from '../../src/core/ledger/hash.js';
import { ACCOUNT_TYPES, GENESIS, type ChainHead, type Entry } from '../../src/core/ledger/model.js';
import type { NewAccount, Write } from '../../src/core/store.js';
import { issueToken } from '../../src/core/tokens.js';
import type { IdGenerator } from '../../src/core/context.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';

// ---------------------------------------------------------------------------------------------
// Temp files

const tempDirs = new Set<string>();

/** A fresh directory under os.tmpdir(); removed by `removeTempDirs` (also on exit and Ctrl-C). */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kindling-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function removeTempDirs(): void {
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

process.on('exit', removeTempDirs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    removeTempDirs();
    process.exit(130);
  });
}

/** Bytes used by the files of a directory (the database, its WAL and shared-memory files). */
export function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

// ---------------------------------------------------------------------------------------------
// Timing

export const nowMs = (): number => performance.now();

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-GB');

export function formatBytes(bytes: number): string {
  return bytes >= 1 << 30
    ? `${(bytes / (1 << 30)).toFixed(2)} GiB`
    : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Results

export interface Figure {
  id: string;
  name: string;
  /** Our figure, formatted with its unit. */
  ours: string;
  /** The baseline measured in the same run, formatted with its unit and what it is. */
  baseline: string;
  ratio: number;
  /** Null for a figure shown for what it tells, with no goal of its own. */
  goal: { op: '>=' | '<='; value: number } | null;
  /** Required figures decide the verdict; the others are shown for insight only. */
  required: boolean;
}

export function passes(figure: Figure): boolean {
  if (figure.goal === null) return true;
  return figure.goal.op === '>='
    ? figure.ratio >= figure.goal.value
    : figure.ratio <= figure.goal.value;
}

export interface PopulateTime {
  what: string;
  ms: number;
  detail: string;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Fixtures through the store (no HTTP)

export const BENCH_ALLIANCE = 'bench';
export const BENCH_NOW = new Date('2026-06-01T10:00:00.000Z');

/** Issues a coordinator token and commits it the way the admin command does; returns the secret. */
export async function coordinatorToken(
  store: SqliteStore,
  ids: IdGenerator,
): Promise<{ secret: string; tokenId: string }> {
  const issued = issueToken({ hasher: sha256Hex, ids }, BENCH_NOW, {
    role: 'coordinator',
    allianceId: BENCH_ALLIANCE,
    name: 'bench coordinator',
  });
  await store.commit(() => [issued.write]);
  return { secret: issued.secret, tokenId: issued.record.id };
}

export async function openAccountsDirect(
  store: SqliteStore,
  accounts: Omit<NewAccount, 'allianceId' | 'createdAt' | 'name'>[],
): Promise<void> {
  await store.commit(() =>
    accounts.map(
      (a): Write => ({
        kind: 'open_account',
        account: {
          ...a,
          allianceId: BENCH_ALLIANCE,
          name: null,
          createdAt: BENCH_NOW.toISOString(),
        },
      }),
    ),
  );
}

export type EntryDraft = Omit<Entry, 'hash' | 'seq' | 'prevHash'>;

export interface PopulateOptions {
  total: number;
  perCommit: number;
  /** Makes entry `index`; called once per index, in order. */
  draftAt: (index: number) => EntryDraft;
  /**
   * How long store.commit may take. Once it has been spent, the remaining entries are written by
   * `rawAppend` instead, and the result says how many went which way.
   */
  storeBudgetMs: number;
  progress?: (line: string) => void;
}

export interface PopulateResult {
  ms: number;
  viaStore: number;
  storeMs: number;
  /** Entries per second of the first and the last store.commit batch. */
  firstBatchRate: number;
  lastBatchRate: number;
  viaRaw: number;
  rawMs: number;
}

export function describePopulate(r: PopulateResult, perCommit: number): string {
  const store = `store.commit (${formatInt(perCommit)}/commit): ${formatInt(r.viaStore)} entries in ${formatMs(r.storeMs)}, batch rate ${formatInt(r.firstBatchRate)} -> ${formatInt(r.lastBatchRate)} entries/s`;
  return r.viaRaw === 0
    ? store
    : `${store}; rest (${formatInt(r.viaRaw)}) by raw SQL with balance triggers suspended, ${formatMs(r.rawMs)}`;
}

/**
 * Writes `total` sealed entries. Each batch is one store.commit whose build seals every entry on
 * the head left by the one before; drafts are made outside `build`, so `build` stays pure as the
 * Store contract asks. If store.commit has not finished when its time budget is spent, the
 * remaining entries go through `rawAppend` (see there) so the suite still ends in minutes.
 */
/**
 * The ledger of figures 3 and 4c: `accounts` accounts of every type, and `entries` two-posting
 * entries spread over them and over 2025, written through store.commit (see populateEntries).
 */
export async function populateSpreadLedger(
  store: SqliteStore,
  sqlite: Database.Database,
  ids: IdGenerator,
  tokenId: string,
  options: { entries: number; accounts: number; perCommit: number; storeBudgetMs: number },
): Promise<PopulateResult> {
  const codes = Array.from(
    { length: options.accounts },
    (_, i) => `alliance:${BENCH_ALLIANCE}:acct:${String(i).padStart(3, '0')}`,
  );
  await openAccountsDirect(
    store,
    codes.map((code, i) => ({
      code,
      type: ACCOUNT_TYPES[i % ACCOUNT_TYPES.length]!,
      allowNegative: true,
    })),
  );
  return populateEntries(store, sqlite, {
    total: options.entries,
    perCommit: options.perCommit,
    storeBudgetMs: options.storeBudgetMs,
    progress: (line) => log(`   ${line}`),
    draftAt: (i) => {
      const debit = i % options.accounts;
      let credit = (i * 7 + 13) % options.accounts;
      if (credit === debit) credit = (credit + 1) % options.accounts;
      const amount = 100 + (i % 9973);
      return {
        id: ids('ent'),
        allianceId: BENCH_ALLIANCE,
        effectiveDate: dayOf(2025, Math.floor((i * 365) / options.entries)),
        recordedAt: BENCH_NOW.toISOString(),
        description: `Bench entry ${i}`,
        actor: tokenId,
        reasonCode: 'manual_adjustment',
        reversesEntryId: null,
        postings: [
          { line: 1, accountCode: codes[debit]!, amountMinor: amount },
          { line: 2, accountCode: codes[credit]!, amountMinor: -amount },
        ],
      };
    },
  });
}

export async function populateEntries(
  store: SqliteStore,
  sqlite: Database.Database,
  options: PopulateOptions,
): Promise<PopulateResult> {
  const started = nowMs();
  const result: PopulateResult = {
    ms: 0,
    viaStore: 0,
    storeMs: 0,
    firstBatchRate: 0,
    lastBatchRate: 0,
    viaRaw: 0,
    rawMs: 0,
  };
  let lastReport = 0;
  while (result.viaStore < options.total) {
    const from = result.viaStore;
    const drafts: EntryDraft[] = [];
    for (let i = from; i < Math.min(options.total, from + options.perCommit); i++)
      drafts.push(options.draftAt(i));
    const t0 = nowMs();
    await store.commit((head) => {
      let current: ChainHead = head;
      return drafts.map((draft): Write => {
        const entry = sealEntry(sha256Hex, current, draft);
        current = { seq: entry.seq, hash: entry.hash };
        return { kind: 'entry', entry };
      });
    });
    const batchMs = nowMs() - t0;
    result.viaStore += drafts.length;
    result.storeMs = nowMs() - started;
    result.lastBatchRate = drafts.length / (batchMs / 1000);
    if (from === 0) result.firstBatchRate = result.lastBatchRate;
    if (result.storeMs - lastReport >= 10_000) {
      lastReport = result.storeMs;
      options.progress?.(
        `… store.commit: ${formatInt(result.viaStore)} / ${formatInt(options.total)} entries after ${formatMs(result.storeMs)} (last batch ${formatInt(result.lastBatchRate)} entries/s)`,
      );
    }
    if (result.viaStore < options.total && result.storeMs >= options.storeBudgetMs) {
      const projectedMs = ((options.total - result.viaStore) / drafts.length) * batchMs;
      options.progress?.(
        `… store.commit budget of ${formatMs(options.storeBudgetMs)} spent after ${formatInt(result.viaStore)} entries (batch rate ${formatInt(result.firstBatchRate)} -> ${formatInt(result.lastBatchRate)} entries/s; the rest would take at least ${formatMs(projectedMs)} more): writing the remaining ${formatInt(options.total - result.viaStore)} entries by raw SQL`,
      );
      const rawStarted = nowMs();
      rawAppend(sqlite, options.total - result.viaStore, options.perCommit, (k) =>
        options.draftAt(result.viaStore + k),
      );
      result.rawMs = nowMs() - rawStarted;
      result.viaRaw = options.total - result.viaStore;
      break;
    }
  }
  result.ms = nowMs() - started;
  return result;
}

/**
 * The fallback populate path: the same sealed rows as store.commit writes (postings, then the
 * entry row, so the entries_seal trigger still checks chain, balance and alliance), by cached
 * prepared statements. The AFTER INSERT triggers on entries and postings (the ones that move
 * balances) are suspended meanwhile; afterwards every balance and posting count is recomputed
 * from the postings and the triggers are restored exactly as sqlite_master held them.
 */
export function rawAppend(
  sqlite: Database.Database,
  count: number,
  perCommit: number,
  draftAt: (k: number) => EntryDraft,
): void {
  const suspended = (
    sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('entries', 'postings')",
      )
      .all() as { name: string; sql: string }[]
  ).filter((t) => /^CREATE\s+TRIGGER\s+\S+\s+AFTER\s+INSERT\b/i.test(t.sql));
  const accountIds = new Map(
    (sqlite.prepare('SELECT code, id FROM accounts').all() as { code: string; id: number }[]).map(
      (r) => [r.code, r.id],
    ),
  );
  const insertPosting = sqlite.prepare(
    'INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES (?, ?, ?, ?, ?)',
  );
  const insertEntry = sqlite.prepare(
    'INSERT INTO entries (id, seq, alliance_id, effective_date, recorded_at, description, actor, reason_code, reverses_entry_id, posting_count, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let head =
    (sqlite.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').get() as
      | ChainHead
      | undefined) ?? GENESIS;
  const batch = sqlite.transaction((drafts: EntryDraft[]) => {
    for (const draft of drafts) {
      const entry = sealEntry(sha256Hex, head, draft);
      for (const p of entry.postings) {
        const accountId = accountIds.get(p.accountCode);
        if (accountId === undefined) throw new Error(`no account ${p.accountCode}`);
        insertPosting.run(entry.id, p.line, accountId, p.amountMinor, entry.effectiveDate);
      }
      insertEntry.run(
        entry.id,
        entry.seq,
        entry.allianceId,
        entry.effectiveDate,
        entry.recordedAt,
        entry.description,
        entry.actor,
        entry.reasonCode,
        entry.reversesEntryId,
        entry.postings.length,
        entry.prevHash,
        entry.hash,
      );
      head = { seq: entry.seq, hash: entry.hash };
    }
  });
  for (const t of suspended) sqlite.exec(`DROP TRIGGER "${t.name}"`);
  try {
    for (let from = 0; from < count; from += perCommit) {
      const drafts: EntryDraft[] = [];
      for (let k = from; k < Math.min(count, from + perCommit); k++) drafts.push(draftAt(k));
      batch.immediate(drafts);
    }
    sqlite.exec(
      'UPDATE accounts SET balance_minor = (SELECT coalesce(sum(amount_minor), 0) FROM postings WHERE account_id = accounts.id), posting_count = (SELECT count(*) FROM postings WHERE account_id = accounts.id)',
    );
  } finally {
    for (const t of suspended) sqlite.exec(t.sql);
  }
}

/** `2025-01-01` plus `days`, as YYYY-MM-DD. */
export function dayOf(year: number, days: number): string {
  return new Date(Date.UTC(year, 0, 1 + days)).toISOString().slice(0, 10);
}
