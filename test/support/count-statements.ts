import type Database from 'better-sqlite3';
import type { D1Like } from '../../src/store/d1-store.js';

/** How many SQL statements a driver has been asked to run since it was wrapped. */
export interface Counter {
  count: number;
}

/**
 * Counts every statement better-sqlite3 runs (all, get, run, iterate), however it was prepared:
 * the store caches prepared statements, so counting prepare() calls would miss a reused one.
 */
export function countSqlite(sqlite: Database.Database): Counter {
  const counter: Counter = { count: 0 };
  const prepare = sqlite.prepare.bind(sqlite);
  const wrapped = new WeakSet<object>();
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!wrapped.has(statement)) {
      wrapped.add(statement);
      const s = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const method of ['all', 'get', 'run', 'iterate'] as const) {
        const original = s[method]!.bind(statement);
        s[method] = (...args: unknown[]) => {
          counter.count++;
          return original(...args);
        };
      }
    }
    return statement;
  }) as typeof sqlite.prepare;
  return counter;
}

type Statement = {
  bind(...values: unknown[]): Statement;
  all(): Promise<unknown>;
  raw(options?: unknown): Promise<unknown>;
  first(column?: string): Promise<unknown>;
  run(): Promise<unknown>;
};
type Binding = {
  prepare(sql: string): Statement;
  batch(statements: Statement[]): Promise<unknown>;
};

/** A D1 binding that counts each statement it runs, alone or inside a batch. */
export function countD1(binding: D1Like): { binding: D1Like; counter: Counter } {
  const counter: Counter = { count: 0 };
  const inner = binding as unknown as Binding & Record<string, unknown>;
  const real = new WeakMap<object, Statement>();
  const wrap = (statement: Statement): Statement => {
    const counted: Statement = {
      bind: (...values) => wrap(statement.bind(...values)),
      all: () => (counter.count++, statement.all()),
      raw: (options) => (counter.count++, statement.raw(options)),
      first: (column) => (counter.count++, statement.first(column)),
      run: () => (counter.count++, statement.run()),
    };
    real.set(counted, statement);
    return counted;
  };
  const counting = {
    prepare: (sql: string) => wrap(inner.prepare(sql)),
    batch: (statements: Statement[]) => {
      counter.count += statements.length;
      return inner.batch(statements.map((s) => real.get(s) ?? s));
    },
    exec: (sql: string) => (inner.exec as (sql: string) => Promise<unknown>)(sql),
    dump: () => (inner.dump as () => Promise<unknown>)(),
  };
  return { binding: counting as unknown as D1Like, counter };
}

/**
 * Counts the rows better-sqlite3 hands back (all, get, iterate): what a request reads, which a
 * statement count misses when one statement reads every row of a growing table.
 */
export function countSqliteRows(sqlite: Database.Database): Counter {
  const counter: Counter = { count: 0 };
  const prepare = sqlite.prepare.bind(sqlite);
  const wrapped = new WeakSet<object>();
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (!wrapped.has(statement)) {
      wrapped.add(statement);
      const s = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
      const all = s.all!.bind(statement);
      const get = s.get!.bind(statement);
      const iterate = s.iterate!.bind(statement) as (...args: unknown[]) => Iterable<unknown>;
      s.all = (...args: unknown[]) => {
        const rows = all(...args) as unknown[];
        counter.count += rows.length;
        return rows;
      };
      s.get = (...args: unknown[]) => {
        const row = get(...args);
        if (row !== undefined) counter.count++;
        return row;
      };
      s.iterate = function* (...args: unknown[]) {
        for (const row of iterate(...args)) {
          counter.count++;
          yield row;
        }
      };
    }
    return statement;
  }) as typeof sqlite.prepare;
  return counter;
}
