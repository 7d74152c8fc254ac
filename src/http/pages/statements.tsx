import { listBudgets } from '../../core/budgets/budgets.js';
import { listPools } from '../../core/budgets/pools.js';
import { KindlingError } from '../../core/errors.js';
import { localDate } from '../../core/dates.js';
import { controlLabel, splitLabel } from '../../core/labels.js';
import { mayRead } from '../../core/redaction.js';
import { statementAccounts } from '../../core/statements/account-names.js';
import {
  earlier,
  resolvePeriod,
  standingOf,
  ukFinancialYear,
  type Period,
} from '../../core/statements/model.js';
import { periodPresets } from '../../core/statements/periods.js';
import { Table } from './display.js';
import { Button, DateInput, ErrorSummary, type DateParts, type FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { dateParts, partsOf, readDate, type PageContext, type PageKit } from './kit.js';

/**
 * Statements and exports of a period (by default the UK financial year): the Small Sparks ones
 * for the panel; every statement, the ledger exports and each budget's and pool's statement for
 * coordinators and auditors. The period is asked as day, month and year, as everywhere else;
 * `?from=&to=` (YYYY-MM-DD) still works, for links.
 */
export function statementsRoutes(kit: PageKit): void {
  kit.get('/statements', async (c) => {
    const actor = c.get('actor');
    if (actor.role === 'holder' || actor.role === 'broker') return c.redirect('/my', 303);
    const books = await kit.deps.store.bookDates(actor.allianceId);
    const today = localDate(kit.deps.clock(), books.timeZone);
    const errors: FieldErrors = {};
    const asked = (id: 'from' | 'to' | 'asof', what: string): string | null => {
      if (c.req.query(`${id}-day`) !== undefined || c.req.query(`${id}-year`) !== undefined) {
        const answer = readDate(dateParts(c.req.query(), id), what);
        if (answer.ok) return answer.iso;
        errors[`${id}-${answer.bad[0] ?? 'day'}`] = answer.message;
        return null;
      }
      return c.req.query(id) || null;
    };
    const from = asked('from', 'the first day of the period');
    const to = asked('to', 'the last day of the period');
    // A trial balance after today would be today's under a date that has not come.
    const asOf = earlier(asked('asof', 'the day of the trial balance') ?? today, today);
    const asOfError = errors['asof-day'] ?? errors['asof-month'] ?? errors['asof-year'];
    let period: Period = ukFinancialYear(today);
    if (!Object.keys(errors).length) {
      try {
        period = resolvePeriod({ from, to }, today);
      } catch (error) {
        if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
        errors['from-day'] = error.detail;
      }
    }
    const bad = Object.keys(errors).some((k) => !k.startsWith('asof'));
    const everything = actor.role !== 'panel';
    const statementsDeps = { ...kit.deps, statements: kit.deps.store.statements };
    const [budgets, pools, accounts, people] =
      everything && !bad
        ? await Promise.all([
            listBudgets(kit.deps, kit.ctx(c)),
            listPools(kit.deps, kit.ctx(c)),
            statementAccounts(statementsDeps, kit.ctx(c)),
            kit.deps.budgets.listPeople(actor.allianceId),
          ])
        : [null, null, null, null];
    // A holder by name and IB- reference where the reader may read names, else the reference.
    const holders = new Map(
      (people ?? []).map((p) => [
        p.id,
        p.name && mayRead(actor, 'name') ? `${p.name} (${p.reference})` : p.reference,
      ]),
    );
    const standing = standingOf(period.to, today, books.lockedThrough);
    return kit.page(
      c,
      { title: 'Statements and exports', hasErrors: Object.keys(errors).length > 0 },
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
          <p>
            <strong>
              {longDate(period.from)} to {longDate(period.to)}:{' '}
              {standing.final
                ? `final. The books are closed up to ${longDate(standing.lockedThrough)}.`
                : `to date, with figures up to ${longDate(standing.runsTo)}. The books for this period are still open.`}
            </strong>
          </p>
        )}
        {!bad && (
          <Downloads
            c={c}
            period={period}
            everything={everything}
            budgets={budgets?.items ?? []}
            pools={pools?.items ?? []}
            accounts={accounts ?? []}
            holders={holders}
            asOf={asOf}
            asOfParts={asOfError ? dateParts(c.req.query(), 'asof') : partsOf(asOf)}
            asOfError={asOfError}
          />
        )}
      </>,
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  });
}

