import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';
import { readerProblems, visibleText } from './support/words.js';

const SHOTS = 'test/browser/screenshots';

/**
 * The panel's sittings on a phone, by clicking: 27 sittings (a page is 25), one a day from
 * 1 April 2026, the latest first; the one of 20 April heard two applications, declining one and
 * deferring the other.
 */
describe.skipIf(!browserAvailable())('the list of panel sittings, on a phone', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    const s = await sparksFixture(app.harness);
    const who = await s.applicant('Ann Able');
    const apps = [
      await s.application(who, '20.00', '2026-03-20'),
      await s.application(who, '35.50', '2026-03-21'),
    ];
    const sittings: string[] = [];
    for (let day = 1; day <= 27; day++)
      sittings.push(await s.sitting(`2026-04-${String(day).padStart(2, '0')}`));
    const april20 = sittings[19]!;
    await s.decide(apps[0]!, april20, { outcome: 'decline', reason: 'Not this time' });
    await s.decide(apps[1]!, april20, { outcome: 'defer', reason: 'More to hear' });
  }, 120_000);
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

  it('pages sittings latest first, forward and back, and filters by decisions and dates', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'panel');
      await page.goto(`${app.url}/sparks`);
      await page.getByRole('link', { name: 'Panel sittings and their minutes' }).click();
      expect(await page.title()).toBe('Panel sittings – Kindling');
      expect(await rows(page).count()).toBe(25);
      const firstRow = await rows(page).first().textContent();
      expect(firstRow).toContain('27 April 2026');
      const april20 = rows(page).filter({ hasText: '20 April 2026' });
      expect(await april20.textContent()).toContain('1 declined, 1 deferred');
      await looked(page, 'sittings');

      await page.getByRole('link', { name: 'Next page of sittings' }).click();
      expect(await rows(page).count()).toBe(2);
      expect(await rows(page).allTextContents()).toEqual([
        expect.stringContaining('2 April 2026'),
        expect.stringContaining('1 April 2026'),
      ]);
      expect(await page.getByRole('link', { name: 'Next page of sittings' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Previous page of sittings' }).click();
      expect(await rows(page).count()).toBe(25);
      expect(await rows(page).first().textContent()).toBe(firstRow);

      await filters(page);
      await page.getByLabel('Decisions made', { exact: true }).check();
      await page.getByRole('button', { name: 'Show' }).click();
      expect(await rows(page).count()).toBe(1);
      expect(await rows(page).first().textContent()).toContain('20 April 2026');
      expect(await page.getByLabel('Decisions made', { exact: true }).isChecked()).toBe(true);
      await looked(page, 'sittings-decided');

      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await filters(page);
      await page.getByLabel('Nothing decided yet', { exact: true }).check();
      await page.locator('#from-day').fill('10');
      await page.locator('#from-month').fill('April');
      await page.locator('#from-year').fill('2026');
      await page.locator('#to-day').fill('21');
      await page.locator('#to-month').fill('4');
      await page.locator('#to-year').fill('2026');
      await page.getByRole('button', { name: 'Show' }).click();
      // 10 to 21 April is twelve sittings, less the one that decided.
      expect(await rows(page).count()).toBe(11);
      expect(await page.locator('main').textContent()).not.toContain('20 April 2026');

      await page.getByRole('link', { name: 'Minutes of 21 April 2026' }).click();
      expect(await page.title()).toBe('Minutes – Kindling');

      await page.goto(`${app.url}/sparks/sittings?to-day=31&to-month=2&to-year=2026`);
      expect(await page.title()).toBe('Error: Panel sittings – Kindling');
      expect(await page.locator('#to-day').inputValue()).toBe('31');
      await looked(page, 'sittings-error');

      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${app.url}/sparks/sittings`);
      await looked(page, 'sittings-360');
    } finally {
      await context.close();
    }
  }, 120_000);
});
