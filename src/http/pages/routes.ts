import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Role, ServiceContext } from '../../core/context.js';
import { KindlingError } from '../../core/errors.js';
import { roleLabel } from '../../core/labels.js';
import { inWords } from './format.js';
import { fromOurPages, securityHeaders } from './guard.js';
import type { AppDeps } from '../router.js';
import { applicationRoutes } from './applications.js';
import { document, type Shell } from './layout.js';
import type { PageContext, PageEnv, PageHandler, PageKit, PageStatus, PageView } from './kit.js';
import { minutesRoutes } from './minutes.js';
import { myRoutes } from './my.js';
import { paymentRoutes } from './payments.js';
import { problemPage } from './sign-in.js';
import { signedIn, signInRoutes } from './sign-in-routes.js';
import { accessRoutes } from './access.js';
import { accessLogRoutes } from './access-log.js';
import { sittingRoutes } from './sittings.js';
import { sparksHomeRoutes } from './sparks.js';
import { sparksListRoutes } from './lists-sparks.js';
import { budgetListRoutes } from './lists-budgets.js';
import { sittingListRoutes } from './lists-sittings.js';
import { fundListRoutes } from './lists-fund.js';
import { streamListRoutes } from './lists-streams.js';
import { statementsRoutes } from './statements.js';
import { reportRoutes } from './report.js';
import { ledgerBooksRoutes } from './ledger-books.js';
import { ledgerClosingRoutes } from './ledger-closings.js';
import { ledgerEntryRoutes } from './ledger-entries.js';
import { reminderPageRoutes } from './reminders.js';
import { awardActionRoutes } from './award-actions.js';
import { applicantJobRoutes } from './applicant-jobs.js';
import { allianceSettingsRoutes } from './alliance-settings.js';
import { fundJobRoutes } from './fund-jobs.js';
import { spendViewRoutes } from './spend-view.js';
import { spendFormRoutes } from './spend-form.js';
import { budgetHomeRoutes } from './budget-home.js';
import { budgetStreamRoutes } from './budget-streams.js';
import { poolRoutes } from './pool-pages.js';
import { budgetAdminRoutes } from './budget-admin.js';

/** What each role finds in the header. */
const NAV: Record<Role, { href: string; label: string }[]> = {
  holder: [{ href: '/my', label: 'My budgets' }],
  broker: [{ href: '/my', label: 'Budgets I manage' }],
  panel: [
    { href: '/sparks', label: 'Small Sparks' },
    { href: '/statements', label: 'Statements' },
  ],
  coordinator: [
    { href: '/sparks', label: 'Small Sparks' },
    { href: '/budgets', label: 'Budgets' },
    { href: '/statements', label: 'Statements' },
    { href: '/access', label: 'Sign-in codes' },
    { href: '/reports/commissioners', label: 'Report' },
    { href: '/access-log', label: 'Who looked' },
    { href: '/docs', label: 'API' },
    { href: '/ledger', label: 'The books' },
    { href: '/reminders', label: 'Reminders' },
  ],
  auditor: [
    { href: '/statements', label: 'Statements' },
    { href: '/sparks', label: 'Small Sparks' },
    { href: '/reports/commissioners', label: 'Report' },
    { href: '/ledger/check', label: 'Chain check' },
    { href: '/budgets/lists/budgets', label: 'Budgets' },
    { href: '/budgets/lists/people', label: 'People' },
  ],
};

/**
 * The web pages, for people who are not going to use the JSON API: signing in with the sign-in
 * code a coordinator gave them (sign-in-routes.tsx), then one page per job. Holders and brokers see their budgets; panel
 * members and coordinators the Small Sparks fund, the working list, and the sitting where they
 * decide; auditors and coordinators the statements and exports of a period. Everything goes
 * through the same use cases as the API, so a page shows exactly what the caller's token may see
 * (never a narrative to an auditor) and refuses what the API refuses.
 *
 * The session id is kept in an HttpOnly, SameSite=Strict cookie; the API accepts that cookie for
 * GET only, so the statement links work in the browser. Forms that write on a cookie must come
 * from our own pages (guard.ts), and each carries an idempotency key.
 */
