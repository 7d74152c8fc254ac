import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparksFixture, type SparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';

/**
 * The treasurer's, the auditor's and the reminders jobs (issue 13), walked by clicking on a phone
 * (390×844). Each result is asserted through the API or the database, and each form that writes
 * is sent a second time exactly as it was pressed (same fields, same idempotency key, same
 * session): the second press must land on the same page and change nothing.
 */
const LONG = 240_000;
const shoot = async (page: Page, name: string) => {
  if (process.env.KINDLING_SCREENSHOTS)
    await page.screenshot({
      path: `${process.env.KINDLING_SCREENSHOTS}/${name}.png`,
      fullPage: true,
    });
};

/** Presses the button, then sends its form again as it was: both answers go to the same page. */
async function pressTwice(page: Page, app: RunningApp, button: string) {
  const target = page.getByRole('button', { name: button });
  const { action, fields } = await target.evaluate((b) => {
    const form = (b as HTMLButtonElement).form!;
    return {
      action: form.action,
      // The tsconfig's DOM lib has no iterable FormData; the browser's has.
      fields: [...(new FormData(form) as unknown as Iterable<[string, FormDataEntryValue]>)].map(
        ([k, v]) => [k, String(v)] as const,
      ),
    };
  });
  await target.click();
  await page.waitForLoadState('load');
  const landed = new URL(page.url());
  const again = await page.request.post(action, {
    headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
    data: new URLSearchParams(fields as [string, string][]).toString(),
    maxRedirects: 0,
  });
  expect(again.status(), await again.text()).toBe(303);
  const location = new URL(again.headers().location!, app.url);
  expect(location.pathname + location.search).toBe(landed.pathname + landed.search);
}

