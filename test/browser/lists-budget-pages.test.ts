import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { browserAvailable, launch, newPage } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';
import { readerProblems, visibleText } from './support/words.js';

const SHOTS = 'test/browser/screenshots';
const day = (d: number) => String(d).padStart(2, '0');
const YEAR = 'from=2026-04-01&to=2027-03-31';
/** The narrowest phone we design for. */
const NARROW = { width: 360, height: 800 };

/**
 * The budgets home and the budget, account and pool statements of a period on a phone, by
 * clicking: 27 budgets (a page is 25), one a day from 1 April 2026, each held by its own person
 * ("Aa Ab" is AA, "Ba Bb" is BB, ...); the third ends on 31 May 2026 and is closed.
 */
describe.skipIf(!browserAvailable())('the budgets home and statements, a page at a time', () => {
  let browser: Browser;
  let app: RunningApp;
  const references: string[] = [];

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    const f = await budgetsFixture(app.harness);
    for (let i = 0; i < 27; i++) {
      const l = String.fromCharCode(65 + (i % 26));
      const name = `${l}a ${l}b`;
      const person = await f.ok('POST', 'people', { kind: 'holder', name }, { key: false });
      references.push(person.reference);
      const end = i === 2 ? '2026-05-31' : '2027-03-31';
      const budget = await f.budget(person.id, { start: `2026-04-${day(i + 1)}`, end });
      if (i === 2) await f.ok('POST', `budgets/${budget}/closure`, { closedOn: '2026-05-31' });
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const rows = (page: Page) => page.locator('table tbody tr');
  const filters = async (page: Page) => {
    if (!(await page.locator('details.details').evaluate((d) => (d as HTMLDetailsElement).open)))
      await page.getByText('Search and filter', { exact: true }).click();
  };
  const looked = async (page: Page, name: string) => {
    await checkPage(page);
    expect(readerProblems(await visibleText(page))).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/lists-${name}.png`, fullPage: true });
  };
  /** Forward to the second page and back, checking the rows of each and each page's checks. */
  const walk = async (page: Page, what: string, first: string, secondPage: string[]) => {
    expect(await rows(page).count()).toBe(25);
    expect(await rows(page).first().textContent()).toContain(first);
    await page.getByRole('link', { name: `Next page of ${what}` }).click();
    await checkPage(page);
    expect(await rows(page).allTextContents()).toEqual(
      secondPage.map((s) => expect.stringContaining(s)),
    );
    expect(await page.getByRole('link', { name: `Next page of ${what}` }).count()).toBe(0);
    await page.getByRole('link', { name: `Previous page of ${what}` }).click();
    await checkPage(page);
    expect(await rows(page).count()).toBe(25);
    expect(await rows(page).first().textContent()).toContain(first);
  };

  it('pages the budgets on the home, and finds them by reference and status', async () => {
    const { context, page } = await newPage(browser, NARROW);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/budgets`);
      expect(await page.title()).toBe('Individual budgets – Kindling');
      expect(await rows(page).first().textContent()).toContain(`${references[0]} (AA)`);
      await looked(page, 'budget-home');
      await walk(page, 'budgets', references[0]!, [`${references[25]}`, `${references[26]}`]);

      await filters(page);
      await page.getByLabel('Holder’s reference').fill(references[9]!.toLowerCase());
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([
        expect.stringContaining(`${references[9]} (JJ)`),
      ]);
      await looked(page, 'budget-home-found');

      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.getByLabel('Closed', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([expect.stringContaining(references[2]!)]);
      await rows(page).first().getByRole('link').click();
      expect(await page.locator('h1').textContent()).toContain(references[2]!);

      await page.goto(`${app.url}/budgets?status=open&reference=IB-NOTHING`);
      expect(await page.locator('main').textContent()).toContain('No budgets match.');
      await looked(page, 'budget-home-none');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('gives each budget’s statement of the period a page at a time, keeping the period', async () => {
    const { context, page } = await newPage(browser, NARROW);
    try {
      await signInAs(page, app, 'auditor');
      await page.goto(`${app.url}/statements?${YEAR}`);
      await page.getByRole('link', { name: 'Each budget’s statement for this period' }).click();
      expect(await page.title()).toBe('Budget statements – Kindling');
      await looked(page, 'statements-budgets');
      await walk(page, 'budgets', references[0]!, [references[25]!, references[26]!]);
      // The page links keep the period; auditors read references, never names.
      expect(page.url()).toContain('from=2026-04-01');
      expect(await page.locator('main').textContent()).not.toContain('(AA)');

      await filters(page);
      await page.getByLabel('Open', { exact: true }).check();
      await page.getByLabel('Holder’s reference').fill(references[2]!);
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await page.locator('main').textContent()).toContain('No budgets match.');
      await filters(page);
      await page.getByLabel('Any', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      expect(await rows(page).first().textContent()).toContain(
        `${references[2]}Period 3 April 2026 to 31 May 2026 (closed)`,
      );
      await looked(page, 'statements-budgets-found');
      const pdf = rows(page).first().getByRole('link', { name: /^PDF/ });
      expect(await pdf.getAttribute('href')).toContain(YEAR);
      const res = await page.request.get(new URL((await pdf.getAttribute('href'))!, app.url).href);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');

      await page.getByRole('link', { name: 'Back' }).click();
      expect(page.url()).toBe(`${app.url}/statements?${YEAR}`);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('gives every account’s and pool’s statement a page at a time', async () => {
    const { context, page } = await newPage(browser, NARROW);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/statements?${YEAR}`);
      await page.getByRole('link', { name: 'Every account’s statement for this period' }).click();
      expect(await page.title()).toBe('Account statements – Kindling');
      await looked(page, 'statements-accounts');
      // In code order: the alliance's own accounts, then each budget's account and its hold, and
      // the stream's: 27 budgets make three pages. Forward to the last and back to the first.
      const first = await rows(page).allTextContents();
      expect(first).toHaveLength(25);
      expect(first[0]).toContain('Bank account');
      await page.getByRole('link', { name: 'Next page of accounts' }).click();
      expect(await rows(page).count()).toBe(25);
      await page.getByRole('link', { name: 'Next page of accounts' }).click();
      await checkPage(page);
      const last = await rows(page).allTextContents();
      expect(last.length).toBeGreaterThan(0);
      expect(last.some((t) => t.includes('Funding stream: Treatment'))).toBe(true);
      expect(await page.getByRole('link', { name: 'Next page of accounts' }).count()).toBe(0);
      const seen = new Set([...first, ...last]);
      expect(seen.size).toBe(first.length + last.length);
      await page.getByRole('link', { name: 'Previous page of accounts' }).click();
      await page.getByRole('link', { name: 'Previous page of accounts' }).click();
      expect(await rows(page).allTextContents()).toEqual(first);
      const csv = rows(page).first().getByRole('link', { name: 'CSV postings of Bank account' });
      const res = await page.request.get(new URL((await csv.getAttribute('href'))!, app.url).href);
      expect(res.status()).toBe(200);

      await page.getByRole('link', { name: 'Back' }).click();
      await page.getByRole('link', { name: 'Each pool’s statement for this period' }).click();
      expect(await page.title()).toBe('Pool statements – Kindling');
      expect(await page.locator('main').textContent()).toContain('No pools match.');
      await looked(page, 'statements-pools-none');
    } finally {
      await context.close();
    }
  }, 120_000);
});
