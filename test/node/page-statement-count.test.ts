import { describe, expect, it } from 'vitest';
import { things } from '../contract/authz-matrix.contract.js';
import { makeHarness } from '../contract/harness.js';
import { grow } from '../contract/statement-count.contract.js';
import { countSqlite } from '../support/count-statements.js';
import { openSqlite } from '../../src/store/node-store.js';

/** The pages that list budgets, accounts and pools, read as their readers read them. */
const PAGES = [
  '/budgets',
  '/budgets?status=open&reference=IB-',
  '/statements',
  '/statements/budgets?from=2026-04-01&to=2027-03-31',
  '/statements/budgets?from=2026-04-01&to=2027-03-31&status=closed',
  '/statements/accounts?from=2026-04-01&to=2027-03-31',
  '/statements/pools?from=2026-04-01&to=2027-03-31',
];

/**
 * The budgets home and the statements pages send the same few SQL statements whatever the size
 * of the alliance (issue 14): from 2 budgets and a few dozen accounts to over 30 budgets and hundreds
 * of accounts, more than a page of each, and the second page costs what the first does.
 */
describe('the budgets and statements pages, at two sizes of data', () => {
  it('send the same number of statements, and few, a page at a time', async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    const counter = countSqlite(sqlite);
    const h = await makeHarness('node', store, () => store);
    const t = await things(h);
    const signedIn = await h.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ code: t.tokens.coordinator }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const read = async (path: string) => {
      const before = counter.count;
      const res = await h.request(path, { headers: { cookie } });
      const text = await res.text();
      expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
      return { sent: counter.count - before, text };
    };
    const measure = async () => {
      await read('/budgets'); // the session's last use is written at most once a minute
      const counts: Record<string, number> = {};
      for (const path of PAGES) {
        const { sent, text } = await read(path);
        counts[path] = sent;
        // A page, not everything: at most 25 rows, and at most 25 budgets linked.
        expect((text.match(/<tr role="row"/g) ?? []).length, path).toBeLessThanOrEqual(26);
        const linked = (text.match(/href="[^"]*\/budgets\/bud_/g) ?? []).length;
        expect(linked, path).toBeLessThanOrEqual(path.startsWith('/statements/budgets') ? 50 : 25);
        if (path === '/budgets') expect(linked).toBeGreaterThan(0);
      }
      return counts;
    };
    await grow(t, 10);
    const small = await measure();
    await grow(t, 300);
    const large = await measure();
    expect(large).toEqual(small);
    for (const [path, n] of Object.entries(large)) expect(n, path).toBeLessThan(20);
    // The page after the first, by the link each page gives, costs what the first does.
    for (const path of [PAGES[0]!, PAGES[3]!, PAGES[5]!]) {
      const next = /href="([^"]+)" rel="next"/.exec((await read(path)).text)?.[1];
      expect(next, `${path} has a next page`).toBeDefined();
      expect((await read(next!.replaceAll('&amp;', '&'))).sent, `${path}, page 2`).toBe(
        large[path],
      );
    }
  }, 300_000);
});

/**
 * A pool member's page finds the reader's own memberships in two reads, not one budget read (and
 * one parties read) per member: counted with 2 and with 10 members (the most a pool holds), read by their broker.
 */
describe('a pool member’s page, at two sizes of pool', () => {
  it('sends the same number of statements', async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    const counter = countSqlite(sqlite);
    const h = await makeHarness('node', store, () => store);
    const t = await things(h);
    const { b } = t.world;
    const broker = b.people.broker;
    const signedIn = await h.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ code: t.tokens.broker }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const managed: string[] = [];
    const join = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const holder = await b.ok('POST', 'people', { kind: 'holder' }, { key: false });
        const budget = await b.budget(holder.id, { mode: 'managed', allocate: '50.00' });
        await b.ok(
          'POST',
          `pools/${t.ids.pool}/members`,
          { budgetId: budget },
          { token: broker.token, key: false },
        );
        managed.push(budget);
      }
    };
    const read = async () => {
      const path = `/my/pools/${t.ids.pool}?budget=${managed[0]}`;
      await h.request(path, { headers: { cookie } }); // the session's last use, once a minute
      const before = counter.count;
      const res = await h.request(path, { headers: { cookie } });
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(200);
      return counter.count - before;
    };
    await join(2);
    const small = await read();
    await join(8); // ten is the most a pool holds
    expect(await read()).toBe(small);
    expect(small).toBeLessThan(20);
  }, 120_000);
});
