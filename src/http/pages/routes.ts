import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role, ServiceContext } from '../../core/context.js';
import { KindlingError } from '../../core/errors.js';
import { listBudgets, myBudgets } from '../../core/budgets/budgets.js';
import { listPools } from '../../core/budgets/pools.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { fundSummary, getAlliance } from '../../core/sparks/alliances.js';
import { workingList } from '../../core/sparks/grants.js';
import { resolvePeriod, ukFinancialYear } from '../../core/statements/model.js';
import { resolveToken, SESSION_COOKIE } from '../auth.js';
import { fromOurPages, isHttps, securityHeaders } from './guard.js';
import type { AppDeps } from '../router.js';
import { DOMAIN_TEXT, type Domain } from '../../core/sparks/model.js';
import { h, layout, longDate, pounds, type Html } from './html.js';
import { applicationRoutes } from './applications.js';
import type { PageContext, PageEnv, PageHandler, PageKit, PageStatus } from './kit.js';
import { sittingRoutes } from './sittings.js';

/** Where each role starts, and what it finds in the header. */
const HOME: Record<Role, string> = {
  holder: '/my',
  broker: '/my',
  coordinator: '/sparks',
  panel: '/sparks',
  auditor: '/statements',
};
const NAV: Record<Role, { href: string; label: string }[]> = {
  holder: [{ href: '/my', label: 'My budgets' }],
  broker: [{ href: '/my', label: 'Budgets I manage' }],
  panel: [
    { href: '/sparks', label: 'Small Sparks' },
    { href: '/statements', label: 'Statements' },
  ],
  coordinator: [
    { href: '/sparks', label: 'Small Sparks' },
    { href: '/statements', label: 'Statements' },
    { href: '/docs', label: 'API' },
  ],
  auditor: [
    { href: '/statements', label: 'Statements' },
    { href: '/sparks', label: 'Small Sparks' },
  ],
};

/** A signed-in session lasts at most this long, and never past the token's own expiry. */
const SESSION_SECONDS = 12 * 60 * 60;

/**
 * The web pages, for people who are not going to use the JSON API: signing in with the token a
 * coordinator gave them, then one page per job. Holders and brokers see their budgets; panel
 * members and coordinators the Small Sparks fund, the working list, and the sitting where they
 * decide; auditors and coordinators the statements and exports of a period. Everything goes
 * through the same use cases as the API, so a page shows exactly what the caller's token may see
 * (never a narrative to an auditor) and refuses what the API refuses.
 *
 * The token is kept in an HttpOnly, SameSite=Strict cookie; the API accepts that cookie for GET
 * only, so the statement links work in the browser. The sitting's forms are the only writes on a
 * cookie: they must come from our own pages (Origin), and each carries an idempotency key.
 */
