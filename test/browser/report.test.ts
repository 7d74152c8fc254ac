import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { sparksYear } from '../contract/report-views.contract.js';
import { browserAvailable, DESKTOP, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';

/** Screenshots for a person to look at (the directory is ignored by git). */
const SHOTS = 'test/browser/screenshots';

describe.skipIf(!browserAvailable())('the commissioners’ report on a phone', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    await sparksYear(app.harness);
    const f = await budgetsFixture(app.harness);
    for (const [i, category] of ['health', 'housing', 'purposeful-activity'].entries())
      for (let n = 0; n < 5 + i; n++) {
        const person = (await f.ok('POST', 'people', { kind: 'holder' }, { key: false })).id;
        const token = await app.harness.token('holder', { holder: person });
        const budget = await f.budget(person, {
          allocate: '400.00',
          mode: n % 2 ? 'joint' : 'self',
        });
        await f.ok(
          'POST',
          `budgets/${budget}/spends`,
          {
            provider: 'Gym',
            category,
            amount: `${20 + n}.00`,
            spentOn: '2026-05-01',
            description: 'x',
          },
          { token },
        );
      }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('fits 360 px with its charts, has nothing for axe, and its charts are images with names', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await signInAs(page, app, 'auditor');
      await page.goto(`${app.url}/reports/commissioners?from=2026-04-01&to=2027-03-31`);
      expect(await page.title()).toBe('Commissioners’ report – Kindling');
      const charts = page.getByRole('img');
      expect(await charts.count()).toBe(5);
      await expect
        .poll(() => page.getByRole('img', { name: 'The Small Sparks fund over the year' }).count())
        .toBe(1);
      // Each chart is drawn no wider than the column it sits in.
      for (const box of await charts.evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().right),
      ))
        expect(box).toBeLessThanOrEqual(PHONE.width);
      await checkPage(page);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/report-phone.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}/report-phone-top.png` });
      const figures = page.locator('section:has(figure.chart)');
      for (let i = 0; i < (await figures.count()); i++)
        await figures.nth(i).screenshot({ path: `${SHOTS}/report-phone-chart-${i + 1}.png` });
      await page.setViewportSize(DESKTOP);
      await page.screenshot({ path: `${SHOTS}/report-desktop.png`, fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
