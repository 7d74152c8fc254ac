import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamper } from '../contract/verify.contract.js';
import { books } from './support/books.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';

/** /ledger/check: the incremental check of the viewer's alliance, read as a sentence. */
describe.skipIf(!browserAvailable())('checking the books', () => {
  let browser: Browser;
  let app: RunningApp;
  beforeAll(async () => {
    browser = await launch();
    app = await startApp();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says the books are intact, then names the entry changed behind Kindling’s back', async () => {
    const b = await books(app);
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'coordinator');
      await page.goto(`${app.url}/ledger/check`);
      await checkPage(page);
      const intact = (await page.locator('main').textContent()) ?? '';
      expect(intact).toContain('The books are intact');
      expect(intact).toMatch(/\d+ entries checked, last sealed \d{1,2} [A-Z][a-z]+ 2026 at/);
      await page.screenshot({ path: '/tmp/verify-check-intact.png', fullPage: true });

      await b.s.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '10.00',
        receivedOn: '2026-05-20',
      });
      const [last] = app.rows<{ id: string; seq: number }>(
        'SELECT id, seq FROM entries ORDER BY seq DESC LIMIT 1',
      );
      await tamper(app.harness, [
        `UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = '${last!.id}' AND line = 1`,
      ]);
      await page.goto(`${app.url}/ledger/check`);
      await checkPage(page);
      const broken = (await page.locator('main').textContent()) ?? '';
      expect(broken).toContain('The books need attention');
      expect(broken).toContain(`Entry number ${last!.seq} does not match its seal`);
      await page.screenshot({ path: '/tmp/verify-check-broken.png', fullPage: true });
    } finally {
      await context.close();
    }
  });
});
