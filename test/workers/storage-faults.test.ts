import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { body, expectProblem, ledgerFixture } from '../contract/helpers.js';
import { storageFault } from '../../src/http/storage-fault.js';
import { createD1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like & {
  prepare(sql: string): unknown;
  batch(statements: unknown[]): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
};

/**
 * What the D1 binding throws, as it throws it (checked against the real binding below): an Error
 * whose message is `D1_ERROR: ` and the database's words, caused by an Error with the words alone.
 * SQLite's own errors end `: SQLITE_<CODE>`; D1's platform errors are its documented sentences
 * (developers.cloudflare.com/d1/observability/debug-d1, "List of D1_ERRORs").
 */
const d1Error = (words: string) => new Error(`D1_ERROR: ${words}`, { cause: new Error(words) });

const D1_FAULTS: [string, string, string | null][] = [
  ['database or disk is full: SQLITE_FULL', 'storage_full', '60'],
  ['attempt to write a readonly database: SQLITE_READONLY', 'storage_read_only', null],
  ['database disk image is malformed: SQLITE_CORRUPT', 'storage_corrupt', null],
  ['file is not a database: SQLITE_NOTADB', 'storage_corrupt', null],
  ['database is locked: SQLITE_BUSY', 'storage_busy', '1'],
  ['D1 DB is overloaded. Too many requests queued.', 'storage_busy', '1'],
  ['D1 DB is overloaded. Requests queued for too long.', 'storage_busy', '1'],
  ['D1 DB reset because its code was updated.', 'storage_unavailable', '5'],
  [
    'Internal error while starting up D1 DB storage caused object to be reset.',
    'storage_unavailable',
    '5',
  ],
  ['Internal error in D1 DB storage caused object to be reset.', 'storage_unavailable', '5'],
  ['Network connection lost.', 'storage_unavailable', '5'],
  ['Cannot resolve D1 DB due to transient issue on remote node.', 'storage_unavailable', '5'],
  ["Can't read from request stream because client disconnected.", 'storage_unavailable', '5'],
  [
    'D1 DB storage operation exceeded timeout which caused object to be reset.',
    'storage_unavailable',
    '5',
  ],
  ["D1 DB's isolate exceeded its memory limit and was reset.", 'storage_unavailable', '5'],
  ['D1 DB exceeded its CPU time limit and was reset.', 'storage_unavailable', '5'],
  ['disk I/O error: SQLITE_IOERR (extended: SQLITE_IOERR_WRITE)', 'storage_io', '30'],
];

/** The binding, with its batches (writes) and, when asked, its reads failing as D1 would. */
function faultyBinding() {
  let failing: Error | null = null;
  let reads = false;
  const statement = (inner: any): any => ({
    bind: (...values: unknown[]) => statement(inner.bind(...values)),
    ...Object.fromEntries(
      ['all', 'first', 'raw', 'run'].map((m) => [
        m,
        (...args: unknown[]) => (reads && failing ? Promise.reject(failing) : inner[m](...args)),
      ]),
    ),
    // batch() is handed our wrapper: give it back the real statement.
    unwrap: () => inner,
  });
  const binding = {
    prepare: (sql: string) => statement(db.prepare(sql)),
    batch: (statements: { unwrap(): unknown }[]) =>
      failing ? Promise.reject(failing) : db.batch(statements.map((s) => s.unwrap())),
    exec: (sql: string) => db.exec(sql),
  };
  return {
    binding: binding as unknown as D1Like,
    fail(error: Error | null, options: { reads?: boolean } = {}) {
      failing = error;
      reads = options.reads ?? false;
    },
  };
}

describe('D1 storage faults', () => {
  it('throws errors shaped as the fault table assumes, and its constraint refusals are not faults', async () => {
    const missing = await (db.prepare('SELECT * FROM "no such thing"') as any)
      .all()
      .catch((e: Error) => e);
    expect(missing.message).toMatch(/^D1_ERROR: no such table: no such thing: SQLITE_ERROR/);
    expect((missing.cause as Error).message).toBe(missing.message.slice('D1_ERROR: '.length));
    const constraint = await db
      .batch([
        (db.prepare('INSERT INTO idempotency_keys (alliance_id) VALUES (NULL)') as any).bind(),
      ])
      .catch((e: Error) => e);
    expect((constraint as Error).message).toMatch(/^D1_ERROR: NOT NULL constraint failed/);
    // A refusal by our own rules, or a bug in our SQL, is not the storage failing.
    expect(storageFault(missing)).toBeNull();
    expect(storageFault(constraint)).toBeNull();
  });

  it('maps each D1 fault message to its code and Retry-After', () => {
    for (const [words, code, retryAfter] of D1_FAULTS) {
      const fault = storageFault(d1Error(words));
      expect(fault?.code, words).toBe(code);
      expect(fault?.retryAfterSeconds ?? null, words).toBe(
        retryAfter === null ? null : Number(retryAfter),
      );
      // Drizzle wraps the driver's error: the cause chain is searched.
      const wrapped = new Error('Failed query: insert into …', { cause: d1Error(words) });
      expect(storageFault(wrapped)?.code, `wrapped: ${words}`).toBe(code);
    }
  });

  it('answers a write that D1 refuses with 503, its code and Retry-After, and writes nothing', async () => {
    const faulty = faultyBinding();
    const f = await ledgerFixture(
      await makeHarness('workers', createD1Store(faulty.binding), () =>
        createD1Store(faulty.binding),
      ),
    );
    const before = await f.snapshot();
    for (const [words, code, retryAfter] of D1_FAULTS) {
      faulty.fail(d1Error(words));
      const res = await f.post([
        [f.bank, '1.00'],
        [f.fund, '-1.00'],
      ]);
      const problem = await expectProblem(res, 503, code);
      expect(res.headers.get('retry-after'), words).toBe(retryAfter);
      // The database's words go to the log, never to the client.
      expect(JSON.stringify(problem)).not.toContain(words);
      const logged = f.h.log.lines.filter((l) => l.event === 'storage_fault').at(-1);
      expect(logged).toMatchObject({ code, requestId: problem.requestId });
      expect(String(logged?.cause)).toContain(words);
      faulty.fail(null);
    }
    expect(await f.snapshot()).toEqual(before);
    const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
    expect(verify.ok).toBe(true);
    expect(
      (
        await f.post([
          [f.bank, '1.00'],
          [f.fund, '-1.00'],
        ])
      ).status,
    ).toBe(201);
  });

  it('answers a read that D1 cannot serve with 503 too, never a 500', async () => {
    const faulty = faultyBinding();
    const f = await ledgerFixture(
      await makeHarness('workers', createD1Store(faulty.binding), () =>
        createD1Store(faulty.binding),
      ),
    );
    faulty.fail(d1Error('Network connection lost.'), { reads: true });
    const res = await f.h.request('/v1/ledger/trial-balance', { token: f.coordinator });
    await expectProblem(res, 503, 'storage_unavailable');
    expect(res.headers.get('retry-after')).toBe('5');
    faulty.fail(null);
    expect((await f.h.request('/v1/ledger/trial-balance', { token: f.coordinator })).status).toBe(
      200,
    );
  });
});
