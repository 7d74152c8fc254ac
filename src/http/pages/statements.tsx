import { localDate } from '../../core/dates.js';
import { firstStatementAccounts } from '../../core/statements/account-names.js';
import { standingOf, type Period } from '../../core/statements/model.js';
import { Table } from './display.js';
import { Button, DateInput, ErrorSummary, type DateParts } from './form.js';
import { longDate, path } from './format.js';
import { dateParts, partsOf, type PageContext, type PageKit } from './kit.js';
import { askedDates, Presets } from './statements-period.js';
import { statementListRoutes } from './statements-lists.js';

/**
 * Statements and exports of a period (by default the UK financial year): the Small Sparks ones
 * for the panel; every statement, the ledger exports and the way to each account's, budget's and
 * pool's statement for coordinators and auditors. Those three lists grow with the alliance, so
 * each has a paged page of its own (statements-lists.tsx); this page reads a fixed few rows. The
 * period is asked as day, month and year, as everywhere else; `?from=&to=` (YYYY-MM-DD) still
 * works, for links.
 */
export function statementsRoutes(kit: PageKit): void {
  statementsHome(kit);
  statementListRoutes(kit);
}

function statementsHome(kit: PageKit): void {
  kit.get('/statements', async (c) => {
    const actor = c.get('actor');
    if (actor.role === 'holder' || actor.role === 'broker') return c.redirect('/my', 303);
    const books = await kit.deps.store.bookDates(actor.allianceId);
    const today = localDate(kit.deps.clock(), books.timeZone);
    const { errors, period, asOf, asOfError, bad } = askedDates(c, today);
    const everything = actor.role !== 'panel';
    const statementsDeps = { ...kit.deps, statements: kit.deps.store.statements };
    const accounts =
      everything && !bad ? await firstStatementAccounts(statementsDeps, kit.ctx(c)) : [];
    const standing = standingOf(period.to, today, books.lockedThrough);
    const failed = Object.keys(errors).length > 0;
    return kit.page(
      c,
      { title: 'Statements and exports', hasErrors: failed },
      <>
        <ErrorSummary errors={errors} />
        <h1>Statements and exports</h1>
        <h2>Choose a period</h2>
        <Presets today={today} />
        <form method="get" action="/statements" novalidate>
          <DateInput
            id="from"
            legend="From"
            value={bad ? dateParts(c.req.query(), 'from') : partsOf(period.from)}
            error={errors['from-day'] ?? errors['from-month'] ?? errors['from-year']}
          />
          <DateInput
            id="to"
            legend="To"
            value={bad ? dateParts(c.req.query(), 'to') : partsOf(period.to)}
            error={errors['to-day'] ?? errors['to-month'] ?? errors['to-year']}
          />
          <Button secondary>Show this period</Button>
        </form>
        {!bad && (
          <>
            <p>
              <strong>
                {longDate(period.from)} to {longDate(period.to)}:{' '}
                {standing.final
                  ? `final. The books are closed up to ${longDate(standing.lockedThrough)}.`
                  : `to date, with figures up to ${longDate(standing.runsTo)}. The books for this period are still open.`}
              </strong>
            </p>
            <SparksLinks c={c} period={period} everything={everything} />
            {everything && (
              <LedgerLinks
                period={period}
                accounts={accounts}
                asOf={asOf}
                asOfParts={asOfError ? dateParts(c.req.query(), 'asof') : partsOf(asOf)}
                asOfError={asOfError}
              />
            )}
          </>
        )}
      </>,
      failed ? 422 : 200,
    );
  });
}

const periodQuery = (period: Period) => `from=${period.from}&to=${period.to}`;

const SparksLinks = (p: { c: PageContext; period: Period; everything: boolean }) => {
  const q = periodQuery(p.period);
  const a = `/v1/alliances/${encodeURIComponent(p.c.get('actor').allianceId)}`;
  return (
    <>
      <p>
        {longDate(p.period.from)} to {longDate(p.period.to)}. Each statement carries a seal (the
        chain position and hash of the last entry it covers): compare it with{' '}
        <a href="/ledger/check">the chain check</a>.
      </p>
      <h2>Small Sparks</h2>
      <ul class="links">
        <li>
          <a href={`${a}/statements/fund.pdf?${q}`}>Fund statement (PDF)</a>
        </li>
        <li>
          <a href={`${a}/statements/grant-register.pdf?${q}`}>Grant register (PDF)</a>
        </li>
        {p.everything && (
          <>
            <li>
              <a href={`${a}/grants.csv?${q}`}>Grant register (CSV)</a>
            </li>
            <li>
              <a href={`${a}/grants.360giving.json?${q}`} download>
                360Giving data (JSON download)
              </a>
            </li>
          </>
        )}
      </ul>
    </>
  );
};

const LedgerLinks = (p: {
  period: Period;
  accounts: { code: string; name: string }[];
  asOf: string;
  asOfParts: DateParts;
  asOfError: string | undefined;
}) => {
  const q = periodQuery(p.period);
  return (
    <>
      <h2>The ledger</h2>
      <ul class="links">
        <li>
          <a href="/ledger/check">Check the books are intact (the chain check)</a>
        </li>
        <li>
          <a href={`/reports/commissioners?${q}`}>The commissioners’ report of this period</a>
        </li>
        <li>
          <a href={`/v1/ledger/journal.hledger?${q}`}>
            The journal of this period, for hledger or ledger-cli
          </a>
        </li>
        <li>
          <a href="/v1/ledger/journal.hledger">The whole journal, every entry</a>
        </li>
      </ul>
      <h2>Trial balance</h2>
      <ul class="links">
        <li>
          <a href={`/v1/ledger/trial-balance.pdf?asOf=${p.asOf}`}>
            Trial balance at the end of {longDate(p.asOf)} (PDF)
          </a>
        </li>
      </ul>
      <form method="get" action="/statements" novalidate>
        <input type="hidden" name="from" value={p.period.from} />
        <input type="hidden" name="to" value={p.period.to} />
        <DateInput
          id="asof"
          legend="Trial balance at another date"
          value={p.asOfParts}
          error={p.asOfError}
        />
        <Button secondary>Show this date</Button>
      </form>
      <AccountLinks q={q} accounts={p.accounts} />
    </>
  );
};

/** The bank and the fund here; every other account, budget and pool on its own paged page. */
const AccountLinks = (p: { q: string; accounts: { code: string; name: string }[] }) => (
  <>
    <h2>Account statements for this period</h2>
    <p>The bank account first: tick it against the bank's own statement.</p>
    {p.accounts.length > 0 && (
      <Table
        caption={<span class="visually-hidden">Account statements</span>}
        columns={[{ label: 'Account' }, { label: 'Statement' }, { label: 'Every posting' }]}
        rows={p.accounts.map((x) => [
          x.name,
          <a href={`${path`/v1/accounts/${x.code}/statement.pdf`}?${p.q}`}>
            PDF<span class="visually-hidden"> statement of {x.name}</span>
          </a>,
          <a href={`${path`/v1/accounts/${x.code}/postings.csv`}?${p.q}`}>
            CSV<span class="visually-hidden"> postings of {x.name}</span>
          </a>,
        ])}
      />
    )}
    <ul class="links">
      <li>
        <a href={`/statements/accounts?${p.q}`}>Every account’s statement for this period</a>
      </li>
      <li>
        <a href={`/statements/budgets?${p.q}`}>Each budget’s statement for this period</a>
      </li>
      <li>
        <a href={`/statements/pools?${p.q}`}>Each pool’s statement for this period</a>
      </li>
    </ul>
  </>
);
