import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, DESKTOP, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { otherSite } from './support/other-site.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs, signOut } from './support/sign-in.js';

describe.skipIf(!browserAvailable())('forms in a real browser', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    await sparksFixture(app.harness, app.harness.alliance);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [name, viewport] of [
    ['a phone', PHONE],
    ['a desktop', DESKTOP],
  ] as const) {
    it(`shows a sign-in page that works on ${name}`, async () => {
      const { context, page } = await newPage(browser, viewport);
      const response = await page.goto(`${app.url}/sign-in`);
      expect(response?.headers()['referrer-policy']).toBe('same-origin');
      await checkPage(page);
      await context.close();
    });
  }

  it('signs in, sends a form that writes, and signs out, by clicking', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'panel');
    await page.getByRole('link', { name: 'Open a panel sitting' }).click();
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('2026');
    for (const member of ['A.B.', 'C.D.', 'E.F.']) await page.getByLabel(member).check();
    await page.getByRole('button', { name: /open/i }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toMatch(/^\/sparks\/sittings\/.+/);
    expect(await page.textContent('body')).not.toContain('Forms are accepted only');
    await signOut(page, app);
    await context.close();
  });

  it('refuses a form posted from another site with a page that says what to do', async () => {
    const elsewhere = await otherSite(app.url);
    try {
      const { context, page } = await newPage(browser, PHONE);
      await signInAs(page, app, 'panel');
      const sittings = () => app.rows('SELECT id FROM sittings');
      const sittingsBefore = sittings();
      await page.goto(elsewhere.url);
      await page.getByRole('button', { name: 'Forged sitting' }).click();
      await page.waitForLoadState('load');
      expect(await page.title()).toContain('This form was not sent from Kindling');
      expect(await page.getAttribute('html', 'lang')).toMatch(/^en/);
      await expect(page.getByRole('link', { name: /start page/ }).count()).resolves.toBe(1);
      await checkPage(page);
      expect(sittings()).toEqual(sittingsBefore);

      // A forged sign-out is refused too, and the person stays signed in.
      await page.goto(elsewhere.url);
      await page.getByRole('button', { name: 'Forged sign out' }).click();
      await page.waitForLoadState('load');
      expect(await page.title()).toContain('This form was not sent from Kindling');
      await page.goto(`${app.url}/sparks`);
      expect(new URL(page.url()).pathname).toBe('/sparks');
      await context.close();
    } finally {
      await elsewhere.close();
    }
  });
});