export function pagesRoutes(appDeps: AppDeps) {
  const app = new Hono<PageEnv>();
  const deps = { ...appDeps, sparks: appDeps.store.sparks, budgets: appDeps.store.budgets };
  const ctx = (c: PageContext): ServiceContext => ({
    actor: c.get('actor'),
    now: deps.clock(),
    requestId: c.get('requestId'),
  });
  const chrome = (c: PageContext, title: string) => ({
    title,
    signedIn: {
      role: c.get('actor').role,
      allianceId: c.get('actor').allianceId,
      nav: NAV[c.get('actor').role],
    },
  });
  const page = (c: PageContext, title: string, body: Html, status: PageStatus = 200) =>
    c.html(layout(chrome(c, title), body), status);

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
  const get = (path: string, handler: PageHandler, auth = true) =>
    app.get(path, headers, ...(auth ? [signedIn] : []), guarded(handler));
  // Forms that write on a signed-in session must come from our own pages (Sec-Fetch-Site or
  // Origin, see guard.ts), besides the SameSite=Strict cookie.
  const ours = fromOurPages(appDeps);
  const signInOrOut = fromOurPages({ ...appDeps, allowUnknown: true });
  const post = (path: string, handler: PageHandler, auth = true) =>
    app.post(path, headers, ...(auth ? [ours, signedIn] : [signInOrOut]), guarded(handler));

  const signedIn: MiddlewareHandler<PageEnv> = async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const actor = secret ? await resolveToken(deps, secret) : null;
    if (!actor) {
      if (secret) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/sign-in', 303);
    }
    c.set('actor', {
      tokenId: actor.tokenId,
      role: actor.role,
      allianceId: actor.allianceId,
      holderId: actor.holderId,
    });
    await next();
  };

  get(
    '/',
    async (c) => {
      const secret = getCookie(c, SESSION_COOKIE);
      const actor = secret ? await resolveToken(deps, secret) : null;
      return c.redirect(actor ? HOME[actor.role] : '/sign-in', 303);
    },
    false,
  );

  get(
    '/sign-in',
    (c) => c.html(layout({ title: 'Sign in', signedIn: null }, signInForm(null))),
    false,
  );

  post(
    '/sign-in',
    async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const secret = typeof form.token === 'string' ? form.token.trim() : '';
      const actor = secret ? await resolveToken(deps, secret) : null;
      if (!actor)
        return c.html(
          layout(
            { title: 'Sign in', signedIn: null },
            signInForm(
              'That access code did not work. It may have expired or been withdrawn: ask your coordinator for a new one.',
            ),
          ),
          401,
        );
      const untilExpiry = actor.expiresAt
        ? Math.floor((Date.parse(actor.expiresAt) - deps.clock().getTime()) / 1000)
        : SESSION_SECONDS;
      setCookie(c, SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: isHttps(c, appDeps),
        maxAge: Math.max(1, Math.min(SESSION_SECONDS, untilExpiry)),
      });
      return c.redirect(HOME[actor.role], 303);
    },
    false,
  );

  post(
    '/sign-out',
    (c) => {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/sign-in', 303);
    },
    false,
  );

  get('/my', async (c) => {
    const mine = await myBudgets(deps, ctx(c));
    const fy = ukFinancialYear(isoDateOf(deps.clock()));
    const cards = mine.items.map((b) => {
      const as =
        b.holderId === mine.personId
          ? 'holder'
          : b.broker === mine.personId
            ? 'broker'
            : 'co-holder';
      return h`<section class="card" aria-labelledby="b-${b.id}">
<h2 id="b-${b.id}">${b.streamName ?? 'Budget'}: ${longDate(b.periodStart)} to ${longDate(b.periodEnd)}</h2>
<p class="muted">${CONTROL[as][b.controlMode]}${b.status === 'closed' ? h` Closed on ${longDate(b.closedOn)}.` : ''} Reference ${b.id}.</p>
<div class="figures">
${figure(b.available, 'available to spend')}${figure(b.pending, 'waiting for approval')}${figure(b.spent, 'spent')}${figure(b.inPools, 'in pools')}${figure(b.allocated, 'allocated')}
</div>
${b.reserve && b.status === 'open' ? reserveNote(b.reserve) : ''}
<h3>Recent spends</h3>
${
  b.recentSpends.length
    ? h`<table><thead><tr><th>Date</th><th>Paid to</th><th>What for</th><th class="n">Amount</th><th>Status</th></tr></thead><tbody>
${b.recentSpends.map((s) => h`<tr><td>${longDate(s.spentOn)}</td><td>${s.provider}</td><td>${s.description}</td><td class="n">${pounds(s.amount)}</td><td class="${s.status === 'pending' ? 'warn' : ''}">${SPEND_STATUS[s.status]}</td></tr>`)}
</tbody></table>`
    : h`<p class="muted">Nothing spent yet.</p>`
}
${
  b.pools.length
    ? h`<h3>Pools</h3><table><thead><tr><th>Pool</th><th>Joined</th><th class="n">Your share</th><th></th></tr></thead><tbody>
${b.pools.map((p) => h`<tr><td>${p.name ?? p.poolId}</td><td>${longDate(p.joinedAt)}${p.leftAt ? h` (left ${longDate(p.leftAt)})` : ''}</td><td class="n">${pounds(p.share)}</td><td><a href="/v1/pools/${p.poolId}/statement.pdf">Pool statement (PDF)</a></td></tr>`)}
</tbody></table>`
    : ''
}
<p><a href="/v1/budgets/${b.id}/statement.pdf?from=${fy.from}&amp;to=${fy.to}">Statement for this financial year (PDF)</a>${
        b.periodStart !== fy.from || b.periodEnd !== fy.to
          ? h` · <a href="/v1/budgets/${b.id}/statement.pdf?from=${b.periodStart}&amp;to=${b.periodEnd}">Statement for the whole budget period (PDF)</a>`
          : ''
      }</p>
</section>`;
    });
    return page(
      c,
      'My budgets',
      h`<h1>${c.get('actor').role === 'broker' ? 'Budgets I manage' : 'My budgets'}</h1>
${cards.length ? cards : h`<p class="notice">There are no budgets in your name yet. Your coordinator or broker can tell you when one is set up.</p>`}`,
    );
  });

  get('/sparks', async (c) => {
    const allianceId = c.get('actor').allianceId;
    const [alliance, fund, work] = await Promise.all([
      getAlliance(deps, ctx(c), allianceId),
      fundSummary(deps, ctx(c), allianceId),
      workingList(deps, ctx(c), allianceId, 14),
    ]);
    const fy = ukFinancialYear(work.asOf);
    const narratives =
      work.awaitingDecision.some((a) => 'purpose' in a) || c.get('actor').role !== 'auditor';
    return page(
      c,
      'Small Sparks',
      h`<h1>Small Sparks: ${alliance.name}</h1>
${c.get('actor').role !== 'auditor' ? h`<p><a href="/sparks/applications/new">Record an application</a> · <a href="/sparks/sittings/new">Open a panel sitting</a></p>` : ''}
<p class="muted">As of ${longDate(work.asOf)}. Grants from ${pounds(alliance.grantFloor)} to ${pounds(alliance.grantCeiling)}; the person comes back within ${alliance.followUpDays} days to say what difference it made.</p>
<h2>The fund</h2>
<div class="figures">${figure(fund.available, 'available to award')}${figure(fund.committed, 'awarded, not yet paid')}${figure(fund.received, 'received')}${figure(fund.awarded, 'awarded')}${figure(fund.paid, 'paid')}${figure(fund.returned, 'handed back')}</div>
<h2>Waiting for a decision (${work.awaitingDecision.length})</h2>
${
  work.awaitingDecision.length
    ? h`<table><thead><tr><th>Received</th><th>Application</th><th class="n">Asked</th><th>Domain</th>${narratives ? h`<th>What for</th>` : ''}<th>Status</th></tr></thead><tbody>
${work.awaitingDecision.map((a) => h`<tr><td>${longDate(a.receivedOn)}<br><span class="muted">${a.waitingDays} days ago</span></td><td><a href="/sparks/applications/${a.id}">${a.id}</a><br><span class="muted">${a.applicantId}</span></td><td class="n">${pounds(a.amountAsked)}</td><td>${a.domain}</td>${narratives ? h`<td>${'purpose' in a ? a.purpose : ''}</td>` : ''}<td>${a.status}</td></tr>`)}
</tbody></table>`
    : h`<p class="muted">No applications are waiting.</p>`
}
<h2>Awarded, waiting for payment (${work.awaitingPayment.length})</h2>
${
  work.awaitingPayment.length
    ? h`<table><thead><tr><th>Awarded</th><th>Award</th><th class="n">Amount</th><th class="n">Paid</th><th class="n">Still to pay</th><th>Follow-up due</th></tr></thead><tbody>
${work.awaitingPayment.map((a) => h`<tr><td>${longDate(a.awardedOn)}</td><td><a href="/sparks/applications/${a.applicationId}">${a.id}</a></td><td class="n">${pounds(a.amount)}</td><td class="n">${pounds(a.paid)}</td><td class="n">${pounds(a.outstanding)}${c.get('actor').role === 'coordinator' ? h`<br><a href="/sparks/awards/${a.id}/payments">Pay</a>` : ''}</td><td>${longDate(a.followUp?.dueOn)}</td></tr>`)}
</tbody></table>`
    : h`<p class="muted">Every award has been paid.</p>`
}
<h2>Follow-ups due in the next 14 days or overdue (${work.followUpsDue.length})</h2>
${
  work.followUpsDue.length
    ? h`<table><thead><tr><th>Due</th><th>Award</th><th>State</th><th></th></tr></thead><tbody>
${work.followUpsDue.map((f) => h`<tr><td>${longDate(f.dueOn)}</td><td>${f.awardId}</td><td class="${f.state === 'overdue' ? 'warn' : ''}">${f.state}</td><td>${c.get('actor').role !== 'auditor' ? h`<a href="/sparks/awards/${f.awardId}/follow-up">Record that they came back</a>` : ''}</td></tr>`)}
</tbody></table>`
    : h`<p class="muted">No follow-ups are due.</p>`
}
<h2>Downloads</h2>
<ul class="links">
<li><a href="/v1/alliances/${allianceId}/statements/fund.pdf?from=${fy.from}&amp;to=${fy.to}">Fund statement for this financial year (PDF)</a></li>
<li><a href="/v1/alliances/${allianceId}/statements/grant-register.pdf?from=${fy.from}&amp;to=${fy.to}">Grant register for this financial year (PDF)</a></li>
<li><a href="/statements">Other periods and exports</a></li>
</ul>`,
    );
  });

  get('/statements', async (c) => {
    const actor = c.get('actor');
    if (actor.role === 'holder' || actor.role === 'broker') return c.redirect('/my', 303);
    const period = resolvePeriod(
      { from: c.req.query('from') || null, to: c.req.query('to') || null },
      isoDateOf(deps.clock()),
    );
    const q = `from=${period.from}&to=${period.to}`;
    const a = actor.allianceId;
    const everything = actor.role !== 'panel';
    const [budgets, pools] = everything
      ? await Promise.all([listBudgets(deps, ctx(c)), listPools(deps, ctx(c))])
      : [null, null];
    return page(
      c,
      'Statements',
      h`<h1>Statements and exports</h1>
<form method="get" action="/statements" class="card inline">
<div><label for="from">From</label><input id="from" name="from" type="date" value="${period.from}" required></div>
<div><label for="to">To</label><input id="to" name="to" type="date" value="${period.to}" required></div>
<button type="submit">Show this period</button>
</form>
<p>Period: ${longDate(period.from)} to ${longDate(period.to)}. Each statement carries a seal (the chain position and hash of the last entry it covers): compare it with <a href="/v1/ledger/verify">the chain check</a>.</p>
<h2>Small Sparks</h2>
<ul class="links">
<li><a href="/v1/alliances/${a}/statements/fund.pdf?${q}">Fund statement (PDF)</a></li>
<li><a href="/v1/alliances/${a}/statements/grant-register.pdf?${q}">Grant register (PDF)</a></li>
${everything ? h`<li><a href="/v1/alliances/${a}/grants.csv?${q}">Grant register (CSV)</a> · <a href="/v1/alliances/${a}/grants.360giving.json?${q}">360Giving data (JSON)</a></li>` : ''}
</ul>
${
  everything
    ? h`<h2>The ledger</h2>
<ul class="links">
<li><a href="/v1/ledger/trial-balance.pdf?asOf=${period.to}">Trial balance at ${longDate(period.to)} (PDF)</a></li>
<li><a href="/v1/ledger/journal.hledger">The whole journal, for hledger or ledger-cli</a></li>
</ul>
<h2>Budgets (${budgets!.items.length})</h2>
${
  budgets!.items.length
    ? h`<table><thead><tr><th>Budget</th><th>Period</th><th>Control</th><th class="n">Available</th><th></th></tr></thead><tbody>
${budgets!.items.map((b) => h`<tr><td>${b.id}<br><span class="muted">holder ${b.holderId}</span></td><td>${longDate(b.periodStart)} to ${longDate(b.periodEnd)}${b.status === 'closed' ? ' (closed)' : ''}</td><td>${b.controlMode}</td><td class="n">${pounds(b.available)}</td><td><a href="/v1/budgets/${b.id}/statement.pdf?${q}">Statement (PDF)</a> · <a href="/v1/accounts/${b.accounts.budget}/postings.csv?${q}">Postings (CSV)</a></td></tr>`)}
</tbody></table>`
    : h`<p class="muted">No budgets yet.</p>`
}
<h2>Pools (${pools!.items.length})</h2>
${
  pools!.items.length
    ? h`<table><thead><tr><th>Pool</th><th>Members</th><th>Split</th><th class="n">Balance</th><th></th></tr></thead><tbody>
${pools!.items.map((p) => h`<tr><td>${p.name}<br><span class="muted">${p.id}</span></td><td>${p.members}</td><td>${p.splitRule === 'equal' ? 'equally' : 'pro rata'}</td><td class="n">${pounds(p.balance)}</td><td><a href="/v1/pools/${p.id}/statement.pdf?${q}">Statement (PDF)</a></td></tr>`)}
</tbody></table>`
    : h`<p class="muted">No pools yet.</p>`
}`
    : ''
}`,
    );
  });

  const kit: PageKit = { deps, ctx, page, get, post };
  sittingRoutes(kit);
  applicationRoutes(kit);

  return app;
}

