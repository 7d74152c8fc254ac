import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { books, type Books } from './support/books.js';
import { browserAvailable, DESKTOP, launch, newPage, PHONE } from './support/browser.js';
import { inspectPage } from './support/check.js';
import { fill, formatTable, pageRoutes, type Persona, type TableRow } from './support/pages.js';
import { startApp, type RunningApp } from './support/server.js';
import { HOME, issueCode, signInWith } from './support/sign-in.js';
import { readerProblems, visibleText } from './support/words.js';

/**
 * Every page × every person who might open it × a phone and a desktop, through the same checks:
 * no sideways scrolling at 360 and 390 px, 44 px targets, no axe violation, and words a person
 * reads (no internal id, dates as "1 April 2026", money as "£150.00"). A page a role may not open
 * must be the 403 page, which passes the same checks. The pages come from the app's route list.
 */

/** Which personas may open each page; everyone else gets the 403 page (or, signed out, sign-in). */
const STAFF = ['coordinator', 'panel'];
const OPEN_TO: Record<string, string[]> = {
  '/sign-in': ['coordinator', 'panel', 'auditor', 'holder', 'co-holder', 'broker'],
  '/sparks': ['coordinator', 'panel', 'auditor'],
  '/sparks/applications/new': STAFF,
  '/sparks/applications/:application': ['coordinator', 'panel', 'auditor'],
  '/sparks/awards/:award/follow-up': STAFF,
  '/sparks/awards/:award/payments': ['coordinator'],
  '/sparks/awards/:award/paid': ['coordinator'],
  '/sparks/sittings': STAFF,
  '/sparks/sittings/new': STAFF,
  '/sparks/sittings/:sitting': STAFF,
  '/sparks/sittings/:sitting/minutes': STAFF,
  '/access': ['coordinator'],
  '/access/codes/:id/slip': ['coordinator'],
  '/my': ['holder', 'co-holder', 'broker'],
  // Coordinators and auditors read every budget of their alliance, so a spend's page too.
  '/my/spends/:spend': ['coordinator', 'auditor', 'holder', 'co-holder', 'broker'],
  '/statements': ['coordinator', 'panel', 'auditor'],
  // Every account's, budget's and pool's statement of a period, a page at a time.
  '/statements/accounts': ['coordinator', 'auditor'],
  '/statements/budgets': ['coordinator', 'auditor'],
  '/statements/pools': ['coordinator', 'auditor'],
  '/ledger': ['coordinator'],
  '/ledger/accounts/new': ['coordinator'],
  '/ledger/accounts/:code': ['coordinator'],
  '/ledger/entries/new': ['coordinator'],
  '/ledger/entries/:entry': ['coordinator', 'auditor'],
  '/ledger/closings': ['coordinator'],
  '/ledger/check': ['coordinator', 'auditor'],
  '/reminders': ['coordinator'],
  '/reminders/contacts/:subject': STAFF,
  '/reminders/replies': ['coordinator'],
  '/sparks/setup': ['coordinator'],
  '/sparks/settings': ['coordinator'],
  '/sparks/receipts/new': ['coordinator'],
  '/sparks/receipts/:receipt': ['coordinator'],
  '/sparks/panel': ['coordinator'],
  '/sparks/awards/:award/cancel': ['coordinator'],
  '/sparks/awards/:award/returns': ['coordinator'],
  '/sparks/awards/:award/waiver': ['coordinator'],
  '/sparks/awards/:award/extension': ['coordinator'],
  '/sparks/applicants/:applicant/contact': STAFF,
  '/sparks/applicants/:applicant/erasure': ['coordinator'],
  '/sparks/applications/:application/withdrawal': STAFF,
  // The lists: what the panel and auditors may read, through the same redaction as the API.
  '/sparks/applications': ['coordinator', 'panel', 'auditor'],
  '/sparks/awards': ['coordinator', 'panel', 'auditor'],
  '/sparks/applicants': ['coordinator', 'panel', 'auditor'],
  '/budgets/lists/budgets': ['coordinator', 'auditor'],
  '/budgets/lists/people': ['coordinator', 'auditor'],
  '/budgets/lists/streams': ['coordinator', 'auditor'],
  '/budgets/lists/pools': ['coordinator', 'auditor'],
  '/sparks/receipts': ['coordinator', 'panel', 'auditor'],
  '/sparks/follow-ups': ['coordinator', 'panel', 'auditor'],
  // Asking to spend is the holder's (or, on a managed budget, the broker's); co-holders approve.
  '/my/budgets/:budget/spends/new': ['holder', 'broker'],
  '/budgets/spends/:spend': ['coordinator', 'auditor'],
  '/my/budgets/:budget/pools': ['holder', 'broker'],
  // Members of the pool; the broker's managed budget is in none (404).
  '/my/pools/:pool': ['holder', 'co-holder'],
  ...Object.fromEntries(
    [
      '/budgets',
      '/budgets/new',
      '/budgets/:budget',
      '/budgets/people/new',
      '/budgets/people/:person',
      '/budgets/people/:person/erasure',
      '/budgets/streams/new',
      '/budgets/streams/:stream',
      '/budgets/pools/new',
      '/budgets/pools/:pool',
    ].map((route) => [route, ['coordinator']]),
  ),
};

const SIZES = [
  ['390×844', PHONE],
  ['1280×800', DESKTOP],
] as const;
/** Sixteen or so pages at two sizes, each measured three times and read by axe: on two shared cores. */
const PER_PERSONA = 420_000;

