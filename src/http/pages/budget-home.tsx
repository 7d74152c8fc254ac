import { controlLabel } from '../../core/labels.js';
import { coordinatorOnly, personOption } from './budget-forms.js';
import {
  BUDGET_FILTERS,
  BudgetFilters,
  budgetPage,
  streamNames,
  budgetQuery,
  STATUS_TEXT,
} from './budget-paging.js';
import { budgetPersonRoutes } from './budget-person-pages.js';
import { path, pounds } from './format.js';
import type { PageKit } from './kit.js';
import { NextLinks } from './layout.js';
import { filterQuery } from './list-paging.js';
import { Results } from './list-parts.js';

/**
 * The coordinator's start for individual budgets: the jobs (register a person, create a stream, a
 * budget, a pool), a way into each list, and last (a page of 25 is long on a phone) the budgets a
 * page at a time, searched by the holder's IB- reference and filtered by status, as GET
 * /v1/budgets pages them. People are found through their own paged list: the home never reads
 * everyone on file.
 */
export function budgetHomeRoutes(kit: PageKit): void {
  homePage(kit);
  budgetPersonRoutes(kit);
}

const JOBS = [
  { href: '/budgets/people/new', label: 'Register a person' },
  { href: '/budgets/streams/new', label: 'Create a funding stream' },
  { href: '/budgets/new', label: 'Create a budget' },
  { href: '/budgets/pools/new', label: 'Create a pool' },
];

function homePage(kit: PageKit): void {
  kit.get('/budgets', async (c) => {
    coordinatorOnly(c, 'manage budgets');
    const q = budgetQuery(c);
    const { page, holders } = await budgetPage(kit, c, q);
    const streamName = await streamNames(kit, c, page.items);
    return kit.page(
      c,
      { title: 'Individual budgets' },
      <>
        <h1>Individual budgets</h1>
        <NextLinks heading="Jobs" links={JOBS} />
        <h2>Funding streams</h2>
        <ul class="links">
          <li>
            <a href="/budgets/lists/streams">Find a funding stream and what it has to allocate</a>
          </li>
        </ul>
        <h2>Pools</h2>
        <ul class="links">
          <li>
            <a href="/budgets/lists/pools">Find a pool and what it holds</a>
          </li>
        </ul>
        <h2>People</h2>
        <ul class="links">
          <li>
            <a href="/budgets/lists/people">Search everyone by reference</a>
          </li>
        </ul>
        <h2>Budgets</h2>
        <BudgetFilters action="/budgets" q={q} />
        <Results
          what="budgets"
          base="/budgets"
          filters={filterQuery(c, BUDGET_FILTERS)}
          paging={q.paging}
          next={page.next}
          columns={[
            { label: 'Holder' },
            { label: 'Stream' },
            { label: 'Available', numeric: true },
            { label: 'Status' },
          ]}
          rows={page.items.map((b) => {
            const holder = holders.get(b.holderId);
            return [
              <a href={path`/budgets/${b.id}`}>
                {holder ? personOption(holder) : 'Someone no longer on file'}
              </a>,
              `${streamName.get(b.streamId) ?? 'A stream'} (${controlLabel(b.controlMode).toLowerCase()})`,
              pounds(b.available),
              STATUS_TEXT[b.status],
            ];
          })}
        />
        <ul class="links">
          <li>
            <a href="/budgets/lists/budgets">Find budgets by the dates they cover</a>
          </li>
        </ul>
      </>,
    );
  });
}
