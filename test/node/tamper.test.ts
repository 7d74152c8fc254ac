import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, ledgerFixture } from '../contract/helpers.js';

// Tampering means going around the API and the triggers, as someone with the database file
// could. These tests drop the guard triggers on a private in-memory database to do just that.
async function tamperable() {
  const { store, sqlite } = openSqlite({ path: ':memory:' });
  const f = await ledgerFixture(await makeHarness('node', store, () => store));
  const ids: string[] = [];
  for (let i = 1; i <= 5; i++)
    ids.push(
      (
        await body(
          await f.post([
            [f.bank, `${i}.00`],
            [f.fund, `-${i}.00`],
          ]),
        )
      ).id,
    );
  sqlite.exec(
    'DROP TRIGGER entries_no_update; DROP TRIGGER postings_no_update; DROP TRIGGER postings_no_delete;',
  );
  const verify = async () => body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
  return { f, sqlite, ids, verify };
}

describe('verify', () => {
  it('reports the first entry whose postings were altered', async () => {
    const { sqlite, ids, verify } = await tamperable();
    sqlite
      .prepare('UPDATE postings SET amount_minor = amount_minor * 10 WHERE entry_id = ? ')
      .run(ids[2]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBrokenLink).toMatchObject({ entryId: ids[2], problem: 'hash_mismatch' });
  });

  it('reports a rewritten hash as a broken link to the next entry', async () => {
    const { sqlite, ids, verify } = await tamperable();
    // Recomputing one entry's hash after editing it still breaks the next entry's link.
    sqlite.prepare('UPDATE entries SET hash = ? WHERE id = ?').run('f'.repeat(64), ids[1]);
    const report = await verify();
    expect(report.firstBrokenLink).toMatchObject({ entryId: ids[1], problem: 'hash_mismatch' });
  });

  it('reports a removed entry as a gap in the sequence', async () => {
    const { sqlite, ids, verify } = await tamperable();
    sqlite.exec('DROP TRIGGER entries_no_delete');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('DELETE FROM entries WHERE id = ?').run(ids[3]);
    const report = await verify();
    expect(report.firstBrokenLink).toMatchObject({ entryId: ids[4], problem: 'sequence_gap' });
  });

  it('reports a stored balance that no longer matches its postings', async () => {
    const { f, sqlite } = await tamperable();
    sqlite
      .prepare('UPDATE accounts SET balance_minor = balance_minor + 100 WHERE code = ?')
      .run(f.bank);
    // Balances against their postings are the full re-check's (the incremental check's cost
    // would grow with the accounts' histories).
    const report = await body(
      await f.h.request(
        '/v1/ledger/verify/full?limit=5000&after=' +
          (
            await body(
              await f.h.request('/v1/ledger/verify/full?limit=5000', { token: f.coordinator }),
            )
          ).nextCursor,
        { token: f.coordinator },
      ),
    );
    expect(report).toMatchObject({ ok: false, firstBrokenLink: null });
    expect(report.balanceMismatches).toEqual([
      { account: f.bank, stored: '16.00', posted: '15.00' },
    ]);
  });

  it('still verifies after a description is erased: personal words are not in the hash', async () => {
    const { f, ids, verify } = await tamperable();
    await f.h.store.db.run(
      sql`UPDATE entries SET description = 'Personal details erased (manual_adjustment)' WHERE id = ${ids[0]}`,
    );
    expect((await verify()).ok).toBe(true);
  });
});
