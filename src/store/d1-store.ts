import { desc } from 'drizzle-orm';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import { GENESIS, type ChainHead } from '../core/ledger/model.js';
import * as schema from './schema.js';
import { SqliteStore, isChainConflict, type AnyDb, type Committer } from './sqlite-store.js';

/** The subset of the D1 binding we use, so this file needs no Workers type package. */
export type D1Like = Parameters<typeof drizzle>[0];
interface D1Batching {
  prepare(sql: string): { bind(...values: unknown[]): { all(): Promise<{ results: unknown[] }> } };
  batch(statements: unknown[]): Promise<unknown>;
}

/**
 * D1 has no interactive transactions: a commit is one `batch()`, built against the chain head
 * we last saw. If another isolate moved the head first, the entries_seal trigger refuses the
 * batch (nothing is written) and we rebuild on the new head. Within one isolate, commits queue
 * so they never race each other, and the head is remembered between them to save a read.
 */
class D1Committer implements Committer {
  private head: ChainHead | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DrizzleD1Database<typeof schema>,
    private readonly binding: D1Batching,
  ) {}

  async read<T>(statement: { sql: string; params: unknown[] }): Promise<T[]> {
    return (
      await this.binding
        .prepare(statement.sql)
        .bind(...statement.params)
        .all()
    ).results as T[];
  }

  commit(build: Parameters<Committer['commit']>[0]): Promise<void> {
    const run = this.tail.then(() => this.attempt(build));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async attempt(build: Parameters<Committer['commit']>[0]): Promise<void> {
    const maxAttempts = 20;
    for (let attempt = 1; ; attempt++) {
      const head = this.head ?? (await this.readHead());
      const { statements, head: next } = build(head);
      try {
        await this.binding.batch(
          Array.from(statements, (s) => this.binding.prepare(s.sql).bind(...s.params)),
        );
        this.head = next;
        return;
      } catch (error) {
        this.head = null;
        if (!isChainConflict(error) || attempt >= maxAttempts) throw error;
        await new Promise((r) => setTimeout(r, Math.min(50, attempt * attempt)));
      }
    }
  }

  private async readHead(): Promise<ChainHead> {
    const rows = await this.db
      .select({ seq: schema.entries.seq, hash: schema.entries.hash })
      .from(schema.entries)
      .orderBy(desc(schema.entries.seq))
      .limit(1);
    return rows[0] ?? GENESIS;
  }
}

/** A store with its own commit queue and head cache: what one isolate has. */
export function createD1Store(binding: D1Like): SqliteStore {
  const db = drizzle(binding, { schema });
  return new SqliteStore(
    db as unknown as AnyDb,
    new D1Committer(db, binding as unknown as D1Batching),
  );
}

const stores = new WeakMap<object, SqliteStore>();

/** One store per D1 binding per isolate, so the commit queue and cached head are shared. */
export function d1Store(binding: D1Like): SqliteStore {
  let store = stores.get(binding as object);
  if (!store) {
    store = createD1Store(binding);
    stores.set(binding as object, store);
  }
  return store;
}
