import { listBudgets } from '../../core/budgets/budgets.js';
import type { BudgetFilter } from '../../core/budgets/store.js';
import type { PersonKind } from '../../core/budgets/model.js';
import { controlLabel, initialsOf } from '../../core/labels.js';
import { listPeople } from '../../core/budgets/setup.js';
import { streamNames } from './budget-paging.js';
import { ErrorSummary, Radios } from './form.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { dates, Filters, Results } from './list-parts.js';

const DATE_NAMES = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];
const STATUS_TEXT = { open: 'Open', closed: 'Closed' } as const;
const KINDS: Record<PersonKind, string> = {
  holder: 'Budget holder',
  supporter: 'Supporter (may co-hold)',
  broker: 'Broker',
};

async function budgetList(kit: PageKit, c: PageContext) {
  const paging = pagingOf(c);
  const reference = c.req.query('reference')?.trim().toUpperCase().slice(0, 40) || undefined;
  const asked = c.req.query('status');
  const status = asked === 'open' || asked === 'closed' ? asked : undefined;
  const d = dates(c, 'covered');
  const errors = d.errors;
  const ok = Object.keys(errors).length === 0;
  const filter: BudgetFilter = {
    ...(status ? { status } : {}),
    ...(d.from.iso ? { from: d.from.iso } : {}),
    ...(d.to.iso ? { to: d.to.iso } : {}),
    ...(reference ? { reference } : {}),
  };
  const auditor = c.get('actor').role === 'auditor';
  const page = ok ? await listBudgets(kit.deps, kit.ctx(c), { filter, page: paging.page }) : null;
  // Only the holders on this page, in one read; listBudgets has judged the caller already.
  const holders = await kit.deps.budgets.getPeople(page?.items.map((b) => b.holderId) ?? []);
  const allianceId = c.get('actor').allianceId;
  const who = new Map(
    holders
      .filter((p) => p.allianceId === allianceId)
      .map((p) => {
        const letters = auditor || p.erasedAt ? null : initialsOf(p.name);
        return [p.id, letters ? `${p.reference} (${letters})` : p.reference];
      }),
  );
  const streamName = await streamNames(kit, c, page?.items ?? []);
  return kit.page(
    c,
    { title: 'Budgets', hasErrors: !ok, back: { href: auditor ? '/statements' : '/budgets' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Budgets</h1>
      <Filters
        c={c}
        action="/budgets/lists/budgets"
        errors={errors}
        reference={reference}
        referenceLabel="Holder’s reference"
        referenceHint="All of it or how it starts, for example IB-7KQ2"
        dates={d}
        datesWhat="covered"
        extra={
          <Radios
            id="status"
            legend="Status"
            value={status ?? ''}
            choices={[
              { value: '', label: 'Any' },
              { value: 'open', label: STATUS_TEXT.open },
              { value: 'closed', label: STATUS_TEXT.closed },
            ]}
          />
        }
      />
      {page && (
        <Results
          what="budgets"
          base="/budgets/lists/budgets"
          filters={filterQuery(c, ['reference', 'status', ...DATE_NAMES])}
          paging={paging}
          next={page.next}
          columns={[
            { label: 'Holder' },
            { label: 'Stream' },
            { label: 'Period' },
            { label: 'Available', numeric: true },
            { label: 'Status' },
          ]}
          rows={page.items.map((b) => {
            const holder = who.get(b.holderId) ?? 'Someone no longer on file';
            return [
              auditor ? holder : <a href={path`/budgets/${b.id}`}>{holder}</a>,
              `${streamName.get(b.streamId) ?? 'A stream'} (${controlLabel(b.controlMode).toLowerCase()})`,
              `${longDate(b.periodStart)} to ${longDate(b.periodEnd)}`,
              pounds(b.available),
              STATUS_TEXT[b.status],
            ];
          })}
        />
      )}
    </>,
    ok ? 200 : 422,
  );
}

async function peopleList(kit: PageKit, c: PageContext) {
  const paging = pagingOf(c);
  const reference = c.req.query('reference')?.trim().toUpperCase().slice(0, 40) || undefined;
  const asked = c.req.query('kind');
  const kind = (Object.keys(KINDS) as PersonKind[]).find((k) => k === asked);
  const page = await listPeople(kit.deps, kit.ctx(c), {
    filter: { ...(kind ? { kind } : {}), ...(reference ? { reference } : {}) },
    page: paging.page,
  });
  const coordinator = c.get('actor').role === 'coordinator';
  return kit.page(
    c,
    { title: 'People on budgets', back: { href: coordinator ? '/budgets' : '/statements' } },
    <>
      <h1>People on budgets</h1>
      <Filters
        c={c}
        action="/budgets/lists/people"
        errors={{}}
        reference={reference}
        referenceLabel="Their reference"
        referenceHint="All of it or how it starts, for example IB-7KQ2"
        extra={
          <Radios
            id="kind"
            legend="Who they are"
            value={kind ?? ''}
            choices={[
              { value: '', label: 'Anyone' },
              ...Object.entries(KINDS).map(([value, label]) => ({ value, label })),
            ]}
          />
        }
      />
      <Results
        what="people"
        base="/budgets/lists/people"
        filters={filterQuery(c, ['reference', 'kind'])}
        paging={paging}
        next={page.next}
        columns={[{ label: 'Who' }, { label: 'Who they are' }]}
        rows={page.items.map((p) => {
          const letters = 'name' in p && !p.erased ? initialsOf(p.name) : null;
          const label = `${p.reference}${p.erased ? ' (record erased)' : letters ? ` (${letters})` : ''}`;
          return [
            coordinator ? <a href={path`/budgets/people/${p.id}`}>{label}</a> : label,
            KINDS[p.kind],
          ];
        })}
      />
    </>,
  );
}

/**
 * Every budget of the alliance, a page at a time, searched by the holder's IB- reference and
 * filtered by status and the dates it covers: the same paged use case as GET /v1/budgets.
 * Coordinators and auditors read it; auditors see references, never initials (no names).
 */
export function budgetListRoutes(kit: PageKit): void {
  kit.get('/budgets/lists/budgets', (c) => budgetList(kit, c));
  kit.get('/budgets/lists/people', (c) => peopleList(kit, c));
}
