import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { sparksFixture, type SparksFixture } from '../contract/sparks-helpers.js';
import {
  browserAvailable,
  countPageLoads,
  DESKTOP,
  launch,
  newPage,
  PHONE,
} from './support/browser.js';
import { checkPage, seen } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { issueCode, signInAs, signOut } from './support/sign-in.js';

/** The most page loads the Small Sparks journey may take, from signing in to the award paid. */
const JOURNEY_LOADS = 8;
/** A long walk through ~20 pages, each checked with axe at three widths, on a shared machine. */
const LONG = 240_000;

const press = async (page: Page, name: string | RegExp) => {
  await page.getByRole('button', { name }).click();
  await page.waitForLoadState('load');
};
const follow = async (page: Page, name: string | RegExp) => {
  await page.getByRole('link', { name }).first().click();
  await page.waitForLoadState('load');
};
const path = (page: Page) => new URL(page.url()).pathname;

describe.skipIf(!browserAvailable())('the Small Sparks pages on a phone', () => {
  let browser: Browser;
  let app: RunningApp;
  let s: SparksFixture;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    s = await sparksFixture(app.harness, app.harness.alliance);
    await s.ok('POST', 'receipts', {
      funder: 'West Sussex County Council',
      amount: '1234567.50',
      receivedOn: '2026-05-01',
      restricted: false,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    const widest = Math.max(0, ...seen.map((r) => r.widths[360] ?? 0));
    console.log(
      `browser pages: ${seen.length} checked; widest document at 360 px: ${widest} px; axe violations: ${seen.reduce((n, r) => n + r.axeViolations, 0)}`,
    );
  });

  it(
    `takes a person who walks in to an award paid in two parts in at most ${JOURNEY_LOADS} page loads, every page fitting a phone`,
    async () => {
      const { context, page } = await newPage(browser, PHONE);
      const loads = countPageLoads(page);
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel('Sign-in code').fill(await issueCode(app, 'coordinator'));
      loads.reset();
      await press(page, 'Sign in');
      expect(path(page)).toBe('/sparks');
      await checkPage(page);

      // A person walks in: the application, with a new registration.
      await follow(page, 'Record an application');
      await checkPage(page);
      await page.getByLabel('Name or initials').fill('Kim Long');
      await page.getByLabel('How much, in pounds').fill('85');
      await page.getByLabel('What it is for, in their words').fill('Interview fares and a shirt');
      await page.getByLabel('Purposeful activity: education, training, employment').check();
      await page.getByLabel('Yes, they agree').check();
      await press(page, 'Record the application');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Application recorded',
      );
      const reference = (await page.locator('.panel__body b').textContent())!;
      expect(reference).toMatch(/^SP-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await checkPage(page);

      // The sitting, a conflict and the award, on one form.
      await follow(page, 'Open a panel sitting to decide it');
      await checkPage(page);
      for (const member of ['A.B.', 'C.D.', 'E.F.', 'G.H.']) await page.getByLabel(member).check();
      await press(page, 'Open the sitting');
      expect(path(page)).toMatch(/^\/sparks\/sittings\/.+/);
      await expect(page.locator('.panel__title').textContent()).resolves.toBe(
        'Panel sitting opened',
      );
      await checkPage(page);
      const card = page.locator('section.card', { hasText: `${reference} (KL) asks for £85.00` });
      await card.getByLabel('Award a grant').check();
      await expect(card.getByLabel('How much, in pounds').inputValue()).resolves.toBe('85.00');
      await card.getByLabel('G.H.').check();
      await card.getByRole('button', { name: 'Record the decision' }).click();
      await page.waitForLoadState('load');

      // Paid in two parts.
      expect(path(page)).toMatch(/^\/sparks\/awards\/.+\/payments$/);
      await expect(page.locator('.panel__title').textContent()).resolves.toBe('Grant awarded');
      await expect(page.locator('.panel__body').textContent()).resolves.toBe(
        `£85.00 to ${reference} (KL)`,
      );
      await checkPage(page);
      await page.getByLabel('How much is paid now, in pounds').fill('50');
      await page.getByLabel('Voucher').check();
      await press(page, 'Record the payment');
      await expect(page.locator('.panel__body').textContent()).resolves.toBe(
        `£50.00 paid to ${reference} (KL). £35.00 still to pay`,
      );
      await checkPage(page);
      await page.getByLabel('Bank transfer to the person').check();
      await press(page, 'Record the payment');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe('Award paid in full');
      await checkPage(page);
      console.log(`Small Sparks journey: ${loads.count()} page loads from signing in to paid`);
      expect(loads.count()).toBeLessThanOrEqual(JOURNEY_LOADS);

      // They come back: the follow-up, heard.
      await follow(page, 'See the award');
      await checkPage(page);
      await follow(page, 'Record that they came back');
      await checkPage(page);
      await page.getByLabel('Yes, in person').check();
      await page.getByLabel('What difference it made').fill('Got the job');
      await page
        .getByRole('group', { name: /improved/ })
        .getByLabel('Community')
        .check();
      await press(page, 'Record the follow-up');
      await expect(page.locator('.panel__title').textContent()).resolves.toBe('Follow-up recorded');
      await checkPage(page);

      // The sittings, the minutes, and the minutes as a PDF.
      await page.goto(`${app.url}/sparks/sittings`);
      await checkPage(page);
      await follow(page, /^Minutes/);
      await expect(page.locator('main').textContent()).resolves.toContain('Interview fares');
      await checkPage(page);
      const pdf = await page.request.get(`${page.url()}.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      // Who looked: the access log, filtered by the person's reference.
      await page.goto(`${app.url}/access-log?person=${reference}`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Who looked at personal data');
      await checkPage(page);
      if (process.env.KINDLING_SCREENSHOTS)
        await page.screenshot({
          path: `${process.env.KINDLING_SCREENSHOTS}/access-log.png`,
          fullPage: true,
        });
      await signOut(page, app);
      await context.close();
    },
    LONG,
  );

  it(
    'shows every refusal at the top and beside its field, keeping what was typed, on a phone and a desktop',
    async () => {
      for (const viewport of [PHONE, DESKTOP]) {
        const { context, page } = await newPage(browser, viewport);
        await signInAs(page, app, 'coordinator');
        // An application with every answer missing or wrong.
        await page.goto(`${app.url}/sparks/applications/new`);
        await page.getByLabel('How much, in pounds').fill('12.345');
        await page.getByLabel('Day').fill('31');
        await page.getByLabel('Month').fill('feb');
        await press(page, 'Record the application');
        expect(await page.title()).toMatch(/^Error: Record an application/);
        await expect(page.getByLabel('How much, in pounds').inputValue()).resolves.toBe('12.345');
        await expect(page.locator('.error-summary a').count()).resolves.toBe(5);
        await checkPage(page);

        // A sitting with no one present.
        await page.goto(`${app.url}/sparks/sittings/new`);
        await page.getByLabel('Year').fill('');
        await press(page, 'Open the sitting');
        await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
          'The date of the sitting must include a year',
          'Select everyone who is present',
        ]);
        await checkPage(page);

        // A decision above the ceiling: back to that application, the message at the top and beside it.
        const applicant = await s.applicant('Sam Example');
        await s.application(applicant, '600.00', '2026-05-21');
        const sitting = await s.sitting('2026-06-01');
        await page.goto(`${app.url}/sparks/sittings/${sitting}`);
        const card = page.locator('section.card', { hasText: 'asks for £600.00' }).first();
        await card.getByLabel('Award a grant').check();
        await card.getByRole('button', { name: 'Record the decision' }).click();
        await page.waitForLoadState('load');
        expect(await page.title()).toMatch(/^Error: Panel sitting/);
        const summary = await page.locator('.error-summary a').first().textContent();
        expect(summary).toMatch(/500\.00/);
        const beside = page.locator('section.card', { hasText: 'asks for £600.00' }).first();
        await expect(beside.locator('.error-message').first().textContent()).resolves.toContain(
          summary!,
        );
        await expect(beside.getByLabel('Award a grant').isChecked()).resolves.toBe(true);
        await expect(beside.getByLabel('How much, in pounds').inputValue()).resolves.toBe('600.00');
        await checkPage(page);
        // The summary's link takes focus to the field.
        await page.locator('.error-summary a').first().click();
        await expect(
          page.evaluate(() => document.activeElement?.getAttribute('name')),
        ).resolves.toBe('amount');
        // Defer: the reason is asked on the same form, revealed without script.
        await beside.getByLabel('Defer to a later sitting').check();
        await expect(
          beside.getByLabel('What the panel needs before it decides').isVisible(),
        ).resolves.toBe(true);
        await expect(beside.getByLabel('Why the panel declined').isVisible()).resolves.toBe(false);
        await context.close();
      }
    },
    LONG,
  );

  it(
    'shows an auditor the fund, an application and the statements without a word anyone said',
    async () => {
      const applicant = await s.applicant('Alex Private');
      const application = await s.application(applicant, '75.00', '2026-05-22');
      for (const viewport of [PHONE, DESKTOP]) {
        const { context, page } = await newPage(browser, viewport);
        await signInAs(page, app, 'auditor');
        await checkPage(page);
        await page.goto(
          `${app.url}/statements?from-day=30&from-month=9&from-year=2026&to-day=1&to-month=4&to-year=2026`,
        );
        expect(await page.title()).toMatch(/^Error: Statements/);
        await checkPage(page);
        await page.goto(`${app.url}/sparks`);
        await checkPage(page);
        await page.goto(`${app.url}/sparks/applications/${application}`);
        const text = (await page.locator('main').textContent())!;
        expect(text).toMatch(/SP-[A-Z0-9]{4}-[A-Z0-9]{4} asks for £75\.00/);
        for (const secret of ['Alex', '(AP)', 'bus pass', 'app_'])
          expect(text).not.toContain(secret);
        await checkPage(page);
        await context.close();
      }
    },
    LONG,
  );

  it(
    'shows a holder their budget: available first, spends to open, a month to choose',
    async () => {
      const f = await budgetsFixture(app.harness);
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Southern Buses and Coaches of the Sussex Coast Limited',
          category: 'travel',
          amount: '45.00',
          spentOn: '2026-05-01',
          description: 'Monthly pass',
        },
        { token: f.people.holder.token },
      );
      const { context, page } = await newPage(browser, PHONE);
      await signInAs(page, app, 'holder', { holder: f.people.holder.id });
      await expect(page.locator('.figure--lead').textContent()).resolves.toMatch(
        /^£335\.00available to spend$/,
      );
      await checkPage(page);
      await page.getByLabel('Show spends from').selectOption('2026-05');
      await press(page, 'Show these spends');
      expect(new URL(page.url()).search).toBe('?month=2026-05');
      await checkPage(page);
      await follow(page, /Monthly pass/);
      await expect(page.locator('h1').textContent()).resolves.toContain('£45.00');
      await checkPage(page);
      await context.close();
    },
    LONG,
  );
});