const rows: TableRow[] = [];
const refusalChecked = new Set<string>();

describe.skipIf(!browserAvailable())('every page, for every role, on a phone and a desktop', () => {
  let browser: Browser;
  let app: RunningApp;
  let b: Books;
  let codeId: string;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launch(), startApp()]);
    b = await books(app);
    await issueCode(app, 'panel', { personName: 'A.B.' });
    codeId = app.rows<{ id: string }>(
      'SELECT id FROM sign_in_codes ORDER BY created_at LIMIT 1',
    )[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (!rows.length) return;
    const widest = Math.max(
      0,
      ...rows.map((r) => (typeof r.width360 === 'number' ? r.width360 : 0)),
    );
    const violations = rows.reduce(
      (n, r) => n + (typeof r.violations === 'number' ? r.violations : 0),
      0,
    );
    console.log(
      `\nPages by role and size (${rows.length} rows; widest document at 360 px: ${widest} px; axe violations: ${violations})\n${formatTable(rows)}\n`,
    );
  });

  const spendOf = (p: Persona) =>
    p.name === 'co-holder'
      ? b.spends.joint
      : p.name === 'broker'
        ? b.spends.managed
        : b.spends.holder;
  const samples = (): Record<string, string | ((p: Persona) => string)> => ({
    budget: (p) =>
      app.rows<{ budget_id: string }>('SELECT budget_id FROM spends WHERE id = ?', spendOf(p))[0]!
        .budget_id,
    application: b.partPaid.application,
    award: b.partPaid.award,
    sitting: b.sitting,
    id: codeId,
    code: `alliance:${app.harness.alliance}:bank`,
    entry: app.rows<{ id: string }>('SELECT id FROM entries ORDER BY seq DESC LIMIT 1')[0]!.id,
    subject: app.rows<{ id: string }>('SELECT id FROM applicants ORDER BY id LIMIT 1')[0]!.id,
    applicant: () =>
      app.rows<{ a: string }>(
        'SELECT applicant_id AS a FROM applications WHERE id = ?',
        b.partPaid.application,
      )[0]!.a,
    receipt: () => app.rows<{ id: string }>('SELECT id FROM receipts LIMIT 1')[0]!.id,
    spend: spendOf,
    person: b.f.people.holder.id,
    stream: b.f.stream,
    pool: app.rows<{ id: string }>('SELECT id FROM pools LIMIT 1')[0]!.id,
  });

  it('finds the pages in the app’s own route list', () => {
    const routes = pageRoutes(app);
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(OPEN_TO).length);
    for (const known of Object.keys(OPEN_TO)) expect(routes).toContain(known);
  });

  const personas = ['coordinator', 'panel', 'auditor', 'holder', 'co-holder', 'broker'];
  for (const name of personas) {
    it(
      `shows ${name} every page they may open, and the 403 page for the rest`,
      async () => {
        const persona = b.personas.find((p) => p.name === name)!;
        const failures: string[] = [];
        for (const [size, viewport] of SIZES) {
          const { context, page } = await newPage(browser, viewport);
          const code = await issueCode(app, persona.role, {
            personName: name,
            ...(persona.holder ? { holder: persona.holder } : {}),
          });
          await signInWith(page, app, code);
          for (const route of pageRoutes(app)) {
            const row = await visit(page, route, persona, size);
            rows.push(row);
            failures.push(...row.problems.map((p) => `${route} as ${name} at ${size}: ${p}`));
          }
          await context.close();
        }
        expect(failures.join('\n')).toBe('');
      },
      PER_PERSONA,
    );
  }

  async function visit(page: Page, route: string, persona: Persona, size: string) {
    const target = fill(route, persona, samples());
    const response = await page.goto(`${app.url}${target}`);
    const status = response?.status() ?? 0;
    const landed = new URL(page.url()).pathname;
    const row: TableRow = {
      page: route,
      role: persona.name,
      size,
      status,
      violations: '',
      width360: '',
      problems: [],
    };
    const open = OPEN_TO[route];
    const allowed = open ? open.includes(persona.name) : undefined;
    if (landed !== target) {
      row.status = `${status} → ${landed}`;
      // The sign-in page and the start page send a signed-in person home; a page they may not
      // open may send them home too. Nothing else moves.
      const home = landed === HOME[persona.role];
      if (!(home && (route === '/sign-in' || route === '/' || allowed === false)))
        row.problems.push(`was sent to ${landed}`);
      return row;
    }
    if (allowed === true && status !== 200) row.problems.push(`answered ${status}, expected 200`);
    // A refusal is the 403 page, or 404 where saying "forbidden" would tell that the thing exists.
    if (allowed === false && status !== 403 && status !== 404)
      row.problems.push(`answered ${status}, expected the 403 or 404 page`);
    if (allowed === undefined && status !== 200 && status !== 403)
      row.problems.push(`answered ${status}: a new page must answer 200 or its 403 page`);
    row.problems.push(...readerProblems(await visibleText(page)));
    // Every 403 is the same page: read by axe and measured once per person and size.
    const once = `${persona.name} ${size}`;
    if (status === 403 && refusalChecked.has(once)) {
      row.violations = row.width360 = 'as above';
      return row;
    }
    if (status === 403) refusalChecked.add(once);
    // The phone widths are measured on the phone pass; the desktop pass is its own size and axe.
    const { report, problems } = await inspectPage(page, { phoneWidths: size === '390×844' });
    row.violations = report.axeViolations;
    row.width360 = report.widths[360] ?? '–';
    row.problems.push(...problems);
    return row;
  }
});
