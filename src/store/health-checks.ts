import journal from '../../drizzle/meta/_journal.json';
import type { Readiness } from '../core/store.js';
import type { Committer } from './sqlite-store.js';

/** How many migrations this code knows: the database should have applied exactly these. */
export const KNOWN_MIGRATIONS = journal.entries.length;

/**
 * SQLite's own structural check. quick_check reads every page (so a damaged page shows) but skips
 * the slower index-content comparison of integrity_check; D1 runs it too. A check that cannot
 * even run (the file is too damaged) is itself the finding.
 */
export async function quickCheck(committer: Committer): Promise<string[]> {
  try {
    const rows = await committer.read<Record<string, unknown>>({
      sql: 'PRAGMA quick_check',
      params: [],
    });
    const found = rows.map((row) => String(Object.values(row)[0]));
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Ready means: a real write succeeds now (a one-row upsert, through the same commit path as
 * every other write) and the schema is the one this code was built for. Migrations are counted
 * in drizzle's bookkeeping on Node and wrangler's on D1, whichever this database has.
 */
export async function readiness(committer: Committer, now: string): Promise<Readiness> {
  let writable: string | null = null;
  try {
    await committer.commit((head) => ({
      statements: [
        {
          sql: 'INSERT INTO service_checks (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at',
          params: [now],
        },
      ],
      head,
    }));
  } catch (error) {
    writable = error instanceof Error ? error.message : String(error);
  }
  let applied: number | null = null;
  try {
    const tables = await committer.read<{ name: string }>({
      sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'd1_migrations')",
      params: [],
    });
    const table = tables[0]?.name;
    if (table) {
      const rows = await committer.read<{ n: number }>({
        sql: `SELECT count(*) AS n FROM ${table}`,
        params: [],
      });
      applied = Number(rows[0]?.n ?? 0);
    }
  } catch {
    applied = null;
  }
  const schema =
    applied === null
      ? 'unknown'
      : applied === KNOWN_MIGRATIONS
        ? 'current'
        : applied < KNOWN_MIGRATIONS
          ? 'behind'
          : 'ahead';
  return {
    ready: writable === null && schema === 'current',
    writable: writable === null,
    writeError: writable,
    schema,
    migrationsApplied: applied,
    migrationsKnown: KNOWN_MIGRATIONS,
  };
}
