import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';
import { readerProblems, visibleText } from './support/words.js';

const SHOTS = 'test/browser/screenshots';
const day = (d: number) => String(d).padStart(2, '0');

/**
 * Money received, follow-ups, funding streams and pools on a phone, by clicking: 27 of each (a
 * page is 25). Receipts come one a day from 1 April 2026; follow-ups fall due one a day from
 * 6 May 2026, so on 1 June all but the last are overdue and the last is due within 14 days.
 */
describe.skipIf(!browserAvailable())('the fund and budget lists, on a phone', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    const s = await sparksFixture(app.harness);
    for (let d = 1; d <= 27; d++)
      await s.ok('POST', 'receipts', {
        funder: `Funder ${d}`,
        amount: '500.00',
        receivedOn: `2026-04-${day(d)}`,
        restricted: false,
      });
    const who = await s.applicant('Ann Able');
    const sitting = await s.sitting('2026-05-01');
    for (let d = 0; d < 27; d++) {
      const application = await s.application(who, '20.00', '2026-04-28');
      const due = new Date(Date.UTC(2026, 4, 6 + d)).toISOString().slice(0, 10);
      const res = await s.decide(application, sitting, {
        outcome: 'award',
        amount: '20.00',
        purpose: 'Bus pass',
        followUpDue: due,
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const f = await budgetsFixture(app.harness);
    for (let d = 1; d <= 26; d++)
      await f.ok('POST', 'streams', {
        name: `Stream ${day(d)}`,
        forbiddenCategories: [],
        extraCategories: [],
        approvalLimit: '100.00',
        topSlicePercent: '0',
        periodEndRule: 'return',
      });
    for (let d = 1; d <= 27; d++)
      await f.ok('POST', 'pools', {
        name: `Walkers ${day(d)}`,
        coordinatorPersonId: f.people.holder.id,
      });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const rows = (page: Page) => page.locator('table tbody tr');
  const filters = async (page: Page) => {
    if (!(await page.locator('details.details').evaluate((d) => (d as HTMLDetailsElement).open)))
      await page.getByText('Search and filter').click();
  };
  const looked = async (page: Page, name: string) => {
    await checkPage(page);
    expect(readerProblems(await visibleText(page))).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/lists-${name}.png`, fullPage: true });
  };
  /** Forward to the second page and back, checking the rows of each. */
  const walk = async (page: Page, what: string, first: string, secondPage: string[]) => {
    expect(await rows(page).count()).toBe(25);
    expect(await rows(page).first().textContent()).toContain(first);
    await page.getByRole('link', { name: `Next page of ${what}` }).click();
    expect(await rows(page).allTextContents()).toEqual(
      secondPage.map((s) => expect.stringContaining(s)),
    );
    expect(await page.getByRole('link', { name: `Next page of ${what}` }).count()).toBe(0);
    await page.getByRole('link', { name: `Previous page of ${what}` }).click();
    expect(await rows(page).count()).toBe(25);
    expect(await rows(page).first().textContent()).toContain(first);
  };
  const fillDate = async (page: Page, id: string, d: string, m: string, y: string) => {
    await page.locator(`#${id}-day`).fill(d);
    await page.locator(`#${id}-month`).fill(m);
    await page.locator(`#${id}-year`).fill(y);
  };

  it('pages money received by date, and filters by the dates received', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/sparks`);
      await page.getByRole('link', { name: 'Money received into the fund' }).click();
      expect(await page.title()).toBe('Money received – Kindling');
      await looked(page, 'receipts');
      await walk(page, 'receipts', '1 April 2026', ['26 April 2026', '27 April 2026']);

      await filters(page);
      await fillDate(page, 'from', '10', 'April', '2026');
      await fillDate(page, 'to', '12', '4', '2026');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([
        expect.stringContaining('Funder 10'),
        expect.stringContaining('Funder 11'),
        expect.stringContaining('Funder 12'),
      ]);

      await page.goto(`${app.url}/sparks/receipts?from-day=31&from-month=2&from-year=2026`);
      expect(await page.title()).toBe('Error: Money received – Kindling');
      await looked(page, 'receipts-error');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('pages follow-ups by the date due, and filters by state and dates', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'panel');
      await page.goto(`${app.url}/sparks`);
      await page.getByRole('link', { name: 'All follow-ups' }).click();
      expect(await page.title()).toBe('Follow-ups – Kindling');
      expect(await rows(page).first().textContent()).toContain('(AA)');
      await looked(page, 'follow-ups');
      await walk(page, 'follow-ups', '6 May 2026', ['31 May 2026', '1 June 2026']);

      await filters(page);
      await page.getByLabel('Due in the next 14 days', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([expect.stringContaining('1 June 2026')]);
      expect(await rows(page).first().textContent()).toContain('Due');

      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.getByLabel('Overdue', { exact: true }).check();
      await fillDate(page, 'from', '30', '5', '2026');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([
        expect.stringContaining('30 May 2026'),
        expect.stringContaining('31 May 2026'),
      ]);
      await rows(page).first().getByRole('link').click();
      expect(await page.title()).toBe('They came back – Kindling');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('pages funding streams and pools by name, and finds them by how the name starts', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/budgets`);
      await page.getByRole('link', { name: /Find a funding stream/ }).click();
      expect(await page.title()).toBe('Funding streams – Kindling');
      await looked(page, 'streams');
      await walk(page, 'funding streams', 'Stream 01', ['Stream 26', 'Treatment']);
      await filters(page);
      await page.getByLabel('Name of the stream').fill('tre');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).allTextContents()).toEqual([expect.stringContaining('Treatment')]);

      await page.goto(`${app.url}/budgets`);
      await page.getByRole('link', { name: /Find a pool/ }).click();
      expect(await page.title()).toBe('Pools – Kindling');
      await looked(page, 'pools');
      await walk(page, 'pools', 'Walkers 01', ['Walkers 26', 'Walkers 27']);
      await filters(page);
      await page.getByLabel('Name of the pool').fill('walkers 1');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(10);
      await page.setViewportSize({ width: 360, height: 740 });
      await looked(page, 'pools-360');
      await rows(page).first().getByRole('link').click();
      expect(await page.locator('h1').textContent()).toContain('Walkers 10');
    } finally {
      await context.close();
    }
  }, 120_000);
});
