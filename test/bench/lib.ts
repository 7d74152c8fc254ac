/**
 * Shared pieces of the benchmark suite (`npm run bench`): temp files, timing statistics, the
 * result table, and the bulk-populate path that seals entries straight into the store.
 *
 * Nothing here is a test: vitest excludes test/bench/**, and no file here is named *.test.ts.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sealEntry } from '../../src/core/ledger/hash.js';
import type { ChainHead, Entry } from '../../src/core/ledger/model.js';
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
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
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
  goal: { op: '>=' | '<='; value: number };
  /** Required figures decide the verdict; the others are shown for insight only. */
  required: boolean;
}

export function passes(figure: Figure): boolean {
  return figure.goal.op === '>=' ? figure.ratio >= figure.goal.value : figure.ratio <= figure.goal.value;
}

export interface PopulateTime {
  what: string;
  ms: number;
  detail: string;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Fixtures through the store (no HTTP)

export const BENCH_ALLIANCE = 'bench';
export const BENCH_NOW = new Date('2026-06-01T10:00:00.000Z');

/** Issues a coordinator token and commits it the way the admin command does; returns the secret. */
export async function coordinatorToken(store: SqliteStore, ids: IdGenerator): Promise<{ secret: string; tokenId: string }> {
  const issued = issueToken({ hasher: sha256Hex, ids }, BENCH_NOW, { role: 'coordinator', allianceId: BENCH_ALLIANCE, name: 'bench coordinator' });
  await store.commit(() => [issued.write]);
  return { secret: issued.secret, tokenId: issued.record.id };
}

export async function openAccountsDirect(store: SqliteStore, accounts: Omit<NewAccount, 'allianceId' | 'createdAt' | 'name'>[]): Promise<void> {
  await store.commit(() =>
    accounts.map((a): Write => ({ kind: 'open_account', account: { ...a, allianceId: BENCH_ALLIANCE, name: null, createdAt: BENCH_NOW.toISOString() } })),
  );
}

export type EntryDraft = Omit<Entry, 'hash' | 'seq' | 'prevHash'>;

/**
 * Commits drafts as sealed entries in batches of `perCommit`, each batch one store.commit whose
 * build seals every entry on the head left by the one before. Drafts are made outside `build`,
 * so `build` stays pure as the Store contract asks.
 */
export async function bulkCommit(
  store: SqliteStore,
  total: number,
  perCommit: number,
  draftAt: (index: number) => EntryDraft,
  progress?: (done: number, elapsedMs: number) => void,
): Promise<number> {
  const started = nowMs();
  for (let start = 0; start < total; start += perCommit) {
    const drafts: EntryDraft[] = [];
    for (let i = start; i < Math.min(total, start + perCommit); i++) drafts.push(draftAt(i));
    await store.commit((head) => {
      let current: ChainHead = head;
      return drafts.map((draft): Write => {
        const entry = sealEntry(sha256Hex, current, draft);
        current = { seq: entry.seq, hash: entry.hash };
        return { kind: 'entry', entry };
      });
    });
    progress?.(Math.min(total, start + perCommit), nowMs() - started);
  }
  return nowMs() - started;
}

/** `2025-01-01` plus `days`, as YYYY-MM-DD. */
export function dayOf(year: number, days: number): string {
  return new Date(Date.UTC(year, 0, 1 + days)).toISOString().slice(0, 10);
}