const Downloads = (p: {
  c: PageContext;
  period: Period;
  everything: boolean;
  budgets: Awaited<ReturnType<typeof listBudgets>>['items'];
  pools: Awaited<ReturnType<typeof listPools>>['items'];
  accounts: { code: string; name: string }[];
  holders: Map<string, string>;
  asOf: string;
  asOfParts: DateParts;
  asOfError: string | undefined;
}) => {
  const q = `from=${p.period.from}&to=${p.period.to}`;
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
      {p.everything && (
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
          <h2>Account statements for this period</h2>
          <p>The bank account first: tick it against the bank's own statement.</p>
          <Table
            caption={<span class="visually-hidden">Account statements</span>}
            columns={[{ label: 'Account' }, { label: 'Statement' }, { label: 'Every posting' }]}
            rows={p.accounts.map((x) => [
              x.name,
              <a href={`${path`/v1/accounts/${x.code}/statement.pdf`}?${q}`}>
                PDF<span class="visually-hidden"> statement of {x.name}</span>
              </a>,
              <a href={`${path`/v1/accounts/${x.code}/postings.csv`}?${q}`}>
                CSV<span class="visually-hidden"> postings of {x.name}</span>
              </a>,
            ])}
          />
          <h2>Budgets ({p.budgets.length})</h2>
          {p.budgets.length ? (
            <Table
              caption={<span class="visually-hidden">Budgets</span>}
              columns={[
                { label: 'Held by' },
                { label: 'Period' },
                { label: 'Control' },
                { label: 'Available', numeric: true },
                { label: 'Statement' },
              ]}
              rows={p.budgets.map((b) => [
                p.holders.get(b.holderId) ?? 'A holder',
                `${longDate(b.periodStart)} to ${longDate(b.periodEnd)}${b.status === 'closed' ? ' (closed)' : ''}`,
                controlLabel(b.controlMode),
                pounds(b.available),
                <>
                  <a href={`${path`/v1/budgets/${b.id}/statement.pdf`}?${q}`}>PDF</a>{' '}
                  <a href={`${path`/v1/accounts/${b.accounts.budget}/postings.csv`}?${q}`}>CSV</a>
                </>,
              ])}
            />
          ) : (
            <p>No budgets yet.</p>
          )}
          <h2>Pools ({p.pools.length})</h2>
          {p.pools.length ? (
            <Table
              caption={<span class="visually-hidden">Pools</span>}
              columns={[
                { label: 'Pool' },
                { label: 'Members', numeric: true },
                { label: 'Split' },
                { label: 'Balance', numeric: true },
                { label: 'Statement' },
              ]}
              rows={p.pools.map((x) => [
                x.name,
                x.members,
                splitLabel(x.splitRule),
                pounds(x.balance),
                <a href={`${path`/v1/pools/${x.id}/statement.pdf`}?${q}`}>PDF</a>,
              ])}
            />
          ) : (
            <p>No pools yet.</p>
          )}
        </>
      )}
    </>
  );
};

/** The periods a treasurer reports on, each a link that shows its statements. */
const Presets = (p: { today: string }) => {
  const presets = periodPresets(p.today);
  const group = (g: 'year' | 'quarter' | 'month', heading: string) => (
    <>
      <h3>{heading}</h3>
      <ul class="links">
        {presets
          .filter((x) => x.group === g)
          .map((x) => (
            <li>
              <a href={`/statements?from=${x.from}&to=${x.to}`}>{x.label}</a>
            </li>
          ))}
      </ul>
    </>
  );
  return (
    <>
      {group('year', 'Financial years')}
      {group('quarter', 'Quarters of this financial year')}
      {group('month', 'Months of this financial year')}
      <h3>Or choose the dates</h3>
    </>
  );
};
