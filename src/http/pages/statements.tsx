import { listBudgets } from '../../core/budgets/budgets.js';
import { listPools } from '../../core/budgets/pools.js';
import { KindlingError } from '../../core/errors.js';
import { controlLabel, splitLabel } from '../../core/labels.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { resolvePeriod, ukFinancialYear, type Period } from '../../core/statements/model.js';
import { Table } from './display.js';
import { Button, DateInput, ErrorSummary, type FieldErrors } from './form.js';
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
    const today = isoDateOf(kit.deps.clock());
    const errors: FieldErrors = {};
    const asked = (id: 'from' | 'to', what: string): string | null => {
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
    let period: Period = ukFinancialYear(today);
    if (!Object.keys(errors).length) {
      try {
        period = resolvePeriod({ from, to }, today);
      } catch (error) {
        if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
        errors['from-day'] = error.detail;
      }
    }
    const bad = Object.keys(errors).length > 0;
    const everything = actor.role !== 'panel';
    const [budgets, pools] =
      everything && !bad
        ? await Promise.all([listBudgets(kit.deps, kit.ctx(c)), listPools(kit.deps, kit.ctx(c))])
        : [null, null];
    return kit.page(
      c,
      { title: 'Statements and exports', hasErrors: bad },
      <>
        <ErrorSummary errors={errors} />
        <h1>Statements and exports</h1>
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
          <Downloads
            c={c}
            period={period}
            everything={everything}
            budgets={budgets?.items ?? []}
            pools={pools?.items ?? []}
          />
        )}
      </>,
      bad ? 422 : 200,
    );
  });
}

const Downloads = (p: {
  c: PageContext;
  period: Period;
  everything: boolean;
  budgets: Awaited<ReturnType<typeof listBudgets>>['items'];
  pools: Awaited<ReturnType<typeof listPools>>['items'];
}) => {
  const q = `from=${p.period.from}&to=${p.period.to}`;
  const a = `/v1/alliances/${encodeURIComponent(p.c.get('actor').allianceId)}`;
  return (
    <>
      <p>
        {longDate(p.period.from)} to {longDate(p.period.to)}. Each statement carries a seal (the
        chain position and hash of the last entry it covers): compare it with{' '}
        <a href="/v1/ledger/verify">the chain check</a>.
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
              <a href={`${a}/grants.360giving.json?${q}`}>360Giving data (JSON)</a>
            </li>
          </>
        )}
      </ul>
      {p.everything && (
        <>
          <h2>The ledger</h2>
          <ul class="links">
            <li>
              <a href={`/v1/ledger/trial-balance.pdf?asOf=${p.period.to}`}>
                Trial balance at {longDate(p.period.to)} (PDF)
              </a>
            </li>
            <li>
              <a href="/v1/ledger/journal.hledger">The whole journal, for hledger or ledger-cli</a>
            </li>
          </ul>
          <h2>Budgets ({p.budgets.length})</h2>
          {p.budgets.length ? (
            <Table
              caption={<span class="visually-hidden">Budgets</span>}
              columns={[
                { label: 'Period' },
                { label: 'Control' },
                { label: 'Available', numeric: true },
                { label: 'Statement' },
              ]}
              rows={p.budgets.map((b) => [
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
