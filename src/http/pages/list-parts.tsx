import type { Child } from 'hono/jsx';
import { Table } from './display.js';
import { Button, DateInput, TextField, type FieldErrors } from './form.js';
import type { PageContext } from './kit.js';
import { dateFilter, Pagination, type Paging } from './list-paging.js';

/** The parts every list page shares: its filters as a GET form, its rows and its page links. */

/** Whether any filter is asked for (anything in the query but the page's place). */
const filtered = (c: PageContext) =>
  Object.entries(c.req.query()).some(([k, v]) => k !== 'after' && k !== 'prev' && v.trim() !== '');

/** From and to dates, checked, with their errors for the summary. */
export function dates(c: PageContext, what: string) {
  const from = dateFilter(c, 'from', `the first date ${what}`);
  const to = dateFilter(c, 'to', `the last date ${what}`);
  const errors: FieldErrors = {};
  if (from.error) errors['from-day'] = from.error;
  if (to.error) errors['to-day'] = to.error;
  if (from.iso && to.iso && to.iso < from.iso)
    errors['to-day'] = `The last date ${what} must be the same as or after the first`;
  return { from, to, errors };
}

/** The GET form of a list's filters: what was asked stays in the boxes. */
export function Filters(p: {
  c: PageContext;
  action: string;
  errors: FieldErrors;
  /** What was typed in the reference box; `false` for a list with no reference to search by. */
  reference: string | undefined | false;
  /** The reference's label ("Applicant reference") and an example of its start. */
  referenceLabel?: string;
  referenceHint?: string;
  dates?: ReturnType<typeof dates>;
  datesWhat?: string;
  extra?: Child;
}) {
  return (
    // Closed until used, so on a phone the rows come first; open while filters are in force.
    <details class="details" open={filtered(p.c) || Object.keys(p.errors).length > 0}>
      <summary class="details__summary">Search and filter</summary>
      <div class="details__text">
        <form method="get" action={p.action} novalidate>
          {p.reference !== false && (
            <TextField
              id="reference"
              label={p.referenceLabel ?? 'Applicant reference'}
              hint={p.referenceHint ?? 'All of it or how it starts, for example SP-7KQ2'}
              value={p.reference}
              width="w20"
              spellcheck={false}
            />
          )}
          {p.extra}
          {p.dates && (
            <>
              <DateInput
                id="from"
                legend={`First date ${p.datesWhat}`}
                value={p.dates.from.parts}
                error={p.errors['from-day']}
              />
              <DateInput
                id="to"
                legend={`Last date ${p.datesWhat}`}
                value={p.dates.to.parts}
                error={p.errors['to-day']}
              />
            </>
          )}
          <div class="button-group">
            <Button secondary>Show</Button>
            <a href={p.action}>Clear the filters</a>
          </div>
        </form>
      </div>
    </details>
  );
}

/** The rows found, or a sentence when none are, then the page links. */
export function Results(p: {
  what: string;
  base: string;
  filters: [string, string][];
  paging: Paging;
  next: string | null;
  columns: { label: string; numeric?: boolean }[];
  rows: Child[][];
}) {
  if (!p.rows.length)
    return <p class="muted">{p.paging.after ? `No more ${p.what}.` : `No ${p.what} match.`}</p>;
  return (
    <>
      <Table
        caption={<span class="visually-hidden">{p.what} found</span>}
        columns={p.columns}
        rows={p.rows}
      />
      <Pagination base={p.base} filters={p.filters} paging={p.paging} next={p.next} what={p.what} />
    </>
  );
}
