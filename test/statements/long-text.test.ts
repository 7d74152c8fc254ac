import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { makeHarness, type Harness } from '../contract/harness.js';
import { newKey } from '../contract/helpers.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { pdfjsLines } from '../support/pdfjs-lines.js';

// Every statement rendered with long, realistic words (a funder's full name, a supplier's and a
// provider's, a payment reference typed in full, a long reason), read back with pdf.js: nothing
// is cut off with "…", every word is there whole, and the figures are the ledger's.
// KINDLING_PDF_DIR=/some/dir keeps the PDFs, to look at them (pdftoppm -r 60 -png).

const ALLIANCE = 'Bognor Regis and Chichester Community Recovery Alliance (Small Sparks)';
const FUNDER = 'The National Lottery Community Fund – Awards for All England, South East';
const FUNDER_REF = 'AFA-2026-SE-00012345 recovery grant';
const SUPPLIER = 'Stagecoach South East Megarider Travel Centre, Chichester Bus Station';
const PAY_REF = 'MEGARIDER 13 WEEKS QUILLFEATHER-SMYTHE';
const PROVIDER = 'Chichester College Group – Adult Community Learning Enrolment Office';
const STREAM = 'Treatment and Recovery Support (West Sussex County Council Public Health)';
const REASON =
  'The panel asked the applicant to come back once the college has confirmed the start date of the course';
const POOL = 'Oving Community Allotment Growing Group (shared tools and seeds)';
const CONTACT = 'Sam at the alliance office, 01243 000000 or treasurer@bognor-recovery.example';

