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

/**
 * The lists on a phone, by clicking: 28 applications (a page is 25), three withdrawn, two from a
 * second person in May; a third person with none. Filters are a GET form; Previous and Next are
 * plain links that carry the filters.
 */
describe.skipIf(!browserAvailable())('lists with search and filters, on a phone', () => {
  let browser: Browser;
  let app: RunningApp;
  const refs: string[] = [];
  const holders: string[] = [];

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    const s = await sparksFixture(app.harness);
    const people = [await s.applicant('Ann Able'), await s.applicant('Ben Bold')];
    people.push(await s.applicant('Cat Cole'));
    for (const id of people)
      refs.push((await s.ok('GET', `applicants/${id}`, undefined, { token: s.panel })).reference);
    const first: string[] = [];
    for (let day = 1; day <= 26; day++)
      first.push(
        await s.application(people[0]!, '20.00', `2026-04-${String(day).padStart(2, '0')}`),
      );
    await s.application(people[1]!, '35.50', '2026-05-10');
    await s.application(people[1]!, '1234.50', '2026-05-11');
    for (const id of first.slice(0, 3))
      await s.ok('POST', `applications/${id}/withdrawal`, undefined, {
        token: s.panel,
        status: 200,
      });
    const f = await budgetsFixture(app.harness);
    for (const person of [f.people.holder.id, f.people.other.id]) {
      await f.budget(person, { allocate: '1234.50' });
      holders.push((await app.harness.store.budgets.getPerson(person))!.reference!);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const rows = (page: Page) => page.locator('table tbody tr');
  /** The filters sit closed under "Search and filter" until used. */
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

  it('pages applications forward and back, filters by status and date, finds by reference', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/sparks`);
      await page.getByRole('link', { name: 'All applications' }).click();
      expect(await page.title()).toBe('Applications – Kindling');
      expect(await rows(page).count()).toBe(25);
      const firstRow = await rows(page).first().textContent();
      expect(firstRow).toContain('1 April 2026');
      await looked(page, 'applications');

      await page.getByRole('link', { name: 'Next page of applications' }).click();
      expect(await rows(page).count()).toBe(3);
      expect(await page.locator('main').textContent()).toContain('£1,234.50');
      expect(await page.getByRole('link', { name: 'Next page of applications' }).count()).toBe(0);
      await looked(page, 'applications-next');
      await page.getByRole('link', { name: 'Previous page of applications' }).click();
      expect(await rows(page).count()).toBe(25);
      expect(await rows(page).first().textContent()).toBe(firstRow);
      expect(await page.getByRole('link', { name: 'Previous page of applications' }).count()).toBe(
        0,
      );

      await filters(page);

      await page.getByLabel('Withdrawn', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(3);
      for (const text of await rows(page).allTextContents()) expect(text).toContain('Withdrawn');
      expect(await page.getByLabel('Withdrawn', { exact: true }).isChecked()).toBe(true);

      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.locator('#from-day').fill('10');
      await page.locator('#from-month').fill('5');
      await page.locator('#from-year').fill('2026');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(2);
      expect(await page.locator('#from-day').inputValue()).toBe('10');

      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.getByLabel('Applicant reference').fill(refs[1]!.toLowerCase());
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(2);
      for (const text of await rows(page).allTextContents())
        expect(text).toContain(`${refs[1]} (BB)`);

      // A date that is not one is shown as the form's error, kept as typed.
      await filters(page);
      await page.locator('#to-day').fill('31');
      await page.locator('#to-month').fill('2');
      await page.locator('#to-year').fill('2026');
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await page.title()).toBe('Error: Applications – Kindling');
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('The last date received must be a real date');
      expect(await page.locator('#to-day').inputValue()).toBe('31');
      await looked(page, 'applications-error');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('finds one applicant by reference, and pages awards for an auditor without names', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'panel');
      await page.getByRole('link', { name: 'Applicants, by reference' }).click();
      expect(await rows(page).count()).toBe(3);
      await filters(page);
      await page.getByLabel('Applicant reference').fill(refs[2]!);
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      expect(await rows(page).first().textContent()).toContain(`${refs[2]} (CC)`);
      await looked(page, 'applicants');
      await page.getByRole('link', { name: `Applications of ${refs[2]} (CC)` }).click();
      expect(await page.locator('main').textContent()).toContain('No applications match.');
    } finally {
      await context.close();
    }
    const auditor = await newPage(browser, PHONE);
    try {
      await signInAs(auditor.page, app, 'auditor');
      await auditor.page.goto(`${app.url}/sparks/applicants`);
      const text = await auditor.page.locator('main').textContent();
      expect(text).toContain(refs[0]);
      expect(text).not.toContain('(AA)');
      await auditor.page.goto(`${app.url}/sparks/awards`);
      expect(await auditor.page.locator('main').textContent()).toContain('No awards match.');
      await looked(auditor.page, 'awards-auditor');
    } finally {
      await auditor.context.close();
    }
  }, 120_000);

  it('searches budgets by the holder’s reference and filters them by status', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/budgets`);
      await page.getByRole('link', { name: 'Find budgets by the dates they cover' }).click();
      expect(await page.title()).toBe('Budgets – Kindling');
      expect(await rows(page).count()).toBe(2);
      await filters(page);
      await page.getByLabel('Holder’s reference').fill(holders[1]!.slice(0, 6).toLowerCase());
      await page.getByRole('button', { name: 'Show' }).click();
      const prefix = holders[1]!.slice(0, 6);
      const found = await rows(page).allTextContents();
      expect(found.some((t) => t.includes(holders[1]!))).toBe(true);
      for (const t of found) expect(t).toContain(prefix);
      await filters(page);
      await page.getByLabel('Holder’s reference').fill(holders[1]!);
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      // £1,234.50 allocated, less the stream's 5% top-slice.
      expect(await rows(page).first().textContent()).toContain('Available £1,172.77');
      await looked(page, 'budgets');
      await filters(page);
      await page.getByLabel('Closed', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await page.locator('main').textContent()).toContain('No budgets match.');

      await page.goto(`${app.url}/budgets`);
      await page.getByRole('link', { name: 'Search everyone by reference' }).click();
      expect(await page.title()).toBe('People on budgets – Kindling');
      expect(await rows(page).count()).toBe(4);
      await filters(page);
      await page.getByLabel('Their reference').fill(holders[1]!);
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      expect(await rows(page).first().textContent()).toContain(holders[1]!);
      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.getByLabel('Broker', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      await looked(page, 'people');
    } finally {
      await context.close();
    }
    const auditor = await newPage(browser, PHONE);
    try {
      await signInAs(auditor.page, app, 'auditor');
      await auditor.page.getByRole('link', { name: 'Budgets' }).first().click();
      expect(await rows(auditor.page).count()).toBe(2);
      expect(await auditor.page.locator('main a[href^="/budgets/bud"]').count()).toBe(0);
      await looked(auditor.page, 'budgets-auditor');
    } finally {
      await auditor.context.close();
    }
  }, 120_000);
});
