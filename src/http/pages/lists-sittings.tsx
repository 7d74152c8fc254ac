import { pageSittings, type SittingSummary } from '../../core/sparks/list-sittings.js';
import { ErrorSummary, Radios } from './form.js';
import { longDate, path } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { dates, Filters, Results } from './list-parts.js';

const DATE_NAMES = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];
const STATES = [
  { value: '', label: 'Any' },
  { value: 'open', label: 'Nothing decided yet' },
  { value: 'decided', label: 'Decisions made' },
] as const;

/** What a sitting decided, in words: "2 awarded, 1 declined, 1 deferred" or "Nothing yet". */
export function decidedWords(s: SittingSummary): string {
  const parts = [
    s.awarded && `${s.awarded} awarded`,
    s.declined && `${s.declined} declined`,
    s.deferred && `${s.deferred} deferred`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Nothing yet';
}

/**
 * Every panel sitting, latest first, a page at a time through the same paged use case as the API:
 * the day, how many sat, how many applications were heard and what was decided, with links to the
 * sitting and its minutes. Filtered by the dates held and by whether anything was decided there.
 */
export function sittingListRoutes(kit: PageKit): void {
  kit.get('/sparks/sittings', async (c: PageContext) => {
    const paging = pagingOf(c);
    const asked = c.req.query('state');
    const state = asked === 'open' || asked === 'decided' ? asked : undefined;
    const d = dates(c, 'held');
    const errors = d.errors;
    const ok = Object.keys(errors).length === 0;
    const page = ok
      ? await pageSittings(
          kit.deps,
          kit.ctx(c),
          c.get('actor').allianceId,
          {
            ...(d.from.iso ? { from: d.from.iso } : {}),
            ...(d.to.iso ? { to: d.to.iso } : {}),
            ...(state ? { state } : {}),
          },
          paging.page,
        )
      : null;
    return kit.page(
      c,
      {
        title: 'Panel sittings',
        hasErrors: !ok,
        back: { href: '/sparks', label: 'Back to Small Sparks' },
      },
      <>
        <ErrorSummary errors={errors} />
        <h1>Panel sittings</h1>
        <a class="button" href="/sparks/sittings/new">
          Open a panel sitting
        </a>
        <Filters
          c={c}
          action="/sparks/sittings"
          errors={errors}
          reference={false}
          dates={d}
          datesWhat="held"
          extra={
            <Radios
              id="state"
              legend="Decisions"
              value={state ?? ''}
              choices={STATES.map((s) => ({ value: s.value, label: s.label }))}
            />
          }
        />
        {page && (
          <Results
            what="sittings"
            base="/sparks/sittings"
            filters={filterQuery(c, ['state', ...DATE_NAMES])}
            paging={paging}
            next={page.next}
            columns={[
              { label: 'Held on' },
              { label: 'Present', numeric: true },
              { label: 'Heard', numeric: true },
              { label: 'Outcomes' },
              { label: 'Minutes' },
            ]}
            rows={page.items.map((s) => [
              <a href={path`/sparks/sittings/${s.id}`}>{longDate(s.heldOn)}</a>,
              s.members,
              s.heard,
              decidedWords(s),
              <a href={path`/sparks/sittings/${s.id}/minutes`}>
                Minutes<span class="visually-hidden"> of {longDate(s.heldOn)}</span>
              </a>,
            ])}
          />
        )}
      </>,
      ok ? 200 : 422,
    );
  });
}
