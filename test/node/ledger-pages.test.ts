import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { ledgerPagesContract, world } from '../contract/ledger-pages.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-ledger-pages-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const make = (path = join(dir, `pages-${++n}.sqlite`)) => {
  const { store } = openSqlite({ path });
  return makeHarness('node', store, () => store);
};

ledgerPagesContract(() => make());

describe('the chain check page, when the books were changed outside Kindling', () => {
  it('says what is wrong, which entry, and whom to tell', async () => {
    const path = join(dir, `tampered-${++n}.sqlite`);
    const { s, coordinator: web } = await world(await make(path));
    const { sqlite } = openSqlite({ path, migrate: false });
    sqlite.exec('DROP TRIGGER postings_no_update');
    sqlite.exec('UPDATE postings SET amount_minor = amount_minor * 10');
    const report = await s.ok('GET', '/v1/ledger/verify');
    expect(report.ok).toBe(false);
    const page = await web.get('/ledger/check');
    expect(page).toContain('The books need attention');
    expect(page).toContain(`Entry number ${report.firstBrokenLink.seq} does not match its seal`);
    // Balances are compared by the full re-check (GET /v1/ledger/verify/full), not by the
    // incremental check this page runs; the broken seal is what it finds here.
    expect(page).toContain('tell the alliance&#39;s coordinator');
  });
});
