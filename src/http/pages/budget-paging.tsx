import { listBudgets } from '../../core/budgets/budgets.js';
import type { BudgetFilter } from '../../core/budgets/store.js';
import type { Person } from '../../core/budgets/model.js';
import { Button, Radios, TextField } from './form.js';
import type { PageContext, PageKit } from './kit.js';
import { pagingOf, type Paging } from './list-paging.js';

/**
 * One page of budgets for the pages that list them with something to do on each (the budgets
 * home, the budget statements of a period): the holder's IB- reference and the status, asked as
 * GET filters, read through the same keyset use case as GET /v1/budgets, and only the holders of
 * the rows shown. Whatever the number of budgets, a page costs the same few reads.
 */
export const BUDGET_FILTERS = ['reference', 'status'] as const;
export const STATUS_TEXT = { open: 'Open', closed: 'Closed' } as const;

export interface BudgetQuery {
  paging: Paging;
  reference: string | undefined;
  status: 'open' | 'closed' | undefined;
}

export function budgetQuery(c: PageContext): BudgetQuery {
  const reference = c.req.query('reference')?.trim().toUpperCase().slice(0, 40) || undefined;
  const asked = c.req.query('status');
  const status = asked === 'open' || asked === 'closed' ? asked : undefined;
  return { paging: pagingOf(c), reference, status };
}

/** The page of budgets asked for, and their holders (of this alliance) by id, in one read each. */
export async function budgetPage(kit: PageKit, c: PageContext, q: BudgetQuery) {
  const filter: BudgetFilter = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.reference ? { reference: q.reference } : {}),
  };
  const page = await listBudgets(kit.deps, kit.ctx(c), { filter, page: q.paging.page });
  const allianceId = c.get('actor').allianceId;
  const holders = (await kit.deps.budgets.getPeople(page.items.map((b) => b.holderId))).filter(
    (p) => p.allianceId === allianceId,
  );
  return { page, holders: new Map<string, Person>(holders.map((p) => [p.id, p])) };
}

/** The names of the streams of the budgets listed, in one read: never every stream. */
export async function streamNames(
  kit: PageKit,
  c: PageContext,
  budgets: readonly { streamId: string }[],
): Promise<Map<string, string>> {
  const streams = await kit.deps.budgets.getStreams(budgets.map((b) => b.streamId));
  const allianceId = c.get('actor').allianceId;
  return new Map(streams.filter((s) => s.allianceId === allianceId).map((s) => [s.id, s.name]));
}

/**
 * The filters as a GET form, closed until used (so on a phone the rows come first) and open while
 * a filter is in force. `keep` rides along unchanged: the period of the statements asked for.
 */
export function BudgetFilters(p: { action: string; q: BudgetQuery; keep?: [string, string][] }) {
  return (
    <details class="details" open={Boolean(p.q.reference || p.q.status)}>
      <summary class="details__summary">Search and filter</summary>
      <div class="details__text">
        <form method="get" action={p.action} novalidate>
          {(p.keep ?? []).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <TextField
            id="reference"
            label="Holder’s reference"
            hint="All of it or how it starts, for example IB-7KQ2"
            value={p.q.reference}
            width="w20"
            spellcheck={false}
          />
          <Radios
            id="status"
            legend="Status"
            value={p.q.status ?? ''}
            choices={[
              { value: '', label: 'Any' },
              { value: 'open', label: STATUS_TEXT.open },
              { value: 'closed', label: STATUS_TEXT.closed },
            ]}
          />
          <div class="button-group">
            <Button secondary>Show</Button>
            <a href={clearHref(p.action, p.keep)}>Clear the filters</a>
          </div>
        </form>
      </div>
    </details>
  );
}

const clearHref = (action: string, keep: [string, string][] = []) =>
  keep.length ? `${action}?${new URLSearchParams(keep)}` : action;