const CONTROL: Record<
  'holder' | 'broker' | 'co-holder',
  Record<'self' | 'joint' | 'managed', string>
> = {
  holder: {
    self: 'You hold this budget yourself.',
    joint: 'You hold this budget jointly: spends above the limit need a co-holder’s approval.',
    managed: 'A broker spends this budget on your behalf; you can see everything it does.',
  },
  broker: {
    self: 'You can see this budget.',
    joint: 'You can see this budget.',
    managed: 'You manage this budget on its holder’s behalf.',
  },
  'co-holder': {
    self: 'You can see this budget.',
    joint: 'You are a co-holder: you approve the holder’s spends above the limit.',
    managed: 'You can see this budget.',
  },
};

const SPEND_STATUS: Record<string, string> = {
  approved: 'Paid',
  pending: 'Waiting for approval',
  rejected: 'Not approved',
  withdrawn: 'Withdrawn',
};

const figure = (amount: string, label: string) =>
  h`<div class="figure"><b>${pounds(amount)}</b><span>${label}</span></div>`;

function signInForm(problem: string | null): Html {
  return h`<h1>Sign in to Kindling</h1>
${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}
<form method="post" action="/sign-in" class="card">
<p>Use the access code your coordinator gave you. It decides what you can see: your own budgets, your alliance’s Small Sparks, or its statements.</p>
<label for="token">Access code</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
<p><button type="submit">Sign in</button></p>
<p class="muted">On a shared computer, sign out when you finish. Signing in lasts at most 12 hours.</p>
</form>`;
}

