import Decimal from 'decimal.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparksFixture, type SparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage, seen } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs, signInWith } from './support/sign-in.js';

/**
 * The Small Sparks coordinator's jobs, by clicking on a phone (390×844): set up the alliance and
 * change its settings, record money received, add a panel member, cancel an award, record money
 * handed back, waive a follow-up (reached from the refusal that names it), change a person's
 * contact, withdraw an application and erase a person. Each result is read back through the API
 * or the database, and each form is sent a second time exactly as the browser sent it (the same
 * idempotency key): the second press answers the same and changes nothing.
 */
const LONG = 240_000;

const path = (page: Page) => new URL(page.url()).pathname;
const follow = async (page: Page, name: string | RegExp) => {
  await page.getByRole('link', { name }).first().click();
  await page.waitForLoadState('load');
};

/** Presses the button and keeps the form as the browser posted it, to send it again. */
async function press(page: Page, name: string | RegExp) {
  const request = page.waitForRequest((r) => r.method() === 'POST');
  await page.getByRole('button', { name }).click();
  const sent = await request;
  await page.waitForLoadState('load');
  return { url: sent.url(), body: sent.postData() ?? '', landed: page.url() };
}

/** The second press: the same form body (same key) again; it must land where the first did. */
async function pressAgain(page: Page, app: RunningApp, first: Awaited<ReturnType<typeof press>>) {
  const res = await page.request.post(first.url, {
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    data: first.body,
    maxRedirects: 0,
  });
  expect(res.status(), await res.text()).toBe(303);
  expect(new URL(res.headers().location!, app.url).href).toBe(first.landed);
}

const shot = async (page: Page, name: string) => {
  if (process.env.KINDLING_SCREENSHOTS)
    await page.screenshot({
      path: `${process.env.KINDLING_SCREENSHOTS}/${name}.png`,
      fullPage: true,
    });
};

