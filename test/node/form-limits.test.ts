import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture, type BudgetsFixture } from '../contract/budgets-helpers.js';
import { makeHarness, type Harness } from '../contract/harness.js';
import { sparksFixture, type SparksFixture } from '../contract/sparks-helpers.js';
import { openSqlite } from '../../src/store/node-store.js';

/**
 * The limits each form's use case schema holds, as a person meets them on the page (issue 16,
 * point 5): an answer one character too long (or a payment of 0.00) comes back with "Error: " in
 * the title, the words a person reads in the error summary and beside the field, what they typed
 * kept, and nothing written. Driven through app.request, signed in as a browser is.
 */

const TABLES = [
  'entries',
  'idempotency_keys',
  'applicants',
  'applications',
  'decisions',
  'awards WHERE cancelled_on IS NOT NULL',
  'disbursements',
  'grant_returns',
  "follow_ups WHERE status <> 'due'",
  'pool_purchases',
];
const long = (n: number) => 'x'.repeat(n);
const today = { day: '1', month: '6', year: '2026' };
const dateFields = (id: string) =>
  Object.fromEntries(Object.entries(today).map(([k, v]) => [`${id}-${k}`, v]));

describe('over-long answers on the forms, as a person reads them', () => {
  let h: Harness;
  let rows: (sql: string) => number;
  let s: SparksFixture;
  let f: BudgetsFixture;
  let sent = 0;
  const ids = { reference: '', sitting: '', waiting: '', award: '', paid: '', pool: '' };

  /** Signs in through the form, as a browser does; the cookie to send back. */
  const signIn = async (token: string) => {
    const res = await h.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ code: token }).toString(),
    });
    expect(res.status).toBe(303);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  /** Posts a form; the page it answers with, as the person sees it. */
  const post = async (cookie: string, path: string, fields: Record<string, string>) => {
    const res = await h.request(path, {
      method: 'POST',
      headers: {
        cookie,
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ key: `form-limits-${++sent}`, ...fields }).toString(),
    });
    const html = await res.text();
    const { document } = parseHTML(html);
    const summary = Array.from(document.querySelectorAll('.error-summary a'), (a) => ({
      text: a.textContent!.trim(),
      href: a.getAttribute('href')!,
    }));
    return { status: res.status, html, document, summary };
  };

  /** Refused as a person should read it: status, title, summary, the message beside the field. */
  const refused = async (
    cookie: string,
    path: string,
    fields: Record<string, string>,
    expected: { field: string; text: string }[],
  ) => {
    const before = TABLES.map(rows);
    const page = await post(cookie, path, fields);
    expect(page.status, page.html.slice(0, 300)).toBe(422);
    expect(page.document.querySelector('title')!.textContent).toMatch(/^Error: /);
    expect(page.summary).toEqual(expected.map((e) => ({ text: e.text, href: `#${e.field}` })));
    for (const e of expected) {
      const beside = page.document.getElementById(`${e.field.replace(/-day$/, '')}-error`);
      expect(beside?.textContent?.replace(/^\s*Error:\s*/, '').trim()).toBe(e.text);
    }
    expect(TABLES.map(rows), 'nothing was written').toEqual(before);
    return page;
  };

  let coordinator = '';
  let panel = '';
  beforeAll(async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    h = await makeHarness('node', store, () => store);
    rows = (sql) => (sqlite.prepare(`SELECT count(*) AS n FROM ${sql}`).get() as { n: number }).n;
    h.setNow('2026-06-01T09:00:00.000Z');
    s = await sparksFixture(h);
    await s.ok('POST', 'receipts', { funder: 'Fund', amount: '5000.00', receivedOn: '2026-05-01' });
    const applicant = await s.applicant('Kim Long');
    ids.reference = (await s.ok('GET', `applicants/${applicant}`)).reference;
    ids.sitting = await s.sitting('2026-05-15');
    ids.waiting = await s.application(applicant, '40.00', '2026-05-10');
    const award = async (amount: string, paid: string | null) => {
      const app = await s.application(await s.applicant(), amount, '2026-05-10');
      const res = await s.decide(app, ids.sitting, { outcome: 'award', amount, purpose: 'Bus' });
      const id = (await res.json()).award.id as string;
      if (paid)
        await s.ok('POST', `awards/${id}/disbursements`, {
          method: 'cash',
          amount: paid,
          paidOn: '2026-05-20',
        });
      return id;
    };
    ids.award = await award('85.00', null);
    ids.paid = await award('60.00', '60.00');
    f = await budgetsFixture(h);
    const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
    ids.pool = (
      await f.ok(
        'POST',
        'pools',
        { name: 'Allotment group', coordinatorPersonId: f.people.holder.id, splitRule: 'equal' },
        { key: false },
      )
    ).id;
    const holder = f.people.holder.token;
    await f.ok(
      'POST',
      `pools/${ids.pool}/members`,
      { budgetId: budget },
      { token: holder, key: false },
    );
    await f.ok(
      'POST',
      `pools/${ids.pool}/contributions`,
      { budgetId: budget, amount: '50.00', contributedOn: '2026-05-02' },
      { token: holder },
    );
    coordinator = await signIn(s.coordinator);
    panel = await signIn(s.panel);
  }, 60_000);

  it('says what it is for holds 500 characters and notes 2,000, on an application', async () => {
    const page = await refused(
      panel,
      '/sparks/applications',
      {
        reference: ids.reference,
        amount: '40',
        purpose: long(501),
        domain: 'health',
        ...dateFields('receivedOn'),
        notes: long(2001),
      },
      [
        { field: 'purpose', text: 'What it is for must be 500 characters or fewer' },
        { field: 'notes', text: 'Notes must be 2,000 characters or fewer' },
      ],
    );
    expect(page.document.getElementById('purpose')!.textContent).toBe(long(501));
  });

  it('says what difference it made holds 2,000 characters, when they come back', async () => {
    await refused(
      panel,
      `/sparks/awards/${ids.paid}/follow-up`,
      { ...dateFields('heardOn'), inPerson: 'yes', difference: long(2001) },
      [{ field: 'difference', text: 'What difference it made must be 2,000 characters or fewer' }],
    );
  });

  it('says what an award is for, and why it is declined, hold 500 characters', async () => {
    const path = `/sparks/sittings/${ids.sitting}/decisions`;
    const at = (field: string) => `${ids.waiting}-${field}`;
    await refused(
      panel,
      path,
      { applicationId: ids.waiting, outcome: 'award', amount: '40', purpose: long(501) },
      [{ field: at('purpose'), text: 'What the award is for must be 500 characters or fewer' }],
    );
    await refused(
      panel,
      path,
      { applicationId: ids.waiting, outcome: 'decline', declineReason: long(501) },
      [{ field: at('declineReason'), text: 'The reason must be 500 characters or fewer' }],
    );
  });

  it('says a payment holds a supplier of 120 characters, a reference of 100, and is more than £0.00', async () => {
    const path = `/sparks/awards/${ids.award}/payments`;
    const paid = { method: 'supplier_purchase', amount: '10', ...dateFields('paidOn') };
    await refused(coordinator, path, { ...paid, supplier: long(121), reference: long(101) }, [
      { field: 'supplier', text: 'Who it was bought from must be 120 characters or fewer' },
      { field: 'reference', text: 'The reference must be 100 characters or fewer' },
    ]);
    await refused(coordinator, path, { ...paid, amount: '0.00', supplier: 'Bus Co' }, [
      { field: 'amount', text: 'The amount must be more than £0.00' },
    ]);
  });

  it('says why an award is cancelled, or a follow-up waived, holds 500 characters', async () => {
    await refused(
      coordinator,
      `/sparks/awards/${ids.award}/cancel`,
      { ...dateFields('on'), reason: long(501) },
      [{ field: 'reason', text: 'Why it is cancelled must be 500 characters or fewer' }],
    );
    await refused(coordinator, `/sparks/awards/${ids.award}/waiver`, { reason: long(501) }, [
      { field: 'reason', text: 'Why it is waived must be 500 characters or fewer' },
    ]);
  });

  it('lists the problems of money handed back in the form’s order: how much, then when', async () => {
    await refused(
      coordinator,
      `/sparks/awards/${ids.paid}/returns`,
      { amount: '0.00', 'on-day': '31', 'on-month': '2', 'on-year': '2026' },
      [
        { field: 'amount', text: 'The amount must be more than £0.00' },
        { field: 'on-day', text: 'The date it was handed back must be a real date' },
      ],
    );
  });

  it('says a pool’s purchase holds who is paid in 120 characters and what it is for in 500', async () => {
    const holder = await signIn(f.people.holder.token);
    const page = await refused(
      holder,
      `/my/pools/${ids.pool}/purchases`,
      {
        category: 'community',
        provider: long(121),
        amount: '0',
        description: long(501),
        ...dateFields('boughtOn'),
      },
      [
        { field: 'provider', text: 'Who is paid must be 120 characters or fewer' },
        { field: 'amount', text: 'The amount must be more than £0.00' },
        { field: 'description', text: 'What it is for must be 500 characters or fewer' },
      ],
    );
    expect(page.document.getElementById('provider')!.getAttribute('value')).toBe(long(121));
  });
});
