import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture, type BudgetsFixture } from '../contract/budgets-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { pressTwice } from './support/press.js';
import { startApp, type RunningApp } from './support/server.js';
import { signInAs } from './support/sign-in.js';

/**
 * The individual budgets jobs, done by clicking on a 390×844 phone as each person would: the
 * result read back through the API (the money moved, the record exists), and a second press of
 * the same form (same idempotency key) changing nothing.
 */
describe.skipIf(!browserAvailable())('budget jobs on a phone', () => {
  let browser: Browser;
  let app: RunningApp;
  let f: BudgetsFixture;
  let own: string;
  let joint: string;
  let managed: string;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp({ now: '2026-05-20T09:00:00.000Z' })]);
    f = await budgetsFixture(app.harness);
    own = await f.budget(f.people.holder.id, { allocate: '400.00' });
    joint = await f.budget(f.people.other.id, { mode: 'joint', allocate: '300.00' });
    managed = await f.budget(f.people.other.id, { mode: 'managed', allocate: '200.00' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const spendsOf = (budget: string) =>
    app.rows<{ status: string; amount_minor: number }>(
      'SELECT status, amount_minor FROM spends WHERE budget_id = ? ORDER BY created_at',
      budget,
    );

  async function askToSpend(
    page: Page,
    o: { kind: string; provider: string; amount: string; what: string },
  ) {
    await page.getByLabel(o.kind).check();
    await page.getByLabel('Who is paid').fill(o.provider);
    await page.getByLabel('How much, in pounds').fill(o.amount);
    await page.getByLabel('What it is for').fill(o.what);
  }

  it('lets a holder ask to spend, paid at once or waiting, and withdraw what waits', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'holder', { holder: f.people.holder.id });
    await page.getByRole('link', { name: 'Ask to spend from this budget' }).click();
    await checkPage(page);
    // A refusal keeps what was typed and says what to do.
    await askToSpend(page, { kind: 'Travel', provider: 'Southern', amount: '', what: 'Bus pass' });
    await page.getByRole('button', { name: 'Ask to spend' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByLabel('Who is paid').inputValue()).toBe('Southern');
    await checkPage(page);
    await page.getByLabel('How much, in pounds').fill('45');
    const landed = await pressTwice(page, 'Ask to spend');
    expect(landed).toMatch(/^\/my\/spends\//);
    expect(await page.textContent('main')).toContain('Paid: £45.00 to Southern');
    expect(spendsOf(own)).toEqual([{ status: 'approved', amount_minor: 4500 }]);
    expect((await f.money(own)).spent).toBe('45.00');

    // Above the £100.00 limit it waits, and the holder can withdraw it.
    await page.goto(`${app.url}/my/budgets/${own}/spends/new`);
    await askToSpend(page, {
      kind: 'Therapy',
      provider: 'Talk Well',
      amount: '150',
      what: 'Six sessions',
    });
    await page.getByRole('button', { name: 'Ask to spend' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('main')).toContain('Waiting for approval: £150.00 is set aside');
    await checkPage(page);
    expect((await f.money(own)).pending).toBe('150.00');
    await pressTwice(page, 'Withdraw the spend');
    expect(await page.textContent('main')).toContain('Spend withdrawn');
    expect(spendsOf(own).map((s) => s.status)).toEqual(['approved', 'withdrawn']);
    expect(await f.money(own)).toMatchObject({ pending: '0.00', available: '335.00' });
    await context.close();
  });

  it('puts approve and reject in front of a co-holder, with amount, provider and purpose', async () => {
    const ask = (amount: string, what: string) =>
      f.ok(
        'POST',
        `budgets/${joint}/spends`,
        {
          provider: 'City Gym',
          category: 'health',
          amount,
          spentOn: '2026-05-19',
          description: what,
        },
        { token: f.people.other.token },
      );
    await ask('150.00', 'Gym for a year');
    await ask('120.00', 'Trainer');
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'holder', { holder: f.people.supporter.id });
    expect(await page.textContent('main')).toContain('Waiting for your approval');
    await checkPage(page);
    await page
      .getByRole('link', { name: /Approve or reject £150\.00 to City Gym, Gym for a year/ })
      .click();
    const main = await page.textContent('main');
    for (const words of ['£150.00', 'City Gym', 'Gym for a year']) expect(main).toContain(words);
    await checkPage(page);
    await pressTwice(page, 'Approve the spend');
    expect(await page.textContent('main')).toContain('Spend approved');
    expect((await f.money(joint)).spent).toBe('150.00');

    await page.goto(`${app.url}/my`);
    await page.getByRole('link', { name: /Approve or reject £120\.00/ }).click();
    await page.getByRole('button', { name: 'Reject the spend' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.textContent('main')).toContain('Enter why the spend is rejected');
    await checkPage(page);
    await page.getByLabel('Reason (needed to reject)').fill('Ask the trainer for a cheaper plan');
    await pressTwice(page, 'Reject the spend');
    expect(await page.textContent('main')).toContain('Spend rejected');
    expect(spendsOf(joint).map((s) => s.status)).toEqual(['approved', 'rejected']);
    expect(await f.money(joint)).toMatchObject({ spent: '150.00', pending: '0.00' });
    await context.close();
  });

  it('lets a broker spend on the managed budget, naming the holder', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'broker', { holder: f.people.broker.id });
    const reference = (await f.ok('GET', `budgets/${managed}`, undefined, { key: false })).holderId;
    const holder = app.rows<{ reference: string }>(
      'SELECT reference FROM people WHERE id = ?',
      reference,
    )[0]!.reference;
    expect(await page.textContent('main')).toContain(`You manage this budget for ${holder}`);
    await page.getByRole('link', { name: 'Ask to spend from this budget' }).click();
    expect(await page.textContent('main')).toContain(`For ${holder}`);
    await askToSpend(page, {
      kind: 'Travel',
      provider: 'Metrobus',
      amount: '30.00',
      what: 'Weekly pass',
    });
    await pressTwice(page, 'Ask to spend');
    expect(spendsOf(managed)).toEqual([{ status: 'approved', amount_minor: 3000 }]);
    expect((await f.money(managed)).spent).toBe('30.00');
    await context.close();
  });
});