describe.skipIf(!browserAvailable())('a coordinator’s Small Sparks jobs on a phone', () => {
  let browser: Browser;
  let app: RunningApp;
  let s: SparksFixture;
  const ids = { kim: '', sam: '', alex: '', pat: '', kimAward: '', samAward: '', alexApp: '' };
  const count = (sql: string, ...p: unknown[]) =>
    app.rows<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...p)[0]!.n;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp({ now: '2026-05-20T09:00:00.000Z' })]);
    s = await sparksFixture(app.harness, app.harness.alliance);
    await s.ok('POST', 'receipts', {
      funder: 'County Council',
      amount: '5000.00',
      receivedOn: '2026-05-01',
      restricted: false,
    });
    const sitting = await s.sitting('2026-05-15');
    const award = async (who: string, amount: string, paid: string | null) => {
      const app = await s.application(who, amount, '2026-05-10');
      const res = await s.decide(app, sitting, { outcome: 'award', amount, purpose: 'Bus pass' });
      const id = (await res.json()).award.id as string;
      if (paid)
        await s.ok('POST', `awards/${id}/disbursements`, {
          method: 'voucher',
          amount: paid,
          paidOn: '2026-05-20',
        });
      return id;
    };
    ids.kim = await s.applicant('Kim Long');
    ids.sam = await s.applicant('Sam Example');
    ids.alex = await s.applicant('Alex Private');
    ids.pat = await s.applicant('Pat Overdue');
    ids.kimAward = await award(ids.kim, '85.00', '50.00');
    ids.samAward = await award(ids.sam, '120.00', '120.00');
    await award(ids.pat, '100.00', '100.00');
    ids.alexApp = await s.application(ids.alex, '450.00', '2026-05-12');
    // Ten weeks on: every follow-up (56 days) is overdue.
    app.setNow('2026-08-01T09:00:00.000Z');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    const widest = Math.max(0, ...seen.map((r) => r.widths[360] ?? 0));
    console.log(
      `coordinator jobs: ${seen.length} pages checked; widest at 360 px: ${widest} px; axe violations: ${seen.reduce((n, r) => n + r.axeViolations, 0)}`,
    );
  });

  it(
    'sets up a new alliance, changes its settings, records money in and adds a panel member',
    async () => {
      const { context, page } = await newPage(browser, PHONE);
      // A coordinator of an alliance not yet set up lands on the setup page.
      const token = await app.harness.token('coordinator', { alliance: 'bognor' });
      const res = await app.harness.request('/v1/sign-in-codes', {
        method: 'POST',
        token,
        json: { role: 'coordinator', personName: 'New Coordinator', holderId: null },
      });
      expect(res.status).toBe(201);
      await signInWith(page, app, (await res.json()).code);
      await page.goto(`${app.url}/sparks`);
      expect(path(page)).toBe('/sparks/setup');
      await checkPage(page);
      await shot(page, 'setup');
      await page.getByLabel('The alliance’s name').fill('Bognor Regis Recovery Alliance');
      const setUp = await press(page, 'Set up the alliance');
      expect(path(page)).toBe('/sparks');
      await expect(page.locator('.banner__heading').textContent()).resolves.toBe(
        'Bognor Regis Recovery Alliance is set up',
      );
      await pressAgain(page, app, setUp);
      expect(count('alliances WHERE id = ?', 'bognor')).toBe(1);
      expect(count('accounts WHERE alliance_id = ?', 'bognor')).toBe(2);

      // Settings: a refusal keeps what was typed; then saved, and read back through the API.
      await follow(page, 'Alliance settings');
      await checkPage(page);
      await page.getByLabel('Largest grant, in pounds').fill('5');
      await page.getByLabel('Last 2 to 4 digits of the account number (optional)').fill('12345');
      await press(page, 'Save the settings');
      expect(await page.title()).toMatch(/^Error: Alliance settings/);
      await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
        'The largest grant must be at least the smallest and at most £100,000.00',
        'Enter the last 2 to 4 digits of the account number only',
      ]);
      await checkPage(page);
      await shot(page, 'settings-error');
      await page.getByLabel('Largest grant, in pounds').fill('600');
      await page.getByLabel('Last 2 to 4 digits of the account number (optional)').fill('4821');
      await page.getByLabel('Bank (optional)').fill('Co-operative Bank');
      await page
        .getByRole('group', { name: /another award/ })
        .getByLabel('Yes')
        .check();
      const saved = await press(page, 'Save the settings');
      await expect(page.locator('.banner__heading').textContent()).resolves.toBe('Settings saved');
      await pressAgain(page, app, saved);
      const after = await app.harness
        .request('/v1/alliances/bognor', { token })
        .then((r) => r.json());
      expect(after).toMatchObject({
        grantCeiling: '600.00',
        bankName: 'Co-operative Bank',
        bankAccountEnding: '4821',
        allowAwardWhenOverdue: true,
      });

      // Money received.
      await page.goto(`${app.url}/sparks`);
      await follow(page, 'Record money received');
      await checkPage(page);
      await page.getByLabel('Who paid it in').fill('National Lottery Community Fund');
      await page.getByLabel('How much, in pounds').fill('£1,250.50');
      await page.getByLabel('Their reference (optional)').fill('NLCF-2026-0042');
      await page.getByLabel('Yes, restricted').check();
      const received = await press(page, 'Record the money received');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Money received recorded',
      );
      await expect(page.locator('.panel__body').textContent()).resolves.toBe(
        '£1,250.50 from National Lottery Community Fund',
      );
      await checkPage(page);
      await shot(page, 'receipt-done');
      await pressAgain(page, app, received);
      const fund = await app.harness
        .request('/v1/alliances/bognor/fund', { token })
        .then((r) => r.json());
      expect(fund.received).toBe('1250.50');
      expect(count('receipts WHERE alliance_id = ?', 'bognor')).toBe(1);

      // A panel member with lived experience.
      await page.goto(`${app.url}/sparks`);
      await follow(page, 'Panel members');
      await checkPage(page);
      await page.getByLabel('Name or initials').fill('P.Q.');
      await page
        .getByRole('group', { name: /lived experience/ })
        .getByLabel('Yes')
        .check();
      const added = await press(page, 'Add to the panel');
      await expect(page.locator('.banner__heading').textContent()).resolves.toBe(
        'P.Q. added to the panel, with lived experience of recovery',
      );
      await checkPage(page);
      await shot(page, 'panel');
      await pressAgain(page, app, added);
      const members = await app.harness
        .request('/v1/alliances/bognor/panel-members', { token })
        .then((r) => r.json());
      expect(members.items).toEqual([
        expect.objectContaining({ name: 'P.Q.', livedExperience: true, retiredOn: null }),
      ]);
      // P.Q. steps down: off the list of those who can sit, kept among the retired.
      const retired = await press(page, 'Retire P.Q.');
      await expect(page.locator('.banner__heading').textContent()).resolves.toBe(
        'P.Q. retired from the panel on 1 August 2026',
      );
      await checkPage(page);
      await shot(page, 'panel-retired');
      await pressAgain(page, app, retired);
      const after2 = await app.harness
        .request('/v1/alliances/bognor/panel-members', { token })
        .then((r) => r.json());
      expect(after2.items).toEqual([expect.objectContaining({ retiredOn: '2026-08-01' })]);
      await context.close();
    },
    LONG,
  );

  it(
    'cancels an award, records money handed back, and waives the follow-up a refusal names',
    async () => {
      const { context, page } = await newPage(browser, PHONE);
      await signInAs(page, app, 'coordinator');
      const fundBefore = await s.fund();

      // Cancel Kim's award: £35.00 of £85.00 not yet paid goes back to the fund.
      const kimApp = (await s.ok('GET', `awards/${ids.kimAward}`)).applicationId as string;
      await page.goto(`${app.url}/sparks/applications/${kimApp}`);
      await follow(page, /^Cancel the award/);
      await checkPage(page);
      await shot(page, 'cancel');
      await press(page, 'Cancel the award');
      await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
        'Enter why it is cancelled',
      ]);
      await page.getByLabel('Why is it cancelled?').fill('They found work and no longer need it');
      const cancelled = await press(page, 'Cancel the award');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe('Award cancelled');
      await expect(page.locator('.panel__body').textContent()).resolves.toMatch(
        /^£35\.00 not paid to SP-.+ \(KL\) went back to the fund$/,
      );
      await checkPage(page);
      await pressAgain(page, app, cancelled);
      const fundAfter = await s.fund();
      expect(new Decimal(fundAfter.available!).minus(fundBefore.available!).toFixed(2)).toBe(
        '35.00',
      );
      expect(count('awards WHERE id = ? AND cancelled_on IS NOT NULL', ids.kimAward)).toBe(1);

      // Kim needs longer to come back: the follow-up moves to 1 September 2026.
      await page.goto(`${app.url}/sparks/applications/${kimApp}`);
      await follow(page, 'Give them longer to come back');
      await checkPage(page);
      await page.getByLabel('Day').fill('1');
      await page.getByLabel('Month').fill('7');
      await page.getByLabel('Year').fill('2026');
      await press(page, 'Move the follow-up date');
      await expect(page.locator('.error-summary a').first().textContent()).resolves.toBe(
        'The new date must be after 10 July 2026 and after today',
      );
      await checkPage(page);
      await shot(page, 'extend-error');
      await page.getByLabel('Month').fill('9');
      const extended = await press(page, 'Move the follow-up date');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Follow-up date moved',
      );
      await expect(page.locator('.panel__body').textContent()).resolves.toMatch(
        /^SP-.+ \(KL\) is now asked to come back by 1 September 2026$/,
      );
      await pressAgain(page, app, extended);
      expect((await s.ok('GET', `awards/${ids.kimAward}`)).followUp.dueOn).toBe('2026-09-01');

      // Sam hands £20.00 back.
      const samApp = (await s.ok('GET', `awards/${ids.samAward}`)).applicationId as string;
      await page.goto(`${app.url}/sparks/applications/${samApp}`);
      await follow(page, 'Record money handed back');
      await checkPage(page);
      await page.getByLabel('How much was handed back, in pounds').fill('500');
      await press(page, 'Record the money handed back');
      await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
        'Enter £120.00 or less: that is what was paid, less what came back already',
      ]);
      await expect(
        page.getByLabel('How much was handed back, in pounds').inputValue(),
      ).resolves.toBe('500');
      await checkPage(page);
      await shot(page, 'return-error');
      await page.getByLabel('How much was handed back, in pounds').fill('20');
      const returned = await press(page, 'Record the money handed back');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Money handed back recorded',
      );
      await pressAgain(page, app, returned);
      expect((await s.ok('GET', `awards/${ids.samAward}`)).returned).toBe('20.00');
      expect((await s.fund()).returned).toBe('20.00');

      // Pat asks again; the decision is refused for the overdue follow-up, which the form names
      // and links to; waived there, the award goes through.
      const patApp = await s.application(ids.pat, '60.00', '2026-07-30');
      const sitting = await s.sitting('2026-08-01');
      await page.goto(`${app.url}/sparks/sittings/${sitting}`);
      const card = page.locator('section.card', { hasText: 'asks for £60.00' });
      await card.getByLabel('Award a grant').check();
      await card.getByRole('button', { name: 'Record the decision' }).click();
      await page.waitForLoadState('load');
      const summary = await page.locator('.error-summary a').first().textContent();
      expect(summary).toMatch(
        /^SP-.+ \(PO\) has a follow-up overdue since 10 July 2026\. Hear it or waive it/,
      );
      await checkPage(page);
      await shot(page, 'decision-overdue');
      await follow(page, /^Open SP-.+ \(PO\)’s follow-up, due 10 July 2026$/);
      expect(path(page)).toMatch(/^\/sparks\/awards\/.+\/follow-up$/);
      await follow(page, 'waive the follow-up');
      await checkPage(page);
      await page.getByLabel('Why is the follow-up waived?').fill('Moved away; cannot come back');
      const waived = await press(page, 'Waive the follow-up');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe('Follow-up waived');
      await checkPage(page);
      await shot(page, 'waived');
      await pressAgain(page, app, waived);
      expect(count("follow_ups WHERE status = 'waived'")).toBe(1);
      await page.goto(`${app.url}/sparks/sittings/${sitting}`);
      await card.getByLabel('Award a grant').check();
      await card.getByRole('button', { name: 'Record the decision' }).click();
      await page.waitForLoadState('load');
      expect((await s.ok('GET', `applications/${patApp}`)).status).toBe('awarded');
      await context.close();
    },
    LONG,
  );

  it(
    'changes a person’s contact, withdraws their application and erases their details',
    async () => {
      const { context, page } = await newPage(browser, PHONE);
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/sparks/applications/${ids.alexApp}`);
      await follow(page, 'Change their name or contact details');
      await checkPage(page);
      await page.getByLabel('Phone number or how to reach them (optional)').fill('07700 900123');
      const changed = await press(page, 'Save the details');
      await expect(page.locator('.banner__heading').textContent()).resolves.toMatch(
        /^Details saved for SP-.+ \(AP\)$/,
      );
      await pressAgain(page, app, changed);
      expect((await s.ok('GET', `applicants/${ids.alex}`)).contact).toBe('07700 900123');

      await page.goto(`${app.url}/sparks/applications/${ids.alexApp}`);
      await follow(page, 'Withdraw the application');
      await checkPage(page);
      const withdrawn = await press(page, 'Withdraw the application');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Application withdrawn',
      );
      await checkPage(page);
      await pressAgain(page, app, withdrawn);
      expect((await s.ok('GET', `applications/${ids.alexApp}`)).status).toBe('withdrawn');

      await follow(page, 'Erase their personal details');
      await expect(page.locator('main').textContent()).resolves.toContain('What stays');
      await expect(page.locator('main').textContent()).resolves.toContain('£450.00');
      await checkPage(page);
      await shot(page, 'erase');
      const erased = await press(page, /^Erase SP-.+’s personal details$/);
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Personal details erased',
      );
      await checkPage(page);
      await pressAgain(page, app, erased);
      const gone = await s.ok('GET', `applicants/${ids.alex}`);
      expect(gone).toMatchObject({ erased: true, name: null, contact: null });
      expect((await s.ok('GET', `applications/${ids.alexApp}`)).amountAsked).toBe('450.00');
      await context.close();
    },
    LONG,
  );
});
