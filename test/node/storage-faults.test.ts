import { copyFileSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, expectProblem, ledgerFixture, newKey } from '../contract/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-faults-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fixtureOnFile() {
  const path = join(dir, `faults-${++n}.sqlite`);
  const { store, sqlite } = openSqlite({ path });
  const f = await ledgerFixture(
    await makeHarness('node', store, () => openSqlite({ path, migrate: false }).store),
  );
  return { f, sqlite, path };
}

describe('storage faults', () => {
  it('answers 503 storage_full with Retry-After when the database cannot grow, and logs the cause', async () => {
    const { f, sqlite } = await fixtureOnFile();
    let before = await f.snapshot();
    // SQLite's own size cap: the next page it needs is refused with SQLITE_FULL, as on a full disk.
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    let last: Response | undefined;
    for (let i = 0; i < 200; i++) {
      last = await f.post(
        [
          [f.bank, '1.00'],
          [f.fund, '-1.00'],
        ],
        { key: newKey(), description: 'x'.repeat(400) },
      );
      if (last.status !== 201) break;
      before = await f.snapshot();
    }
    const problem = await expectProblem(last!, 503, 'storage_full');
    expect(last!.headers.get('retry-after')).toBe('60');
    expect(problem.detail).not.toMatch(/SQLITE|disk is full/);
    const logged = f.h.log.lines.find((l) => l.event === 'storage_fault');
    expect(logged).toMatchObject({ code: 'storage_full', requestId: problem.requestId });
    expect(String(logged?.cause)).toMatch(/full/);
    sqlite.pragma('max_page_count = 1073741823');
    expect(await f.snapshot()).toEqual(before);
    const after = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
    expect(after.ok).toBe(true);
  });

  it('answers 503 storage_read_only without Retry-After, and is not ready, on a read-only database', async () => {
    const { f, sqlite } = await fixtureOnFile();
    const before = await f.snapshot();
    sqlite.pragma('query_only = ON'); // every write now fails as on a read-only file
    const res = await f.post([
      [f.bank, '1.00'],
      [f.fund, '-1.00'],
    ]);
    await expectProblem(res, 503, 'storage_read_only');
    expect(res.headers.get('retry-after')).toBeNull();
    const ready = await f.h.request('/health/ready');
    expect(ready.status).toBe(503);
    const report = await body(ready);
    expect(report).toMatchObject({ status: 'not_ready', writable: false, schema: 'current' });
    expect(JSON.stringify(report)).not.toMatch(/readonly/i);
    expect((await f.h.request('/health')).status).toBe(200);
    sqlite.pragma('query_only = OFF');
    expect(await f.snapshot()).toEqual(before);
  });

  it('says ready when a write succeeds and the schema is the one the code knows', async () => {
    const { f } = await fixtureOnFile();
    const res = await f.h.request('/health/ready');
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ status: 'ready', writable: true, schema: 'current' });
  });

  it('says not ready when the database has a migration this code does not know', async () => {
    const { f, sqlite } = await fixtureOnFile();
    sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-the-future', 1999999999999);
    const res = await f.h.request('/health/ready');
    expect(res.status).toBe(503);
    expect(await body(res)).toMatchObject({ status: 'not_ready', schema: 'ahead' });
  });

  it('reports a damaged page of a copy in verify, beside the chain and balances', async () => {
    const { f, sqlite, path } = await fixtureOnFile();
    for (let i = 1; i <= 3; i++)
      expect(
        (
          await f.post([
            [f.bank, `${i}.00`],
            [f.fund, `-${i}.00`],
          ])
        ).status,
      ).toBe(201);
    // The file check is the last page of a full re-check (it reads the whole file).
    const full = '/v1/ledger/verify/full?limit=5000';
    const lastPage = async (request: typeof f.h.request, token: string) => {
      let page = await body(await request(full, { token }));
      while (page.nextCursor)
        page = await body(await request(`${full}&after=${page.nextCursor}`, { token }));
      return page;
    };
    const sound = await lastPage(f.h.request, f.coordinator);
    expect(sound.storage).toEqual({ check: 'quick_check', ok: true, problems: [] });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const { rootpage } = sqlite
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'idempotency_keys'")
      .get() as { rootpage: number };
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    const copy = join(dir, `corrupt-${n}.sqlite`);
    copyFileSync(path, copy);
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);

    const damaged = openSqlite({ path: copy, migrate: false });
    const h = await makeHarness('node', damaged.store, () => damaged.store);
    const auditor = await h.token('auditor', { alliance: f.h.alliance });
    const report = await lastPage(h.request, auditor);
    expect(report.ok).toBe(false);
    expect(report.storage.ok).toBe(false);
    expect(report.storage.problems.join('\n')).toMatch(/page|malformed|corrupt/i);
    damaged.sqlite.close();
  });
});
