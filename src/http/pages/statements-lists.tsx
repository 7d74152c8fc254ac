import { listPools } from '../../core/budgets/pools.js';
import { localDate } from '../../core/dates.js';
import { controlLabel, splitLabel } from '../../core/labels.js';
import { mayRead } from '../../core/redaction.js';
import { statementAccountsPage } from '../../core/statements/account-names.js';
import { resolvePeriod, type Period } from '../../core/statements/model.js';
import { BUDGET_FILTERS, BudgetFilters, budgetPage, budgetQuery } from './budget-paging.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { Results } from './list-parts.js';

/**
 * The statements of a period for each account, budget and pool, for coordinators and auditors.
 * An alliance has an account for every award and budget it ever made, so each list is read a
 * keyset page at a time (25), with Previous and Next links that keep the period; the budgets
 * are searched by the holder's IB- reference and filtered by status.
 */
export function statementListRoutes(kit: PageKit): void {
  accountList(kit);
  budgetList(kit);
  poolList(kit);
}

/** The period of the statements page that links here (`?from=&to=`), by default this year. */
async function periodOf(kit: PageKit, c: PageContext) {
  const books = await kit.deps.store.bookDates(c.get('actor').allianceId);
  const today = localDate(kit.deps.clock(), books.timeZone);
  const period = resolvePeriod(
    { from: c.req.query('from') || null, to: c.req.query('to') || null },
    today,
  );
  const keep: [string, string][] = [
    ['from', period.from],
    ['to', period.to],
  ];
  return { period, keep, q: `from=${period.from}&to=${period.to}` };
}

const heading = (period: Period) => (
  <p>
    {longDate(period.from)} to {longDate(period.to)}.
  </p>
);

function accountList(kit: PageKit): void {
  kit.get('/statements/accounts', async (c) => {
    const { period, keep, q } = await periodOf(kit, c);
    const paging = pagingOf(c);
    const deps = { ...kit.deps, statements: kit.deps.store.statements };
    const page = await statementAccountsPage(deps, kit.ctx(c), paging.page);
    return kit.page(
      c,
      { title: 'Account statements', back: { href: `/statements?${q}` } },
      <>
        <h1>Account statements</h1>
        {heading(period)}
        <Results
          what="accounts"
          base="/statements/accounts"
          filters={keep}
          paging={paging}
          next={page.next}
          columns={[{ label: 'Account' }, { label: 'Statement' }, { label: 'Every posting' }]}
          rows={page.items.map((x) => [
            x.name,
            <a href={`${path`/v1/accounts/${x.code}/statement.pdf`}?${q}`}>
              PDF<span class="visually-hidden"> statement of {x.name}</span>
            </a>,
            <a href={`${path`/v1/accounts/${x.code}/postings.csv`}?${q}`}>
              CSV<span class="visually-hidden"> postings of {x.name}</span>
            </a>,
          ])}
        />
      </>,
    );
  });
}

function budgetList(kit: PageKit): void {
  kit.get('/statements/budgets', async (c) => {
    const { period, keep, q } = await periodOf(kit, c);
    const asked = budgetQuery(c);
    const { page, holders } = await budgetPage(kit, c, asked);
    const names = mayRead(c.get('actor'), 'name');
    // A holder by name and IB- reference where the reader may read names, else the reference.
    const holder = (id: string) => {
      const p = holders.get(id);
      if (!p) return 'A holder';
      return p.name && names && !p.erasedAt ? `${p.name} (${p.reference})` : p.reference;
    };
    return kit.page(
      c,
      { title: 'Budget statements', back: { href: `/statements?${q}` } },
      <>
        <h1>Budget statements</h1>
        {heading(period)}
        <BudgetFilters action="/statements/budgets" q={asked} keep={keep} />
        <Results
          what="budgets"
          base="/statements/budgets"
          filters={[...keep, ...filterQuery(c, BUDGET_FILTERS)]}
          paging={asked.paging}
          next={page.next}
          columns={[
            { label: 'Held by' },
            { label: 'Period' },
            { label: 'Control' },
            { label: 'Available', numeric: true },
            { label: 'Statement' },
          ]}
          rows={page.items.map((b) => [
            holder(b.holderId),
            `${longDate(b.periodStart)} to ${longDate(b.periodEnd)}${b.status === 'closed' ? ' (closed)' : ''}`,
            controlLabel(b.controlMode),
            pounds(b.available),
            <>
              <a href={`${path`/v1/budgets/${b.id}/statement.pdf`}?${q}`}>
                PDF<span class="visually-hidden"> statement of {holder(b.holderId)}’s budget</span>
              </a>{' '}
              <a href={`${path`/v1/accounts/${b.accounts.budget}/postings.csv`}?${q}`}>
                CSV<span class="visually-hidden"> postings of {holder(b.holderId)}’s budget</span>
              </a>
            </>,
          ])}
        />
      </>,
    );
  });
}

function poolList(kit: PageKit): void {
  kit.get('/statements/pools', async (c) => {
    const { period, keep, q } = await periodOf(kit, c);
    const paging = pagingOf(c);
    const page = await listPools(kit.deps, kit.ctx(c), { page: paging.page });
    return kit.page(
      c,
      { title: 'Pool statements', back: { href: `/statements?${q}` } },
      <>
        <h1>Pool statements</h1>
        {heading(period)}
        <Results
          what="pools"
          base="/statements/pools"
          filters={keep}
          paging={paging}
          next={page.next}
          columns={[
            { label: 'Pool' },
            { label: 'Members', numeric: true },
            { label: 'Split' },
            { label: 'Balance', numeric: true },
            { label: 'Statement' },
          ]}
          rows={page.items.map((x) => [
            x.name,
            x.members,
            splitLabel(x.splitRule),
            pounds(x.balance),
            <a href={`${path`/v1/pools/${x.id}/statement.pdf`}?${q}`}>
              PDF<span class="visually-hidden"> statement of {x.name}</span>
            </a>,
          ])}
        />
      </>,
    );
  });
}
