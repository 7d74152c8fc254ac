import { raw } from 'hono/html';
import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { commissionersReport } from '../../core/reports/commissioners.js';
import { resolvePeriod, ukFinancialYear, type Period } from '../../core/statements/model.js';
import { reportView, SUPPRESSION_NOTE, type Block } from '../../reports/view.js';
import { Table } from './display.js';
import { Button, DateInput, ErrorSummary, type FieldErrors } from './form.js';
import { longDate } from './format.js';
import { dateParts, partsOf, readDate, type PageContext, type PageKit } from './kit.js';

/**
 * The commissioners' report as a page (coordinators and auditors): each figure as a table, and a
 * chart where people would rather look than read. The charts are SVG drawn on the server
 * (src/charts), placed inline: no script, and the table below each says the same in words.
 */
export function reportRoutes(kit: PageKit): void {
  kit.get('/reports/commissioners', async (c) => {
    const today = isoDateOf(kit.deps.clock());
    const { period, errors } = askedPeriod(c, today);
    const bad = Object.keys(errors).length > 0;
    const actor = c.get('actor');
    const report = bad
      ? null
      : await commissionersReport(kit.deps, kit.ctx(c), actor.allianceId, period);
    const view = report ? reportView(report) : null;
    const q = `from=${period.from}&to=${period.to}`;
    const api = `/v1/alliances/${encodeURIComponent(actor.allianceId)}/commissioners-report`;
    return kit.page(
      c,
      { title: 'Commissioners’ report', hasErrors: bad },
      <>
        <ErrorSummary errors={errors} />
        <h1>Commissioners’ report</h1>
        {view && (
          <p class="lead">
            {view.allianceName}, {longDate(period.from)} to {longDate(period.to)}
          </p>
        )}
        <form method="get" action="/reports/commissioners" novalidate>
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
        {view && (
          <>
            <p>{SUPPRESSION_NOTE}</p>
            <ul class="links">
              <li>
                <a href={`${api}/pdf?${q}`}>Download the report (PDF)</a>
              </li>
              <li>
                <a href={`${api}?${q}`}>The same figures as data (JSON)</a>
              </li>
            </ul>
            {view.sections.map((section) => (
              <>
                <h2>{section.heading}</h2>
                {section.blocks.map((block) => (
                  <ReportBlock block={block} />
                ))}
              </>
            ))}
          </>
        )}
      </>,
      bad ? 422 : 200,
    );
  });
}

const ReportBlock = ({ block }: { block: Block }) => {
  const money = block.rows.some((r) => r.amount !== null);
  const counts = block.rows.some((r) => r.count !== '');
  const columns = [
    { label: block.heading },
    ...(counts ? [{ label: block.counting, numeric: true }] : []),
    ...(money ? [{ label: 'Amount', numeric: true }] : []),
  ];
  const cells = (r: Block['rows'][number]) => [
    r.label,
    ...(counts ? [r.count] : []),
    ...(money ? [r.amount ?? ''] : []),
  ];
  return (
    <section aria-labelledby={`block-${block.id}`}>
      <h3 id={`block-${block.id}`}>{block.title}</h3>
      {block.chart && (
        // Our own SVG, drawn from the report's figures; its text went through the DOM's escaping.
        <figure class="chart">{raw(block.chart.svg)}</figure>
      )}
      <Table
        caption={<span class="visually-hidden">{block.title}</span>}
        columns={columns}
        rows={[
          ...block.rows.map(cells),
          ...(block.total ? [cells(block.total).map((x) => <b>{x}</b>)] : []),
        ]}
      />
      {block.notes.map((n) => (
        <p class="hint">{n}</p>
      ))}
    </section>
  );
};

/** The period asked as day, month and year (or `?from=&to=` for links); the UK year by default. */
function askedPeriod(c: PageContext, today: string): { period: Period; errors: FieldErrors } {
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
  if (Object.keys(errors).length) return { period, errors };
  try {
    period = resolvePeriod({ from, to }, today);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
    errors['from-day'] = error.detail;
  }
  return { period, errors };
}