export function pagesRoutes(appDeps: AppDeps) {
  const app = new Hono<PageEnv>();
  const deps = { ...appDeps, sparks: appDeps.store.sparks, budgets: appDeps.store.budgets };
  const ctx = (c: PageContext): ServiceContext => ({
    actor: c.get('actor'),
    now: deps.clock(),
    requestId: c.get('requestId'),
  });
  const page = (c: PageContext, view: PageView, content: Child, status: PageStatus = 200) =>
    c.html(document({ ...view, signedIn: signedInAs(c) }, content), status);

  // Mounted at the root beside the API, so nothing here is registered for '*' (that would run
  // for /v1 too): each page route carries its own headers and turns its own errors into a page.
  const guarded =
    (handler: PageHandler): PageHandler =>
    async (c) => {
      try {
        return await handler(c);
      } catch (error) {
        return errorPage(c, error);
      }
    };
  const headers = securityHeaders(appDeps);
  const signedInOnly = signedIn(appDeps);
  const get = (path: string, handler: PageHandler) =>
    app.get(path, headers, signedInOnly, guarded(handler));
  // Forms that write on a signed-in session must come from our own pages (Sec-Fetch-Site or
  // Origin, see guard.ts), besides the SameSite=Strict cookie.
  const ours = fromOurPages(appDeps);
  const post = (path: string, handler: PageHandler) =>
    app.post(path, headers, ours, signedInOnly, guarded(handler));

  signInRoutes(app, appDeps);

  const kit: PageKit = { deps, ctx, page, get, post };
  sparksHomeRoutes(kit);
  myRoutes(kit);
  statementsRoutes(kit);
  sittingRoutes(kit);
  minutesRoutes(kit);
  applicationRoutes(kit);
  paymentRoutes(kit);
  accessRoutes(kit);
  reportRoutes(kit);
  accessLogRoutes(kit);
  ledgerBooksRoutes(kit);
  ledgerEntryRoutes(kit);
  ledgerClosingRoutes(kit);
  reminderPageRoutes(kit);
  awardActionRoutes(kit);
  applicantJobRoutes(kit);
  allianceSettingsRoutes(kit);
  fundJobRoutes(kit);
  spendViewRoutes(kit);
  spendFormRoutes(kit);
  budgetHomeRoutes(kit);
  budgetStreamRoutes(kit);
  poolRoutes(kit);
  // Last of the budget pages: /budgets/:budget would otherwise answer for /budgets/new.
  budgetAdminRoutes(kit);
  sparksListRoutes(kit);
  budgetListRoutes(kit);
  sittingListRoutes(kit);
  fundListRoutes(kit);
  streamListRoutes(kit);

  return app;
}

/** Who is signed in, for the header: their role in words, never a token or an id. */
function signedInAs(c: PageContext): Shell['signedIn'] {
  const actor = c.get('actor');
  return actor ? { who: `Signed in as: ${roleLabel(actor.role)}`, nav: NAV[actor.role] } : null;
}

function errorPage(c: PageContext, error: unknown): Response | Promise<Response> {
  const show = (status: PageStatus, title: string, detail: string) =>
    c.html(document({ title, signedIn: signedInAs(c) }, problemPage(title, detail)), status);
  if (error instanceof KindlingError) {
    if (error.kind === 'unauthenticated') return c.redirect('/sign-in', 303);
    if (error.kind === 'forbidden')
      return show(
        403,
        'This page is not open to you',
        'Your access does not open this page. If you need it, ask your coordinator.',
      );
    // The use case's own words name the id it looked for; a person reads what was not found.
    if (error.kind === 'not_found')
      return show(
        404,
        'Page not found',
        `There is no ${missingThing(error.code)} at this address that you can see. Check the address, or start again from your home page.`,
      );
    if (error.kind === 'invalid') return show(422, 'Check what you entered', inWords(error.detail));
    return show(409, error.title, inWords(error.detail));
  }
  console.error(
    JSON.stringify({
      level: 'error',
      requestId: c.get('requestId'),
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  return show(
    500,
    'Something went wrong',
    `Nothing was changed. If it happens again, tell your coordinator and quote ${c.get('requestId') ?? 'the time'}.`,
  );
}

/** "sign_in_code_not_found" → "sign-in code"; anything unexpected → "page". */
function missingThing(code: string): string {
  const thing = code.endsWith('_not_found') ? code.slice(0, -'_not_found'.length) : '';
  return (THINGS[thing] ?? thing.replaceAll('_', ' ')) || 'page';
}
const THINGS: Record<string, string> = { sign_in_code: 'sign-in code', route: 'page' };
