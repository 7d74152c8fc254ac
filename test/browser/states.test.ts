import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { books, type Books } from './support/books.js';
import { browserAvailable, DESKTOP, launch, newPage, PHONE } from './support/browser.js';
import { inspectPage } from './support/check.js';
import { otherSite } from './support/other-site.js';
import { formatTable, type TableRow } from './support/pages.js';
import { startApp, type RunningApp } from './support/server.js';
import { issueCode, signInAs, signInWith } from './support/sign-in.js';
import { readerProblems, visibleText } from './support/words.js';

/**
 * Every refusal a person can meet, at a phone and a desktop size, through the same checks as
 * every page (pages.test.ts): a wrong, used or expired code, too many wrong codes, a form from
 * another site, a page that is not there or not theirs, a decision the rules refuse, and each form
 * sent back with its errors. Each must say what happened and what to do, with the answers kept.
 */

const SIZES = [
  ['390×844', PHONE],
  ['1280×800', DESKTOP],
] as const;
const rows: TableRow[] = [];
/** A dozen pages at two sizes, each measured and read by axe, on two shared cores. */
const LONG = 240_000;

const press = async (page: Page, name: string | RegExp) => {
  await page.getByRole('button', { name }).first().click();
  await page.waitForLoadState('load');
};

/** The status of the last document the page loaded (a form's answer, or where it redirected). */
function statuses(page: Page): () => number {
  let last = 0;
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) last = r.status();
  });
  return () => last;
}

