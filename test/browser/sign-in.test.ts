import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { browserAvailable, DESKTOP, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { startApp, type RunningApp } from './support/server.js';
import { issueCode, signInAs, signInWith, signOut } from './support/sign-in.js';

export const SHOTS = 'test/browser/screenshots';

/** A screenshot at 360 px, for a person to look at (the directory is ignored by git). */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(size);
}

describe.skipIf(!browserAvailable())('sign-in codes and sessions in a real browser', () => {
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

  it('lets a coordinator give a panel member a code on a printable slip, shown once', async () => {
    const coordinator = await newPage(browser, PHONE);
    const page = coordinator.page;
    await signInAs(page, app, 'coordinator', { personName: 'Treasurer' });
    await page.getByRole('link', { name: 'Sign-in codes' }).click();
    await checkPage(page);

    // Nothing chosen: the errors are shown at the top and beside each field.
    await page.getByRole('button', { name: 'Make the code' }).click();
    expect(await page.title()).toMatch(/^Error: Sign-in codes/);
    await expect(
      page.getByRole('link', { name: 'Enter who the code is for' }).count(),
    ).resolves.toBe(1);
    await checkPage(page);
    await shoot(page, 'codes-errors');

    await page.getByLabel('Who is it for?').fill('A.B.');
    await page.getByLabel(/Panel member/).check();
    await page.getByRole('button', { name: 'Make the code' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Sign-in code/);
    const code = (await page.locator('.slip-code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{4}$/);
    await checkPage(page);
    await shoot(page, 'slip');

    // A refresh does not show it again (or issue another).
    await page.reload();
    await expect(
      page.getByRole('heading', { name: 'Sign-in code already shown' }).count(),
    ).resolves.toBe(1);
    expect(await page.textContent('body')).not.toContain(code);
    await checkPage(page);

    // The person types it on their phone, in small letters with spaces, and is in.
    const person = await newPage(browser, PHONE);
    await signInWith(person.page, app, code.toLowerCase().replaceAll('-', ' '));
    expect(new URL(person.page.url()).pathname).toBe('/sparks');

    // The coordinator withdraws it: the person is signed out at their next click.
    await page.goto(`${app.url}/access`);
    await page.getByRole('button', { name: 'Withdraw and sign out A.B.' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.panel__title').textContent()).resolves.toBe(
      'Sign-in code withdrawn',
    );
    await checkPage(page);
    await shoot(page, 'withdrawn');
    await person.page.reload();
    expect(new URL(person.page.url()).pathname).toBe('/sign-in');
    await Promise.all([coordinator.context.close(), person.context.close()]);
  });

  it('shows the sign-in codes page at desktop size too, and refuses it to everyone else', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await signInAs(page, app, 'coordinator');
    await page.goto(`${app.url}/access`);
    await checkPage(page);
    await context.close();
    for (const role of ['panel', 'auditor'] as const) {
      const other = await newPage(browser, PHONE);
      await signInAs(other.page, app, role);
      const res = await other.page.goto(`${app.url}/access`);
      expect(res?.status()).toBe(403);
      await checkPage(other.page);
      await other.context.close();
    }
  });

  it('refuses a used, an expired and a wrong code, each with a page that says what to do', async () => {
    const { context, page } = await newPage(browser, PHONE);
    const code = await issueCode(app, 'panel');
    await signInWith(page, app, code);
    await signOut(page, app);

    await signInWith(page, app, code);
    expect(await page.title()).toMatch(/^Error: This sign-in code has already been used/);
    await expect(page.getByText('Ask your coordinator for a new code').count()).resolves.toBe(1);
    await checkPage(page);
    await shoot(page, 'code-used');

    const short = await issueCode(app, 'panel', { days: 1 });
    app.advance(86_400 + 60);
    await signInWith(page, app, short);
    expect(await page.title()).toMatch(/^Error: This sign-in code has expired/);
    await checkPage(page);

    await signInWith(page, app, 'AAA-AAA-AAAA');
    expect(await page.title()).toMatch(/^Error: Sign in/);
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
    await checkPage(page);
    await context.close();
  });

  it('answers 20 wrong codes in a minute with 429, and the right code works after the wait', async () => {
    const { context, page } = await newPage(browser, PHONE);
    const code = await issueCode(app, 'auditor');
    let last = 0;
    let retryAfter = 0;
    for (let i = 0; i < 20; i++) {
      app.advance(2);
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel('Sign-in code').fill(`ZZZ-ZZZ-ZZ${'ABCDEFGHJKMNPQRSTVWXYZ'[i]}Z`);
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST',
        ),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      last = response.status();
      if (last === 429) retryAfter = Number(response.headers()['retry-after']);
    }
    expect(last).toBe(429);
    expect(retryAfter).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/Too many wrong sign-in codes/);
    await checkPage(page);
    await shoot(page, 'throttled');

    app.advance(retryAfter);
    await signInWith(page, app, code);
    expect(new URL(page.url()).pathname).toBe('/statements');
    await context.close();
  });
});
