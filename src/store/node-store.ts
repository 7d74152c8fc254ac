import Database from 'better-sqlite3';
import { desc } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENESIS } from '../core/ledger/model.js';
import * as schema from './schema.js';
import { SqliteStore, type AnyDb, type Committer } from './sqlite-store.js';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * better-sqlite3 runs synchronously, so a whole commit (read the chain head, build the batch,
 * write it) happens inside one IMMEDIATE transaction with no await in between: nothing can
 * interleave, and a second process on the same file waits on the write lock instead of racing.
 */
class NodeCommitter implements Committer {
  constructor(private readonly db: BetterSQLite3Database<typeof schema>) {}

  async commit(build: Parameters<Committer['commit']>[0]): Promise<void> {
    this.db.transaction(
      (tx) => {
        const head = tx.select({ seq: schema.entries.seq, hash: schema.entries.hash }).from(schema.entries).orderBy(desc(schema.entries.seq)).limit(1).get() ?? GENESIS;
        for (const statement of build(head).statements) statement.run();
      },
      { behavior: 'immediate' },
    );
  }
}

export interface OpenOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  migrate?: boolean;
}

export function openSqlite(options: OpenOptions): { store: SqliteStore; sqlite: Database.Database } {
  if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
  const sqlite = new Database(options.path);
  // WAL lets readers run beside the writer; FULL makes every commit durable before we answer.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema });
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { store: new SqliteStore(db as unknown as AnyDb, new NodeCommitter(db)), sqlite };
}
