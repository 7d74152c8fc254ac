import { describe, expect, it } from 'vitest';
import { things } from '../contract/authz-matrix.contract.js';
import { makeHarness } from '../contract/harness.js';
import { grow } from '../contract/statement-count.contract.js';
import { countSqliteRows } from '../support/count-statements.js';
import { openSqlite } from '../../src/store/node-store.js';

/**
 * The pages that once read every row of a growing table and filtered it in JavaScript (issue 14):
 * a person's own pages read that person's applications, the books name only the accounts shown
 * and offer the alliance's own accounts to choose from. Counted in ROWS read, not statements: one
 * statement reading every award would pass a statement count.
 */
describe('pages that read rows of growing tables, at two sizes of data', () => {
  it('read the same number of rows at about 40 and about 340 applications', async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    const rows = countSqliteRows(sqlite);
    const h = await makeHarness('node', store, () => store);
    const t = await things(h);
    const signedIn = await h.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ code: t.tokens.coordinator }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const award = encodeURIComponent(`award:${t.ids.award}`);
    const pages = [
      `/sparks/applicants/${t.ids.applicant}/contact`,
      `/sparks/applicants/${t.ids.applicant}/erasure`,
      '/ledger',
      '/ledger/entries/new',
      `/ledger/entries/new?account=${award}`,
      `/ledger/accounts/${award}`, // (the bank's page lists up to 100 postings, a page a time)
      `/ledger/entries/${t.ids['/v1/entries/{id}']}`,
    ];
    // A person found by the reference typed, with or without its dashes (one index read).
    const { reference } = await t.world.s.ok('GET', `applicants/${t.ids.applicant}`);
    pages.push(`/reminders?reference=${encodeURIComponent(reference.replaceAll('-', ' '))}`);
    const read = async (path: string) => {
      const before = rows.count;
      const res = await h.request(path, { headers: { cookie } });
      const text = await res.text();
      const found = `/reminders/contacts/${t.ids.applicant}`;
      if (path.startsWith('/reminders?')) expect(res.headers.get('location')).toBe(found);
      else expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
      return rows.count - before;
    };
    // A pool's buyer found by the reference typed: a wrong one is named, a right one creates it.
    const holder = sqlite
      .prepare('SELECT reference FROM people WHERE id = ?')
      .get(t.ids.person) as { reference: string };
    let pools = 0;
    const createPool = async (reference: string) => {
      const before = rows.count;
      const res = await h.request('/budgets/pools/new', {
        method: 'POST',
        headers: {
          cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          key: `pool-${++pools}`,
          name: `Garden club ${pools}`,
          coordinatorReference: reference,
          splitRule: 'equal',
        }).toString(),
      });
      const text = await res.text();
      return { status: res.status, text, read: rows.count - before };
    };
    const measure = async () => {
      await read('/ledger'); // the session's last use is written at most once a minute
      const counts: Record<string, number> = {};
      for (const path of pages) counts[path] = await read(path);
      const wrong = await createPool('IB-2222-2222');
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('No budget holder has the reference IB-2222-2222 here');
      counts['a pool for a wrong reference'] = wrong.read;
      const right = await createPool(holder.reference.replaceAll('-', '').toLowerCase());
      expect(right.status, right.text.slice(0, 300)).toBe(303);
      return counts;
    };
    await grow(t, 40); // enough for a full page of accounts and of a bank's postings
    const small = await measure();
    await grow(t, 300);
    const large = await measure();
    expect(large).toEqual(small);
    for (const [path, n] of Object.entries(large)) expect(n, path).toBeLessThan(100);
  }, 300_000);
});