let lastHarness: Harness | null = null;
const lines = async (res: Response, name: string) => {
  if (res.status !== 200)
    console.log(JSON.stringify(lastHarness?.log.lines.filter((l) => l.level === 'error')));
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const dir = process.env.KINDLING_PDF_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.pdf`), bytes);
  }
  const text = (await pdfjsLines(bytes)).flat().map((cells) => cells.join(' '));
  expect(text.join('\n'), `${name} cuts text off`).not.toContain('…');
  return text;
};
/** The text as one string: lines joined, for figures that sit on one line. */
const whole = (text: string[]) => text.join(' ').replace(/\s+/g, ' ');
/**
 * Whether every word of `phrase` is printed, in order. A phrase wrapped inside a table cell comes
 * back interleaved with the other cells of its row, one line at a time, so it is looked for as a
 * sequence of words, not as one string.
 */
const printed = (text: string[], phrase: string) => {
  const tokens = whole(text).split(' ');
  let at = 0;
  for (const word of phrase.split(/\s+/)) {
    const whole = tokens.findIndex((t, i) => i >= at && t === word);
    if (whole >= 0) {
      at = whole + 1;
      continue;
    }
    // A word too wide for its column is broken across lines: its pieces come in order.
    let rest = word;
    while (rest !== '') {
      const found = tokens.findIndex(
        (t, i) => i >= at && t !== '' && (rest.startsWith(t) || t.startsWith(rest)),
      );
      if (found < 0) return false;
      rest = rest.slice(Math.min(rest.length, tokens[found]!.length));
      at = found + 1;
    }
  }
  return true;
};

async function longYear(h: Harness) {
  h.setNow('2027-05-01T09:00:00.000Z');
  const f = await sparksFixture(h, h.alliance, {
    name: ALLIANCE,
    bankName: 'Unity Trust Bank',
    bankAccountEnding: '4821',
    contactLine: CONTACT,
  });
  await f.ok('POST', 'receipts', {
    funder: FUNDER,
    reference: FUNDER_REF,
    amount: '2500.00',
    receivedOn: '2026-04-02',
    restricted: true,
  });
  await f.ok('POST', 'receipts', { funder: 'Trust', amount: '500.00', receivedOn: '2026-04-03' });
  const applicant = await f.applicant('Zebedee Quillfeather-Smythe');
  const application = await f.application(applicant, '320.00', '2026-05-01');
  const declined = await f.application(await f.applicant('A. N.'), '90.00', '2026-05-01');
  const sitting = await f.sitting('2026-05-02');
  const res = await f.decide(application, sitting, {
    outcome: 'award',
    amount: '320.00',
    purpose: 'A thirteen-week Megarider bus pass to get to college',
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const award = (await res.json()).award.id as string;
  expect((await f.decide(declined, sitting, { outcome: 'decline', reason: REASON })).status).toBe(
    201,
  );
  await f.ok('POST', `awards/${award}/disbursements`, {
    method: 'supplier_purchase',
    supplier: SUPPLIER,
    reference: PAY_REF,
    amount: '300.00',
    paidOn: '2026-05-03',
  });

  const b = await budgetsFixture(h, { name: STREAM });
  const holder = await b.ok(
    'POST',
    'people',
    { kind: 'holder', name: 'Perpetua Thistlewood' },
    {
      key: false,
    },
  );
  const token = await h.token('holder', { holder: holder.id });
  const budget = await b.budget(holder.id, {
    allocate: '400.00',
    mode: 'joint',
    coHolders: [b.people.supporter.id],
  });
  await b.ok(
    'POST',
    `budgets/${budget}/spends`,
    {
      provider: PROVIDER,
      category: 'purposeful-activity',
      amount: '45.00',
      spentOn: '2026-05-01',
      description: 'Enrolment fee for the evening course in bookkeeping and payroll',
    },
    { token },
  );
  return { f, b, budget, token, award, sitting, holder };
}

describe('statements with long, realistic words', () => {
  it('wraps every description, name and reference whole, and ties every figure to the ledger', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    lastHarness = h;
    const { f, b, budget, token, sitting, holder } = await longYear(h);
    const year = 'from=2026-04-01&to=2027-03-31';
    const api = `/v1/alliances/${f.alliance}`;
    const bankCode = `alliance:${f.alliance}:bank`;
    const fundCode = `alliance:${f.alliance}:fund:sparks`;
    const tb = await f.ok('GET', '/v1/ledger/trial-balance', undefined, { key: false });
    const balanceOf = (code: string) =>
      (tb.accounts ?? tb.items ?? tb.rows).find((r: { code: string }) => r.code === code);

    const fund = await lines(
      await h.request(`${api}/statements/fund.pdf?${year}`, { token: f.coordinator }),
      'fund',
    );
    expect(printed(fund, FUNDER)).toBe(true);
    expect(printed(fund, FUNDER_REF)).toBe(true);
    expect(whole(fund)).toContain(ALLIANCE);
    // Restricted 2,500 less the 320 award drawn on it first; the Trust's 500 unrestricted.
    expect(whole(fund)).toMatch(/Held on 31 March 2027 2,180\.00 500\.00 2,680\.00/);
    // The fund and the 20.00 still to pay are the Small Sparks money in the bank.
    expect(whole(fund)).toMatch(/Small Sparks money that is in the bank 2,700\.00/);
    expect(whole(fund)).toContain('To date: figures up to and including 31 March 2027');

    const bank = await lines(
      await h.request(`/v1/accounts/${bankCode}/statement.pdf?${year}`, { token: f.coordinator }),
      'bank',
    );
    for (const words of [
      SUPPLIER,
      PAY_REF,
      FUNDER,
      FUNDER_REF,
      PROVIDER,
      'an asset account',
      'Unity Trust Bank',
      'ending 4821',
      CONTACT,
    ])
      expect(printed(bank, words), words).toBe(true);
    expect(whole(fund)).toContain(whole(bank).match(/Balance carried forward ([0-9,.]+)/)![1]!);

    const audit = await lines(
      await h.request(`/v1/accounts/${bankCode}/statement.pdf?${year}`, { token: f.auditor }),
      'bank-auditor',
    );
    for (const words of [SUPPLIER, PAY_REF, PROVIDER, 'Quillfeather'])
      expect(printed(audit, words), words).toBe(false);
    expect(whole(audit)).toMatch(/SP-/);

    const trial = await lines(
      await h.request('/v1/ledger/trial-balance.pdf', { token: f.auditor }),
      'trial-balance',
    );
    expect(whole(trial)).toContain('At the end of 1 May 2027');
    expect(whole(trial)).toContain('Small Sparks fund');
    expect(whole(trial)).toContain(`Budget of ${holder.reference}`);
    expect(whole(trial)).not.toContain('alliance:');
    expect(balanceOf(fundCode)).toBeDefined();

    const own = await lines(
      await h.request(`/v1/budgets/${budget}/statement.pdf?${year}`, { token }),
      'budget-holder',
    );
    for (const words of [
      STREAM,
      PROVIDER,
      'Shared with (co-holder)',
      'purposeful activity',
      '20.00',
      '380.00',
      'fingerprint',
    ])
      expect(printed(own, words), words).toBe(true);
    expect(whole(own)).not.toContain('GET /v1');

    const minutesCookie = await signIn(h, f.panel);
    await lines(
      await h.request(`/sparks/sittings/${sitting}/minutes.pdf`, {
        headers: { cookie: minutesCookie },
      }),
      'minutes',
    ).then((text) => expect(printed(text, REASON)).toBe(true));

    const register = await lines(
      await h.request(`${api}/statements/grant-register.pdf?${year}`, { token: f.coordinator }),
      'grant-register',
    );
    for (const words of ['Part paid', 'Purposeful activity'])
      expect(printed(register, words), words).toBe(true);
    expect(whole(register)).toMatch(/320\.00/);
    expect(whole(register)).toMatch(/300\.00/);

    // A pool of two: the holder coordinates it, puts in 30.00, the other member 10.00, and buys
    // 20.00 of something with a long description; the holder's statement shows their share.
    const pool = (
      await b.ok(
        'POST',
        'pools',
        { name: POOL, coordinatorPersonId: holder.id, splitRule: 'pro_rata' },
        { key: false },
      )
    ).id as string;
    const other = b.people.other;
    const otherBudget = await b.budget(other.id, { allocate: '100.00' });
    await b.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token, key: false });
    await b.ok(
      'POST',
      `pools/${pool}/members`,
      { budgetId: otherBudget },
      { token: other.token, key: false },
    );
    await b.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: budget, amount: '30.00', contributedOn: '2026-06-01' },
      { token },
    );
    await b.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: otherBudget, amount: '10.00', contributedOn: '2026-06-01' },
      { token: other.token },
    );
    await b.ok(
      'POST',
      `pools/${pool}/purchases`,
      {
        provider: PROVIDER,
        category: 'community',
        amount: '20.00',
        boughtOn: '2026-06-10',
        description: 'Tools, compost and seed potatoes for the shared allotment plot at Oving',
      },
      { token },
    );
    const shared = await lines(
      await h.request(`/v1/pools/${pool}/statement.pdf?${year}`, { token }),
      'pool-member',
    );
    for (const words of [
      POOL,
      PROVIDER,
      'Tools, compost and seed potatoes for the shared allotment plot at Oving',
    ])
      expect(printed(shared, words), words).toBe(true);
    // 40 in, 20 spent: the pool holds 20.00, of which the holder's share is 15.00 (30:10).
    expect(whole(shared)).toMatch(/The pool holds on 31 March 2027 20\.00/);
    // The other member, who does not coordinate the pool, reads "your share" and the whole pool.
    const theirs = whole(
      await lines(
        await h.request(`/v1/pools/${pool}/statement.pdf?${year}`, { token: other.token }),
        'pool-other-member',
      ),
    );
    expect(theirs).toMatch(/Your share on 31 March 2027 5\.00/);
    expect(theirs).toMatch(/The pool holds on 31 March 2027 20\.00/);
    expect(theirs).not.toContain('Perpetua');
  });
});

async function signIn(h: Harness, token: string): Promise<string> {
  const res = await h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ code: token }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
void newKey;