describe.skipIf(!browserAvailable())('every refusal, on a phone and a desktop', () => {
  let browser: Browser;
  let app: RunningApp;
  let b: Books;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    b = await books(app);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (rows.length)
      console.log(`\nRefusal states by size (${rows.length} rows)\n${formatTable(rows)}\n`);
  });

  /** Checks the page as it stands and adds it to the table; the problems fail the test at the end. */
  async function record(page: Page, state: string, size: string, status: number, expected: number) {
    const { report, problems } = await inspectPage(page);
    const words = readerProblems(await visibleText(page));
    const row: TableRow = {
      page: state,
      role: '',
      size,
      status,
      violations: report.axeViolations,
      width360: report.widths[360] ?? '',
      problems: [
        ...(status === expected ? [] : [`answered ${status}, expected ${expected}`]),
        ...problems,
        ...words,
      ],
    };
    rows.push(row);
    return row.problems.map((p) => `${state} at ${size}: ${p}`);
  }

  it(
    'refuses wrong, used and expired sign-in codes with a page that says what to do',
    async () => {
      const failures: string[] = [];
      for (const [size, viewport] of SIZES) {
        const { context, page } = await newPage(browser, viewport);
        const status = statuses(page);
        await signInWith(page, app, 'AAA-AAA-AAAA');
        expect(await page.getByLabel('Sign-in code').inputValue()).toBe('AAA-AAA-AAAA');
        failures.push(...(await record(page, 'wrong sign-in code', size, status(), 401)));

        const used = await issueCode(app, 'panel');
        await signInWith(page, app, used);
        await context.clearCookies();
        await signInWith(page, app, used);
        expect(await page.title()).toMatch(/^Error: This sign-in code has already been used/);
        failures.push(...(await record(page, 'used sign-in code', size, status(), 401)));

        const old = await issueCode(app, 'panel', { days: 1 });
        app.advance(86_400 + 60);
        await signInWith(page, app, old);
        expect(await page.title()).toMatch(/^Error: This sign-in code has expired/);
        failures.push(...(await record(page, 'expired sign-in code', size, status(), 401)));
        await context.close();
      }
      expect(failures.join('\n')).toBe('');
    },
    LONG,
  );

  it(
    'refuses a page that is not there, one that is not theirs, and a form from elsewhere',
    async () => {
      const elsewhere = await otherSite(app.url);
      const failures: string[] = [];
      try {
        for (const [size, viewport] of SIZES) {
          const { context, page } = await newPage(browser, viewport);
          const status = statuses(page);
          await signInAs(page, app, 'panel');
          await page.goto(`${app.url}/sparks/applications/app_nothing_here`);
          failures.push(...(await record(page, 'no such application (404)', size, status(), 404)));
          await page.goto(`${app.url}/access`);
          failures.push(...(await record(page, 'not theirs (403)', size, status(), 403)));
          await page.goto(elsewhere.url);
          await press(page, 'Forged sitting');
          expect(await page.title()).toContain('This form was not sent from Kindling');
          failures.push(...(await record(page, 'form from another site', size, status(), 403)));
          await context.close();
        }
      } finally {
        await elsewhere.close();
      }
      expect(failures.join('\n')).toBe('');
    },
    LONG,
  );

  it(
    'sends every form back with its errors at the top and beside each field, answers kept',
    async () => {
      const failures: string[] = [];
      for (const [size, viewport] of SIZES) {
        const { context, page } = await newPage(browser, viewport);
        const status = statuses(page);
        await signInAs(page, app, 'coordinator');
        const check = async (state: string, expected = 422) => {
          expect(await page.title(), state).toMatch(/^Error: /);
          expect(await page.locator('.error-summary a').count(), state).toBeGreaterThan(0);
          failures.push(...(await record(page, state, size, status(), expected)));
        };

        await page.goto(`${app.url}/sparks/applications/new`);
        await page.getByLabel('How much, in pounds').fill('12.345');
        await press(page, 'Record the application');
        expect(await page.getByLabel('How much, in pounds').inputValue()).toBe('12.345');
        await check('application form, answers wrong');

        await page.goto(`${app.url}/sparks/sittings/new`);
        await page.getByLabel('Day').fill('31');
        await page.getByLabel('Month').fill('2');
        await press(page, 'Open the sitting');
        expect(await page.getByLabel('Day').inputValue()).toBe('31');
        await check('sitting form, no one present');

        await page.goto(`${app.url}/sparks/sittings/${b.sitting}`);
        const card = page.locator('section.card', { hasText: 'asks for £450.00' });
        await card.getByLabel('Award a grant').check();
        await card.getByLabel('How much, in pounds').fill('600');
        await card.getByRole('button', { name: 'Record the decision' }).click();
        await page.waitForLoadState('load');
        const again = page.locator('section.card', { hasText: 'asks for £450.00' });
        expect(await again.getByLabel('How much, in pounds').inputValue()).toBe('600');
        await check('decision refused (above the ceiling)');

        await page.goto(`${app.url}/sparks/awards/${b.partPaid.award}/payments`);
        await page.getByLabel('How much is paid now, in pounds').fill('500');
        await page.getByLabel('Voucher').check();
        await press(page, 'Record the payment');
        expect(await page.getByLabel('How much is paid now, in pounds').inputValue()).toBe('500');
        await check('payment refused (more than is left)', 409);

        await page.goto(`${app.url}/sparks/awards/${b.partPaid.award}/follow-up`);
        await press(page, 'Record the follow-up');
        await check('follow-up form, nothing given');

        await page.goto(`${app.url}/access`);
        await page.getByLabel('Who is it for?').fill('K.L.');
        await page.getByLabel(/Budget holder/).check();
        await press(page, 'Make the code');
        expect(await page.getByLabel('Who is it for?').inputValue()).toBe('K.L.');
        await check('sign-in code form, holder not named');
        // Named by the IB- reference on their papers, typed as it is read out, the code is made.
        const [person] = app.rows<{ reference: string }>(
          'SELECT reference FROM people WHERE id = ?',
          b.f.people.holder.id,
        );
        await page
          .getByLabel(/IB- reference/)
          .fill(person!.reference.toLowerCase().replaceAll('-', ' '));
        await press(page, 'Make the code');
        expect(await page.title()).toMatch(/^Sign-in code for K\.L\./);
        await context.close();
      }
      expect(failures.join('\n')).toBe('');
    },
    LONG,
  );

  it(
    'slows wrong codes down to a 429 page that says how long to wait',
    async () => {
      const failures: string[] = [];
      for (const [size, viewport] of SIZES) {
        const { context, page } = await newPage(browser, viewport);
        const status = statuses(page);
        for (let i = 0; i < 12 && status() !== 429; i++) {
          app.advance(2);
          await signInWith(page, app, `ZZZ-ZZZ-ZZ${'ABCDEFGHJKMN'[i]}Z`);
        }
        expect(await page.title()).toMatch(/Too many wrong sign-in codes/);
        failures.push(...(await record(page, 'too many wrong codes', size, status(), 429)));
        await context.close();
      }
      expect(failures.join('\n')).toBe('');
    },
    LONG,
  );
});