function errorPage(c: PageContext, error: unknown): Response | Promise<Response> {
  const signedIn = c.get('actor')
    ? {
        role: c.get('actor').role,
        allianceId: c.get('actor').allianceId,
        nav: NAV[c.get('actor').role],
      }
    : null;
  const show = (status: 403 | 404 | 422 | 500, title: string, detail: string) =>
    c.html(
      layout(
        { title, signedIn },
        h`<h1>${title}</h1><p class="error">${detail}</p><p><a href="/">Back to the start</a></p>`,
      ),
      status,
    );
  if (error instanceof KindlingError) {
    if (error.kind === 'unauthenticated') return c.redirect('/sign-in', 303);
    if (error.kind === 'forbidden')
      return show(403, 'Not for this access code', 'Your access code does not open this page.');
    if (error.kind === 'not_found') return show(404, 'Not found', error.detail);
    if (error.kind === 'invalid') return show(422, 'Please check what you entered', error.detail);
    return show(422, error.title, error.detail);
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

/** The guaranteed minimum in words: what is kept, for what, until when, and what is free. */
function reserveNote(r: {
  protected: string;
  coreCategories: string[];
  coreProviders: string[];
  availableForAnything: string;
  releasedOn: string;
}): Html {
  const core = [
    ...r.coreCategories.map((c) => DOMAIN_TEXT[c as Domain]?.toLowerCase() ?? c),
    ...r.coreProviders,
  ].join(', ');
  return h`<p>${pounds(r.protected)} of this is kept for your core support (${core}) until ${longDate(r.releasedOn)}. ${pounds(r.availableForAnything)} can be spent on anything else.</p>`;
}
