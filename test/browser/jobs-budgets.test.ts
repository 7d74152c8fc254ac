import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsFixture, type BudgetsFixture } from '../contract/budgets-helpers.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';
import { pressTwice } from './support/press.js';
import { CONTROL_TEXT } from '../../src/core/labels.js';
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

describe.skipIf(!browserAvailable())('a coordinator’s and a pool’s budget jobs on a phone', () => {
  let browser: Browser;
  let app: RunningApp;
  let f: BudgetsFixture;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp({ now: '2026-05-20T09:00:00.000Z' })]);
    f = await budgetsFixture(app.harness);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const count = (sql: string, ...params: unknown[]) =>
    app.rows<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, ...params)[0]!.n;
  const date = async (page: Page, legend: string, d: string, m: string, y: string) => {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(d);
    await group.getByLabel('Month').fill(m);
    await group.getByLabel('Year').fill(y);
  };

  it('sets up people, a stream with a reserve, a budget, money, and ends it', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'coordinator');
    await page.goto(`${app.url}/budgets`);
    await checkPage(page);

    const people = count('people');
    for (const [kind, name] of [
      ['A budget holder', 'Jo Smith'],
      ['A supporter who may co-hold a budget', 'Pat Kerr'],
    ] as const) {
      await page.goto(`${app.url}/budgets`);
      await page.getByRole('link', { name: 'Register a person' }).click();
      await page.getByLabel(kind).check();
      await page.getByLabel('Their name (optional)').fill(name);
      await pressTwice(page, 'Register the person');
      expect(await page.textContent('main')).toContain('Person registered');
      await checkPage(page);
    }
    expect(count('people')).toBe(people + 2);

    await page.goto(`${app.url}/budgets/streams/new`);
    await page.getByLabel('Name of the stream').fill('Housing');
    await page.getByLabel(/Spends above this/).fill('50');
    await page.getByLabel(/Guaranteed minimum/).fill('100');
    await page.getByRole('button', { name: 'Create the stream' }).click();
    // The reserve needs to say what it is kept for: refused, with what was typed kept.
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByLabel('Name of the stream').inputValue()).toBe('Housing');
    await checkPage(page);
    await page.getByLabel('Housing', { exact: true }).check();
    await page.getByLabel('It goes back to the stream').check();
    await page.getByLabel(/will not pay for/).fill('Gambling');
    await pressTwice(page, 'Create the stream');
    expect(count("streams WHERE name = 'Housing'")).toBe(1);
    expect(await page.textContent('main')).toContain('Stream created');
    await checkPage(page);
    await page.getByLabel('How much, in pounds').fill('5000');
    await page.getByLabel('Who it came from').fill('District Council');
    await pressTwice(page, 'Record the money');
    const streams = await f.ok('GET', 'streams', undefined, { key: false });
    expect(streams.items.find((s: { name: string }) => s.name === 'Housing').available).toBe(
      '5000.00',
    );

    // The stream from a page of streams found by name; the people by the references they carry.
    const referenceOf = (name: string) =>
      app.rows<{ reference: string }>('SELECT reference FROM people WHERE name = ?', name)[0]!
        .reference;
    await page.goto(`${app.url}/budgets/new`);
    await checkPage(page);
    await page.getByText('Search and filter').click();
    await page.getByLabel('Name of the stream').fill('hous');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: 'Choose Housing' }).click();
    // A stream gone from the form (changed by hand): the chooser again, saying what to do.
    await page.locator('input[name="streamId"]').evaluate((e) => {
      (e as HTMLInputElement).value = 'gone';
    });
    await page.getByRole('button', { name: 'Create the budget' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.textContent('.error-summary')).toContain(
      'The funding stream on the form was not found here: choose it again from the list',
    );
    await checkPage(page);
    await page.getByRole('link', { name: 'Choose Housing' }).click();
    await page.getByLabel('Reference of the person who holds it').fill('IB-2222-2222');
    await date(page, 'When does it end?', '31', '3', '2027');
    await page.getByLabel(CONTROL_TEXT.joint).check();
    await page.getByLabel(/co-holder who approves/).fill(referenceOf('Jo Smith'));
    await page.getByRole('button', { name: 'Create the budget' }).click();
    // Refused in words, each reference kept as typed, the stream still chosen.
    expect(await page.title()).toMatch(/^Error: /);
    const main = await page.textContent('main');
    expect(main).toContain('No budget holder has the reference IB-2222-2222 here');
    expect(main).toContain(`No supporter has the reference ${referenceOf('Jo Smith')} here`);
    expect(main).toContain('Housing');
    await checkPage(page);
    await page
      .getByLabel('Reference of the person who holds it')
      .fill(referenceOf('Jo Smith').replaceAll('-', ' ').toLowerCase());
    await page.getByLabel(/co-holder who approves/).fill(referenceOf('Pat Kerr'));
    await pressTwice(page, 'Create the budget');
    expect(await page.textContent('main')).toContain('Budget created');
    await checkPage(page);
    const budget = new URL(page.url()).pathname.split('/').pop()!;
    expect(count('budgets WHERE id = ?', budget)).toBe(1);
    await page.getByLabel('How much, in pounds').fill('500');
    await pressTwice(page, 'Allocate the money');
    expect((await f.money(budget)).allocated).toBe('500.00');

    await page.getByLabel('Why, in the holder’s words').fill('Asked to be the only one deciding');
    await pressTwice(page, 'Remove the co-holder');
    expect(await page.textContent('main')).toContain('Removed from the budget');
    const view = await f.ok('GET', `budgets/${budget}`, undefined, { key: false });
    expect(view.coHolders[0].removedAt).not.toBeNull();

    await pressTwice(page, 'Close the budget');
    expect(await page.textContent('main')).toContain('Budget closed');
    expect(await f.ok('GET', `budgets/${budget}`, undefined, { key: false })).toMatchObject({
      status: 'closed',
      available: '0.00',
    });
    await checkPage(page);

    // Erasing Jo: the page says what goes and what stays; the name goes, the books stay.
    const jo = app.rows<{ id: string }>("SELECT id FROM people WHERE name = 'Jo Smith'")[0]!.id;
    await page.goto(`${app.url}/budgets/people/${jo}`);
    await page.getByRole('link', { name: 'Erase their personal data' }).click();
    expect(await page.textContent('main')).toContain('What stays');
    await checkPage(page);
    await pressTwice(page, 'Erase their personal data');
    expect(await page.textContent('main')).toContain('Their personal data has been erased');
    expect(
      app.rows('SELECT name, erased_at IS NOT NULL AS erased FROM people WHERE id = ?', jo),
    ).toEqual([{ name: null, erased: 1 }]);
    expect((await f.ok('GET', `budgets/${budget}`, undefined, { key: false })).status).toBe(
      'closed',
    );
    await context.close();
  });

  it('approves a spend that waits for the coordinator', async () => {
    const own = await f.budget(f.people.holder.id, { allocate: '400.00' });
    const spend = await f.ok(
      'POST',
      `budgets/${own}/spends`,
      {
        provider: 'Talk Well',
        category: 'therapy',
        amount: '150.00',
        spentOn: '2026-05-19',
        description: 'Six sessions',
      },
      { token: f.people.holder.token },
    );
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'coordinator');
    await page.goto(`${app.url}/budgets/${own}`);
    await page.getByRole('link', { name: /Approve or reject £150\.00 to Talk Well/ }).click();
    await pressTwice(page, 'Approve the spend');
    expect(await page.textContent('main')).toContain('Spend approved');
    expect(count("spends WHERE id = ? AND status = 'approved'", spend.id)).toBe(1);
    expect((await f.money(own)).spent).toBe('150.00');
    await context.close();
  });

  it('creates a pool; a member joins, adds money, buys for it, sees shares and leaves', async () => {
    const own = await f.budget(f.people.holder.id, { allocate: '400.00' });
    const theirs = await f.budget(f.people.other.id, { allocate: '400.00' });
    const { context, page } = await newPage(browser, PHONE);
    await signInAs(page, app, 'coordinator');
    await page.goto(`${app.url}/budgets/pools/new`);
    await page.getByLabel('Name of the pool').fill('Garden club');
    const holderRef = app.rows<{ reference: string }>(
      'SELECT reference FROM people WHERE id = ?',
      f.people.holder.id,
    )[0]!.reference;
    await page.getByLabel('The member who buys for the pool').fill(holderRef.toLowerCase());
    await pressTwice(page, 'Create the pool');
    expect(count("pools WHERE name = 'Garden club'")).toBe(1);
    await checkPage(page);
    const pool = new URL(page.url()).pathname.split('/').pop()!;
    await context.close();
    await f.ok(
      'POST',
      `pools/${pool}/members`,
      { budgetId: theirs },
      { token: f.people.other.token, key: false },
    );
    await f.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: theirs, amount: '40.00', contributedOn: '2026-05-19' },
      { token: f.people.other.token },
    );

    const holder = await newPage(browser, PHONE);
    const p = holder.page;
    await signInAs(p, app, 'holder', { holder: f.people.holder.id });
    // The holder has several budgets from one stream by now: press this budget's own link.
    await p.locator(`a[href="/my/budgets/${own}/pools"]`).click();
    await checkPage(p);
    await pressTwice(p, 'Join Garden club');
    expect(count('pool_members WHERE pool_id = ? AND budget_id = ?', pool, own)).toBe(1);
    await p.getByLabel('How much, in pounds, from your budget').fill('60');
    await pressTwice(p, 'Add the money');
    expect(await p.textContent('main')).toContain('Your share: £60.00');
    expect((await f.money(own)).inPools).toBe('60.00');

    await p.getByLabel('Community resources and belonging').check();
    await p.getByLabel('Who is paid').fill('Garden Centre');
    await p.getByLabel('How much, in pounds', { exact: true }).fill('30');
    await p.getByLabel('What it is for').fill('Seeds and tools');
    await pressTwice(p, 'Buy for the pool');
    expect(count('pool_purchases WHERE pool_id = ?', pool)).toBe(1);
    const main = await p.textContent('main');
    // Pro rata, 60 : 40 of £30.00: £18.00 from this member, £12.00 from the other.
    for (const words of ['Purchase recorded', 'Seeds and tools', '£18.00', '£42.00', '£28.00'])
      expect(main).toContain(words);
    await checkPage(p);

    await pressTwice(p, 'Leave the pool');
    expect(await p.textContent('main')).toContain('You have left the pool');
    // £400.00 less the 5% top-slice, less £60.00 in, plus the £42.00 left of the share coming back.
    expect((await f.money(own)).available).toBe('362.00');
    expect(count('pool_members WHERE budget_id = ? AND left_at IS NOT NULL', own)).toBe(1);
    await holder.context.close();
  });
});