describe.skipIf(!browserAvailable())(
  'the treasurer, the auditor and reminders, by clicking',
  () => {
    let browser: Browser;
    let app: RunningApp;
    let s: SparksFixture;
    const count = (sql: string, ...params: unknown[]) =>
      app.rows<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...params)[0]!.n;

    beforeAll(async () => {
      [browser, app] = await Promise.all([launch(), startApp()]);
      s = await sparksFixture(app.harness, app.harness.alliance);
      await s.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '900.00',
        receivedOn: '2026-04-02',
      });
      // One award, so the period has a grant to publish as 360Giving.
      const application = await s.application(await s.applicant('G.'), '60.00', '2026-05-01');
      const decided = await s.decide(application, await s.sitting('2026-05-02'), {
        outcome: 'award',
        amount: '60.00',
        purpose: 'Bus pass',
      });
      expect(decided.status).toBe(201);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it(
      'opens an account, posts an entry, reverses it, closes the books and checks the chain',
      async () => {
        const { context, page } = await newPage(browser, PHONE);
        await signInAs(page, app, 'coordinator');
        const charges = `alliance:${app.harness.alliance}:bank_charges`;

        await page.getByRole('link', { name: 'The books' }).click();
        await checkPage(page);
        await page.getByRole('link', { name: 'Open an account' }).click();
        await page.getByLabel('What is the account called?').fill('Bank charges');
        await page.getByLabel(/Money going out/).check();
        await checkPage(page);
        await pressTwice(page, app, 'Open the account');
        await expect(page.locator('h1').textContent()).resolves.toBe('Account opened');
        expect((await s.ok('GET', `/v1/accounts/${charges}`)).type).toBe('expense');
        expect(count('accounts WHERE code = ?', charges)).toBe(1);
        await shoot(page, 'audit-account-opened');

        await page.getByRole('link', { name: 'Post an entry to it' }).click();
        await page.getByLabel('Bank charges', { exact: true }).check();
        await page.getByLabel('What is it for?').fill('Bank charges for May');
        await page.locator('#line-1-account').selectOption({ label: 'Bank charges' });
        await page.locator('#line-1-debit').fill('12.50');
        await page.locator('#line-2-account').selectOption({ label: 'Bank account' });
        await page.locator('#line-2-credit').fill('12.05');
        await page.getByRole('button', { name: 'Post the entry' }).click();
        await page.waitForLoadState('load');
        expect(await page.title()).toMatch(/^Error: /);
        await expect(page.locator('#line-1-debit-error').textContent()).resolves.toContain(
          'The debits (£12.50) and the credits (£12.05) must be equal',
        );
        await expect(page.locator('#line-2-credit').inputValue()).resolves.toBe('12.05');
        await checkPage(page);
        await shoot(page, 'audit-entry-refused');
        const entries = count('entries');
        await page.locator('#line-2-credit').fill('12.50');
        await pressTwice(page, app, 'Post the entry');
        await expect(page.locator('h1').textContent()).resolves.toBe('Entry posted');
        expect(count('entries')).toBe(entries + 1);
        expect((await s.ok('GET', `/v1/accounts/${charges}`)).normalBalance).toBe('12.50');
        await checkPage(page);
        await shoot(page, 'audit-entry-posted');

        await page.getByLabel('Why is it reversed?').fill('Charged twice by the bank');
        await pressTwice(page, app, 'Reverse the entry');
        await expect(page.locator('h1').textContent()).resolves.toBe('Entry reversed');
        expect(count('entries')).toBe(entries + 2);
        expect((await s.ok('GET', `/v1/accounts/${charges}`)).normalBalance).toBe('0.00');
        await checkPage(page);
        await shoot(page, 'audit-entry-reversed');

        await page.getByRole('link', { name: 'Go back to the books' }).first().click();
        await page.getByRole('link', { name: 'Close the books up to a date' }).click();
        await page.getByLabel('Day').fill('31');
        await page.getByLabel('Month').fill('5');
        await page.getByLabel('Year').fill('2026');
        await page.getByLabel(/I understand nothing/).check();
        await checkPage(page);
        await shoot(page, 'audit-close');
        await pressTwice(page, app, 'Close the books');
        await expect(page.locator('h1').textContent()).resolves.toBe('Books closed');
        expect((await s.ok('GET', '/v1/ledger/closings')).lockedThrough).toBe('2026-05-31');
        expect(count('period_closings')).toBe(1);
        await shoot(page, 'audit-closed');

        await page.getByRole('link', { name: 'Go back to the books' }).first().click();
        await page.getByRole('link', { name: 'Check the books are intact' }).click();
        await expect(page.locator('h1').textContent()).resolves.toBe('The books are intact');
        const verify = await s.ok('GET', '/v1/ledger/verify');
        await expect(page.locator('main p').first().textContent()).resolves.toContain(
          `${verify.entriesChecked} entries checked, last sealed`,
        );
        await checkPage(page);
        await shoot(page, 'audit-check');
        await context.close();
      },
      LONG,
    );

    it(
      'records how a person is reminded and a STOP reply, and lists reminders',
      async () => {
        const applicant = await s.applicant('R.');
        const { reference } = await s.ok('GET', `applicants/${applicant}`);
        const { context, page } = await newPage(browser, PHONE);
        await signInAs(page, app, 'coordinator');
        await page.getByRole('link', { name: 'Reminders' }).click();
        await checkPage(page);
        await shoot(page, 'audit-reminders');
        await page.getByLabel('Their reference').fill(reference);
        await page.getByRole('button', { name: 'Find them' }).click();
        await page.waitForLoadState('load');
        await expect(page.locator('h1').textContent()).resolves.toBe(
          `How ${reference} is reminded`,
        );
        await page.getByLabel('Text message').check();
        await page.getByLabel('Mobile number').fill('07700 900123');
        await page.getByLabel(/They agreed today/).check();
        await checkPage(page);
        await pressTwice(page, app, 'Record how they are reminded');
        await expect(page.locator('h1').textContent()).resolves.toBe('Reminders recorded');
        const contact = await s.ok('GET', `contacts/${applicant}`);
        expect([contact.channel, contact.address]).toEqual(['sms', '07700900123']);
        await shoot(page, 'audit-contact');

        await page.getByRole('link', { name: 'Go back to reminders' }).first().click();
        await page.getByRole('link', { name: /A reply said STOP/ }).click();
        await page.getByLabel('The number it came from').fill('07700 900123');
        await page.getByLabel('What the reply said').fill('STOP');
        await checkPage(page);
        await pressTwice(page, app, 'Record the reply');
        await expect(page.locator('h1').textContent()).resolves.toBe('Reminders stopped');
        expect((await s.ok('GET', `contacts/${applicant}`)).stoppedAt).not.toBeNull();
        await shoot(page, 'audit-stop');
        await context.close();
      },
      LONG,
    );

    it(
      'gives an auditor every statement of a period, the bank first, the chain check and 360Giving',
      async () => {
        const { context, page } = await newPage(browser, PHONE);
        await signInAs(page, app, 'auditor');
        await page.goto(`${app.url}/statements?from=2026-04-01&to=2027-03-31`);
        const firstAccount = page.locator('table').first().locator('tbody tr').first();
        await expect(firstAccount.textContent()).resolves.toContain('Bank account');
        const download = page.getByRole('link', { name: /360Giving/ });
        expect(await download.getAttribute('download')).not.toBeNull();
        const giving = await page.request.get(
          new URL((await download.getAttribute('href'))!, app.url).href,
        );
        expect(giving.status()).toBe(200);
        expect(giving.headers()['content-disposition']).toMatch(
          /^attachment; filename=".+\.json"$/,
        );
        const csv = page.getByRole('link', { name: /CSV postings of Bank account/ });
        const postings = await page.request.get(
          new URL((await csv.getAttribute('href'))!, app.url).href,
        );
        expect(postings.status()).toBe(200);
        expect(await postings.text()).toContain('900.00');
        await checkPage(page);
        await shoot(page, 'audit-statements');
        await page.getByRole('link', { name: /the chain check\)/ }).click();
        await expect(page.locator('h1').textContent()).resolves.toBe('The books are intact');
        await checkPage(page);
        await page.goto(`${app.url}/ledger/entries/new`);
        await expect(page.locator('h1').textContent()).resolves.toBe(
          'This page is not open to you',
        );
        await context.close();
      },
      LONG,
    );
  },
);
