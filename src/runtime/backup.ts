import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { timeSortableIds } from '../core/ids.js';
import { verifyLedger } from '../core/ledger/reports.js';
import { openSqlite } from '../store/node-store.js';
import { sha256Hex } from './hash.js';

/** What a copy holds and whether it is sound: SQLite's own check, the chain and the balances. */
export interface CopyReport {
  path: string;
  ok: boolean;
  integrity: string[];
  chainOk: boolean;
  balancesOk: boolean;
  entries: number;
  accounts: number;
  alliances: number;
  head: { seq: number; hash: string };
}

/**
 * Opens a copy read-only and checks it as an auditor would: `PRAGMA integrity_check` (the full
 * check: a backup is checked once, off the request path), then the whole hash chain and every
 * stored balance against its postings, through the same verify the API runs.
 */
export async function checkCopy(file: string): Promise<CopyReport> {
  const path = resolve(file);
  const empty = { seq: 0, hash: '' };
  let opened: ReturnType<typeof openSqlite>;
  try {
    opened = openSqlite({ path, readonly: true });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      path,
      ok: false,
      integrity: [why],
      chainOk: false,
      balancesOk: false,
      entries: 0,
      accounts: 0,
      alliances: 0,
      head: empty,
    };
  }
  const { sqlite, store } = opened;
  try {
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    if (integrity.length > 0)
      return {
        path,
        ok: false,
        integrity,
        chainOk: false,
        balancesOk: false,
        entries: 0,
        accounts: 0,
        alliances: 0,
        head: empty,
      };
    const count = (table: string) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const report = await verifyLedger(
      { store, hasher: sha256Hex, ids: timeSortableIds(() => new Date()) },
      {
        actor: { tokenId: 'admin', role: 'auditor', allianceId: '*', holderId: null },
        now: new Date(),
        requestId: 'backup-check',
      },
    );
    const chainOk = report.firstBrokenLink === null;
    const balancesOk = report.balanceMismatches.length === 0;
    return {
      path,
      ok: chainOk && balancesOk && report.storage.ok,
      integrity: report.storage.problems,
      chainOk,
      balancesOk,
      entries: count('entries'),
      accounts: count('accounts'),
      alliances: count('alliances'),
      head: report.head,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      path,
      ok: false,
      integrity: [why],
      chainOk: false,
      balancesOk: false,
      entries: 0,
      accounts: 0,
      alliances: 0,
      head: empty,
    };
  } finally {
    sqlite.close();
  }
}

export function describeCopy(r: CopyReport): string {
  if (!r.ok)
    return `${r.path} FAILED its checks: ${[
      ...r.integrity.slice(0, 5),
      ...(r.chainOk ? [] : ['the hash chain is broken']),
      ...(r.balancesOk ? [] : ['stored balances differ from postings']),
    ].join('; ')}`;
  return `${r.path}: ${r.entries} entries, ${r.accounts} accounts, ${r.alliances} alliances; chain head #${r.head.seq} ${r.head.hash || '(none)'}; integrity, chain and balances ok`;
}

/**
 * An online, consistent copy of a live database by SQLite's backup API: the file is copied page
 * by page between steps on the event loop, and writes made meanwhile through `source` (the
 * service's own connection) are carried into the copy, so the copy is the database as of the
 * moment the last step ran, WAL included. Written beside the target and renamed into place, so a
 * half-written copy never carries the target's name.
 */
export async function backupDatabase(source: Database.Database, target: string): Promise<void> {
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  await source.backup(partial);
  selfContained(partial);
  renameSync(partial, path);
}

/**
 * A copy of a WAL database is itself in WAL mode, and opening it (even to check it) leaves -wal
 * and -shm files beside it. Switched to a rollback journal, the copy is one file, alone.
 */
function selfContained(path: string): void {
  const copy = new Database(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * The same from another process (npm run admin), by VACUUM INTO: it reads one snapshot of the
 * live file (WAL included) in a single read transaction, so it is consistent and never waits for
 * the service's writers, where the backup API would restart each time the service wrote.
 */
export function backupFile(livePath: string, target: string): void {
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(resolve(livePath), { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  selfContained(partial);
  renameSync(partial, path);
}

/**
 * Puts a checked copy in place of the service database, keeping whatever was there (file, WAL
 * and shared memory) beside it under `.before-restore-<time>`: a restore never destroys data.
 * The service must be stopped first, or it would go on writing to the file moved aside.
 */
export async function restoreCopy(
  copy: string,
  target: string,
  now: Date,
): Promise<{ report: CopyReport; keptAside: string | null }> {
  const report = await checkCopy(copy);
  if (!report.ok) return { report, keptAside: null };
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const incoming = `${path}.restoring`;
  rmSync(incoming, { force: true });
  const source = new Database(resolve(copy), { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  let keptAside: string | null = null;
  if (existsSync(path)) {
    keptAside = `${path}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(path + suffix)) renameSync(path + suffix, keptAside + suffix);
  }
  renameSync(incoming, path);
  return { report, keptAside };
}

/**
 * Scheduled backups on Node: every `everyMs`, a checked copy named by its time into `dir`,
 * keeping the newest `keep`. A copy that fails its checks is logged and not counted as kept.
 */
export function scheduleBackups(options: {
  source: Database.Database;
  dir: string;
  everyMs: number;
  keep: number;
  clock: () => Date;
  log: (fields: Record<string, unknown>, message: string) => void;
}): { stop(): void; runOnce(): Promise<CopyReport> } {
  const dir = resolve(options.dir);
  const runOnce = async () => {
    const name = `kindling-${options.clock().toISOString().replace(/[:.]/g, '-')}.sqlite`;
    const target = join(dir, name);
    await backupDatabase(options.source, target);
    const report = await checkCopy(target);
    if (!report.ok) renameSync(target, `${target}.failed`);
    const kept = readdirSync(dir)
      .filter((f) => /^kindling-.*\.sqlite$/.test(f))
      .sort();
    for (const old of kept.slice(0, Math.max(0, kept.length - options.keep)))
      rmSync(join(dir, old), { force: true });
    options.log(
      {
        event: 'backup',
        file: basename(target),
        ok: report.ok,
        entries: report.entries,
        headSeq: report.head.seq,
      },
      report.ok ? 'backup taken' : 'backup failed its checks',
    );
    return report;
  };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(runOnce)
      .catch((error: unknown) =>
        options.log({ event: 'backup', ok: false, error: String(error) }, 'backup failed'),
      );
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
