import { filterQuery, Pagination, pagingOf } from './list-paging.js';
import { myBudgets, spendsInMonth } from '../../core/budgets/budgets.js';
import { getPool } from '../../core/budgets/pools.js';
import { spendView } from '../../core/budgets/budgets.js';
import { categoryLabel, controlLabel, splitLabel } from '../../core/labels.js';
import { spendingByCategory } from '../../core/budgets/spending.js';
import { SpendingChart } from './charts.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { ukFinancialYear } from '../../core/statements/model.js';
import { personLabel } from './budget-people.js';
import { Figures, Table } from './display.js';
import { longDate, monthName, path, pounds } from './format.js';
import type { PageKit } from './kit.js';
import { StatusTag } from './spend-view.js';

type Role = 'holder' | 'co_holder' | 'broker';
type Waiting = ReturnType<typeof spendView>;
type Budget = Awaited<ReturnType<typeof myBudgets>>['items'][number];
type Spend = Budget['recentSpends'][number];

/** "5%" or "2.5%" from basis points, without floats. */
const percent = (basisPoints: number) =>
  `${Math.floor(basisPoints / 100)}${
    basisPoints % 100
      ? `.${String(basisPoints % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
      : ''
  }%`;

/** Every month from the first to the last, as YYYY-MM, latest first. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const end = last.slice(0, 7);
  for (let guard = 0; guard < 120; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    out.unshift(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * A holder's own budgets (or the ones a broker manages), for a phone: what is available first,
 * then the spends of the chosen month as a list to open (those waiting for approval marked),
 * what each pool bought and their part of it, and the brokerage top-slice explained.
 */
export function myRoutes(kit: PageKit): void {
  kit.get('/my', async (c) => {
    // Each budget is a card of several reads, so a page holds five of them.
    const paging = pagingOf(c);
    const mine = await myBudgets(kit.deps, kit.ctx(c), { ...paging.page, limit: 5 });
    const today = isoDateOf(kit.deps.clock());
    const fy = ukFinancialYear(today);
    const chosen = /^\d{4}-\d{2}$/.test(c.req.query('month') ?? '') ? c.req.query('month')! : null;
    const first = [today, ...mine.items.map((b) => b.periodStart)].sort()[0]!;
    const months = monthsBetween(first, today);
    const sections = [];
    for (const b of mine.items) {
      const spends = chosen
        ? await spendsInMonth(kit.deps, kit.ctx(c), b.id, chosen)
        : b.recentSpends;
      const pools = await Promise.all(b.pools.map((p) => getPool(kit.deps, kit.ctx(c), p.poolId)));
      const spending = await spendingByCategory(kit.deps, kit.ctx(c), b.id, {
        from: b.periodStart,
        to: b.periodEnd < today ? b.periodEnd : today,
      });
      const as: Role =
        b.holderId === mine.personId
          ? 'holder'
          : b.broker === mine.personId
            ? 'broker'
            : 'co_holder';
      // Spends waiting for a second person, oldest first, read through the same view as the API.
      const waiting = (await kit.deps.budgets.spendsWaitingAt(b.id, today)).map((s) =>
        spendView(s, c.get('actor')),
      );
      const holder = as === 'holder' ? null : await personLabel(kit, b.holderId);
      sections.push(
        <BudgetCard
          b={b}
          spends={spends}
          pools={pools}
          spending={spending}
          month={chosen}
          fy={fy}
          as={as}
          holder={holder}
          waiting={waiting}
        />,
      );
    }
    const broker = c.get('actor').role === 'broker';
    return kit.page(
      c,
      { title: broker ? 'Budgets I manage' : 'My budgets' },
      <>
        <h1>{broker ? 'Budgets I manage' : 'My budgets'}</h1>
        {mine.items.length > 0 && (
          <form method="get" action="/my" class="form-group">
            <label class="label" for="month">
              Show spends from
            </label>
            <select class="select" id="month" name="month">
              <option value="">The latest</option>
              {months.map((m) => (
                <option value={m} selected={m === chosen}>
                  {monthName(m)}
                </option>
              ))}
            </select>
            <button type="submit" class="button button--secondary">
              Show these spends
            </button>
          </form>
        )}
        {sections.length ? (
          <>
            {sections}
            <Pagination
              base="/my"
              filters={filterQuery(c, ['month'])}
              paging={paging}
              next={mine.next}
              what="budgets"
            />
          </>
        ) : (
          <p>
            There are no budgets in your name yet. Your coordinator or broker can tell you when one
            is set up.
          </p>
        )}
      </>,
    );
  });
}

/** The guaranteed minimum in words: what is kept, for what, until when, and what is free. */
const ReserveNote = ({ r }: { r: NonNullable<Budget['reserve']> }) => {
  const core = [
    ...r.coreCategories.map((c) => categoryLabel(c).toLowerCase()),
    ...r.coreProviders,
  ].join(', ');
  return (
    <p>
      {pounds(r.protected)} of this is kept for your core support ({core}) until{' '}
      {longDate(r.releasedOn)}. {pounds(r.availableForAnything)} can be spent on anything else.
    </p>
  );
};

const BudgetCard = (p: {
  b: Budget;
  spends: Spend[];
  pools: Awaited<ReturnType<typeof getPool>>[];
  spending: Awaited<ReturnType<typeof spendingByCategory>>;
  month: string | null;
  fy: { from: string; to: string };
  as: Role;
  holder: string | null;
  waiting: Waiting[];
}) => {
  const { b } = p;
  const id = `budget-${b.id}`;
  const statement = (from: string, to: string) =>
    `${path`/v1/budgets/${b.id}/statement.pdf`}?from=${from}&to=${to}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 class="card__title" id={id}>
        {b.streamName ?? 'Budget'}: {longDate(b.periodStart)} to {longDate(b.periodEnd)}
      </h2>
      <div class="card__body">
        {p.holder && (
          <p>
            {p.as === 'broker' ? 'You manage this budget for' : 'You share control with'}{' '}
            <strong>{p.holder}</strong>, who holds it.
          </p>
        )}
        <Figures
          items={[
            { amount: pounds(b.available), label: 'available to spend', lead: true },
            { amount: pounds(b.pending), label: 'waiting for approval' },
            { amount: pounds(b.spent), label: 'spent' },
            { amount: pounds(b.inPools), label: 'in pools' },
            { amount: pounds(b.allocated), label: 'allocated' },
          ]}
        />
        {b.reserve && b.status === 'open' && <ReserveNote r={b.reserve} />}
        {p.spending.length > 0 && <h3>Where the money went in this budget period</h3>}
        <SpendingChart spending={p.spending} />
        <p class="muted">
          {controlLabel(b.controlMode)}.
          {b.status === 'closed' && ` Closed on ${longDate(b.closedOn)}.`}
        </p>
        <Actions b={b} as={p.as} waiting={p.waiting} />
        {b.topSliceBasisPoints > 0 && (
          <p>
            Before money reaches this budget, {percent(b.topSliceBasisPoints)} of each allocation
            pays for the brokerage service that helps plan and buy support (the top-slice). The
            amount allocated above is what is left for {p.as === 'holder' ? 'you' : 'the holder'}{' '}
            after it.
          </p>
        )}
        <h3>{p.month ? `Spends in ${monthName(p.month)}` : 'Latest spends'}</h3>
        {p.spends.length ? (
          <ul class="links">
            {p.spends.map((s) => (
              <li>
                <a href={path`/my/spends/${s.id}`}>
                  {longDate(s.spentOn)}: {pounds(s.amount)} to {s.provider}
                  {s.description ? `, ${s.description}` : ''}
                </a>{' '}
                {s.status !== 'approved' && <StatusTag status={s.status} />}
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing spent {p.month ? `in ${monthName(p.month)}` : 'yet'}.</p>
        )}
        {p.pools.map((pool) => {
          const share = b.pools.find((x) => x.poolId === pool.id);
          return (
            <>
              <h3>Pool: {pool.name}</h3>
              <p>
                {p.as === 'holder' ? 'Your' : 'This budget’s'} share{' '}
                {pounds(share?.share ?? '0.00')}. {splitLabel(pool.splitRule)}.
              </p>
              {pool.purchases.length ? (
                <Table
                  caption={`What ${pool.name} bought`}
                  columns={[
                    { label: 'Date' },
                    { label: 'From' },
                    { label: 'Cost', numeric: true },
                    {
                      label: p.as === 'holder' ? 'Your part' : 'This budget’s part',
                      numeric: true,
                    },
                  ]}
                  rows={pool.purchases.map((x) => [
                    longDate(x.boughtOn),
                    `${x.provider}${x.description ? `: ${x.description}` : ''}`,
                    pounds(x.amount),
                    pounds(x.charges.find((ch) => ch.budgetId === b.id)?.amount ?? '0.00'),
                  ])}
                />
              ) : (
                <p>The pool has bought nothing yet.</p>
              )}
              <ul class="links">
                {p.as !== 'co_holder' && (
                  <li>
                    <a href={path`/my/pools/${pool.id}?budget=${b.id}`}>
                      Open {pool.name}: add money, buy or leave
                    </a>
                  </li>
                )}
                <li>
                  <a href={path`/v1/pools/${pool.id}/statement.pdf`}>Pool statement (PDF)</a>
                </li>
              </ul>
            </>
          );
        })}
        <ul class="links">
          <li>
            <a href={statement(p.fy.from, p.fy.to)}>Statement for this financial year (PDF)</a>
          </li>
          {(b.periodStart !== p.fy.from || b.periodEnd !== p.fy.to) && (
            <li>
              <a href={statement(b.periodStart, b.periodEnd)}>
                Statement for the whole budget period (PDF)
              </a>
            </li>
          )}
        </ul>
      </div>
    </section>
  );
};

/**
 * What the reader can do with this budget now: ask to spend (the holder, or the broker of a
 * managed budget), approve or reject what waits (a co-holder of a joint budget), withdraw what
 * they asked for, or join a pool.
 */
const Actions = (p: { b: Budget; as: Role; waiting: Waiting[] }) => {
  const { b } = p;
  const spender = b.controlMode === 'managed' ? p.as === 'broker' : p.as === 'holder';
  const open = b.status === 'open';
  return (
    <>
      {p.waiting.length > 0 && (
        <>
          <h3>{p.as === 'co_holder' ? 'Waiting for your approval' : 'Waiting for approval'}</h3>
          <ul class="links">
            {p.waiting.map((s) => (
              <li>
                <a href={path`/my/spends/${s.id}`}>
                  {p.as === 'co_holder' ? 'Approve or reject ' : 'See or withdraw '}
                  {pounds(s.amount)}
                  {'provider' in s ? ` to ${s.provider}` : ''}
                  {'description' in s && s.description ? `, ${s.description}` : ''}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.as === 'co_holder' && p.waiting.length === 0 && (
        <p>Nothing is waiting for your approval on this budget.</p>
      )}
      {open && (spender || p.as === 'holder') && (
        <ul class="links">
          {spender && (
            <li>
              <a href={path`/my/budgets/${b.id}/spends/new`}>Ask to spend from this budget</a>
            </li>
          )}
          {spender && (
            <li>
              <a href={path`/my/budgets/${b.id}/pools`}>Join a pool with this budget</a>
            </li>
          )}
        </ul>
      )}
    </>
  );
};
