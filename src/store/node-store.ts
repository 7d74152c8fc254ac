import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENESIS } from '../core/ledger/model.js';
import * as schema from './schema.js';
import { SqliteStore, type AnyDb, type Committer } from './sqlite-store.js';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

type Build = Parameters<Committer['commit']>[0];
interface Pending {
  build: Build;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What one group commit did: for tests that prove grouping, and for the bench's figures. */
export interface GroupReport {
  /** Commits in the group, and how many were refused (all of them when the group failed). */
  size: number;
  refused: number;
  /** Time spent building and writing, and in COMMIT (the fsync). */
  writeMs: number;
  commitMs: number;
}

export interface GroupOptions {
  /** Most commits in one transaction (default 128). */
  maxGroup?: number;
  onGroup?: (report: GroupReport) => void;
}

/**
 * Group commit. Commits asked for while the event loop is busy are queued and applied together in
 * one IMMEDIATE transaction, so concurrent requests share one fsync instead of queueing for one
 * each. better-sqlite3 blocks the thread while it writes and fsyncs, so nothing can join a group
 * during its COMMIT: a group is what one turn of the loop asked for, flushed by setImmediate
 * once that turn's I/O callbacks have run. Measured at 64 HTTP clients (test/bench, load ~14):
 * setImmediate 203-217 entries/s in groups of ~32; process.nextTick (groups of 1) 95; a 1 ms
 * timer 146 (it only adds a wait). A cap of 32 or 128 made no difference beyond the noise. Each commit runs inside its own SAVEPOINT: one refused by a constraint or trigger is
 * rolled back alone and the others still commit. Every caller hears back only after COMMIT has
 * reached the disk (synchronous=FULL), so an answered request is durable.
 *
 * better-sqlite3 runs synchronously, so reading the chain head, building and writing happen with
 * no await in between; a second process on the same file waits on the write lock.
 */
class NodeCommitter implements Committer {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly readHead: () => { seq: number; hash: string } | undefined;
  // Transaction control as prepared statements: exec() would parse the SQL on every call.
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo',
    Database.Statement
  >;

  private readonly maxGroup: number;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: GroupOptions = {},
  ) {
    this.maxGroup = options.maxGroup ?? 128;
    const statement = sqlite.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1');
    this.readHead = () => statement.get() as { seq: number; hash: string } | undefined;
    this.control = {
      begin: sqlite.prepare('BEGIN IMMEDIATE'),
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
      savepoint: sqlite.prepare('SAVEPOINT one_commit'),
      release: sqlite.prepare('RELEASE one_commit'),
      rollbackTo: sqlite.prepare('ROLLBACK TO one_commit'),
    };
  }

  async compact(): Promise<void> {
    // TRUNCATE: copy every committed frame into the main file (where secure_delete has already
    // zeroed what the erasure freed), then cut the log to nothing.
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }

  async read<T>(statement: { sql: string; params: unknown[] }): Promise<T[]> {
    return this.sqlite.prepare(statement.sql).all(...statement.params) as T[];
  }

  commit(build: Build): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ build, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs one commit's statements on `head`; returns the head they leave. */
  private apply(build: Build, head: { seq: number; hash: string }) {
    const built = build(head);
    for (const statement of built.statements)
      this.sqlite.prepare(statement.sql).run(...(statement.params as unknown[]));
    return built.head;
  }

  private flush(): void {
    this.scheduled = false;
    // A limit on the group keeps one transaction, and the wait of its first caller, short.
    const group = this.queue.splice(0, this.maxGroup);
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const failures = new Map<Pending, unknown>();
    const started = performance.now();
    let committing = started;
    try {
      const { begin, commit, savepoint, release, rollbackTo } = this.control;
      begin.run();
      let head = this.readHead() ?? GENESIS;
      // A commit alone in its group needs no savepoint: its failure rolls back the transaction,
      // which holds nothing else. The savepoint is not free: a big batch (1,000 entries) under
      // one spills its page journal to a temp file, and posting it took 2-3 times as long.
      if (group.length === 1) this.apply(group[0]!.build, head);
      else
        for (const item of group) {
          savepoint.run();
          try {
            head = this.apply(item.build, head);
            release.run();
          } catch (error) {
            // Some faults (SQLITE_FULL, SQLITE_IOERR) make SQLite roll back the whole transaction
            // itself; then there is no savepoint to return to, and every caller in the group must
            // hear the real cause, not "no such savepoint".
            if (!this.sqlite.inTransaction) throw error;
            rollbackTo.run();
            release.run();
            failures.set(item, error);
          }
        }
      committing = performance.now();
      commit.run();
    } catch (error) {
      try {
        if (this.sqlite.inTransaction) this.control.rollback.run();
      } catch {
        // The rollback failing too says nothing new; the first error is the one to report.
      }
      for (const item of group) item.reject(error);
      this.options.onGroup?.({
        size: group.length,
        refused: group.length,
        writeMs: performance.now() - started,
        commitMs: 0,
      });
      return;
    }
    const report = {
      size: group.length,
      refused: failures.size,
      writeMs: committing - started,
      commitMs: performance.now() - committing,
    };
    for (const item of group) {
      if (failures.has(item)) item.reject(failures.get(item));
      else item.resolve();
    }
    this.options.onGroup?.(report);
  }
}

/**
 * Drizzle prepares every statement afresh, and compiling SQL was the largest cost of a request.
 * The same few dozen statement texts recur, so compiled statements are kept by their SQL text
 * (bounded) and reused. drizzle's `values()` switches a statement to raw mode; a reused
 * statement is switched back first, so every caller gets the mode it expects.
 */
function cacheStatements(sqlite: Database.Database, limit = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = prepare(source);
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

export interface OpenOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  migrate?: boolean;
  /** Open an existing file read-only, unmigrated (to check a backup). */
  readonly?: boolean;
  /** How commits are grouped (tests and the bench watch the groups). */
  group?: GroupOptions;
}

export function openSqlite(options: OpenOptions): {
  store: SqliteStore;
  sqlite: Database.Database;
} {
  if (options.readonly) {
    // For checking a copy: nothing about the file may change, not even its journal mode.
    const sqlite = new Database(options.path, { readonly: true, fileMustExist: true });
    const db = drizzle({ client: sqlite, schema });
    return { store: new SqliteStore(db as unknown as AnyDb, new NodeCommitter(sqlite)), sqlite };
  }
  if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
  const sqlite = new Database(options.path);
  // WAL lets readers run beside the writer; FULL makes every commit durable before we answer.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed on disk, not left in free pages, so an erased name
  // cannot be read back from the file.
  sqlite.pragma('secure_delete = ON');
  // Statement and savepoint journals stay in memory. Group commit opens a savepoint per commit,
  // and once that journal outgrew SQLite's 64 KiB it spilled to a temp file on disk and stayed
  // there for the transaction: ~40 page writes an entry, more than doubling the CPU of writing
  // one (savepointed group of 32 on the full schema: 156-318 µs an entry; in memory 73-117 µs).
  // In memory the journal is also never a copy of personal data on disk. It is not part of
  // durability: the WAL is, and COMMIT still waits for it (synchronous=FULL).
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  const db = drizzle({ client: sqlite, schema });
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    store: new SqliteStore(db as unknown as AnyDb, new NodeCommitter(sqlite, options.group)),
    sqlite,
  };
}
