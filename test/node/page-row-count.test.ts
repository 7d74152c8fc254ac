import { describe, expect, it } from 'vitest';
import { things, type Things } from '../contract/authz-matrix.contract.js';
import { makeHarness } from '../contract/harness.js';
import { grow } from '../contract/statement-count.contract.js';
import { countSqliteRows } from '../support/count-statements.js';
import { openSqlite } from '../../src/store/node-store.js';

/** More people, funding streams and pools: what the create-budget and join-a-pool pages name. */
async function growBudgets(t: Things, from: number, n: number): Promise<void> {
  const { b } = t.world;
  for (let i = from; i < from + n; i++) {
    const kind = (['holder', 'supporter', 'broker'] as const)[i % 3]!;
    await b.ok('POST', 'people', { kind }, { key: false });
    const name = String(i).padStart(4, '0');
    await b.ok(
      'POST',
      'streams',
      {
        name: `Stream ${name}`,
        approvalLimit: '100.00',
        topSlicePercent: '0',
        periodEndRule: 'return',
      },
      { key: false },
    );
    await b.ok(
      'POST',
      'pools',
      { name: `Pool ${name}`, coordinatorPersonId: b.people.holder.id, splitRule: 'equal' },
      { key: false },
    );
  }
}

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
    const signIn = async (code: string) => {
      const signedIn = await h.request('/sign-in', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost',
        },
        body: new URLSearchParams({ code }).toString(),
      });
      expect(signedIn.status).toBe(303);
      return (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const cookie = await signIn(t.tokens.coordinator);
    const holderCookie = await signIn(t.tokens.holder);
    const award = encodeURIComponent(`award:${t.ids.award}`);
    const pages = [
      `/sparks/applicants/${t.ids.applicant}/contact`,
      `/sparks/applicants/${t.ids.applicant}/erasure`,
      '/ledger',
      '/ledger/entries/new',
      `/ledger/entries/new?account=${award}`,
      `/ledger/accounts/${award}`, // (the bank's page lists up to 100 postings, a page a time)
      `/ledger/entries/${t.ids['/v1/entries/{id}']}`,
      '/budgets/new', // a page of streams to choose from
      `/budgets/new?stream=${t.ids.stream}`, // the people typed as references
      // The budgets' stream names, from the budgets listed (none closed here): not every stream.
      '/budgets?status=closed',
      '/budgets/lists/budgets?status=closed',
    ];
    // A person found by the reference typed, with or without its dashes (one index read).
    const { reference } = await t.world.s.ok('GET', `applicants/${t.ids.applicant}`);
    const holder = sqlite
      .prepare('SELECT reference FROM people WHERE id = ?')
      .get(t.ids.person) as { reference: string };
    const found: Record<string, string> = {
      [`/reminders?reference=${encodeURIComponent(reference.replaceAll('-', ' '))}`]: `/reminders/contacts/${t.ids.applicant}`,
      // A budget person too: one read of the people's reference index, not every person.
      [`/reminders?reference=${holder.reference.replaceAll('-', '').toLowerCase()}`]: `/reminders/contacts/${t.ids.person}`,
    };
    pages.push(...Object.keys(found));
    const read = async (path: string, as = cookie) => {
      const before = rows.count;
      const res = await h.request(path, { headers: { cookie: as } });
      const text = await res.text();
      if (found[path]) expect(res.headers.get('location')).toBe(found[path]);
      else expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
      return rows.count - before;
    };
    const post = async (path: string, form: Record<string, string>) => {
      const before = rows.count;
      const res = await h.request(path, {
        method: 'POST',
        headers: {
          cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, text: await res.text(), read: rows.count - before };
    };
    // A pool's buyer found by the reference typed: a wrong one is named, a right one creates it.
    let pools = 0;
    const createPool = (reference: string) =>
      post('/budgets/pools/new', {
        key: `pool-${++pools}`,
        name: `Garden club ${pools}`,
        coordinatorReference: reference,
        splitRule: 'equal',
      });
    // A budget's people typed as references: a wrong holder and a holder as co-holder are named
    // (a date left out, so nothing is created), each with one read of the reference index.
    const createBudget = () =>
      post('/budgets/new', {
        key: 'budget-refused',
        streamId: t.ids.stream!,
        holderReference: 'IB-2222-2222',
        controlMode: 'joint',
        coHolderReference: holder.reference,
      });
    const measure = async () => {
      await read('/ledger'); // the session's last use is written at most once a minute
      const counts: Record<string, number> = {};
      for (const path of pages) counts[path] = await read(path);
      const wrong = await createPool('IB-2222-2222');
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('No budget holder has the reference IB-2222-2222 here');
      counts['a pool for a wrong reference'] = wrong.read;
      const refused = await createBudget();
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('No budget holder has the reference IB-2222-2222 here');
      expect(refused.text).toContain(`No supporter has the reference ${holder.reference} here`);
      counts['a budget for wrong references'] = refused.read;
      // A form whose stream is not this alliance's (changed by hand) says what to do, not 200.
      const gone = await post('/budgets/new', {
        key: 'budget-gone',
        streamId: 'no-such-stream',
        holderReference: holder.reference,
        controlMode: 'alone',
      });
      expect(gone.status).toBe(422);
      expect(gone.text).toContain('The funding stream on the form was not found here');
      expect(gone.text).toContain('Which funding stream is it drawn from?');
      // The holder's pools to join: a page of them, not every pool.
      counts['join a pool'] = await read(`/my/budgets/${t.ids.budget}/pools`, holderCookie);
      const right = await createPool(holder.reference.replaceAll('-', '').toLowerCase());
      expect(right.status, right.text.slice(0, 300)).toBe(303);
      return counts;
    };
    await grow(t, 40); // enough for a full page of accounts and of a bank's postings
    await growBudgets(t, 0, 30); // and a full page of streams and of pools
    const small = await measure();
    await grow(t, 300);
    await growBudgets(t, 30, 150);
    const large = await measure();
    expect(large).toEqual(small);
    for (const [path, n] of Object.entries(large)) expect(n, path).toBeLessThan(100);
  }, 300_000);
});
