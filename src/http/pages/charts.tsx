import { raw } from 'hono/html';
import { barChart, lineChart } from '../../charts/plot.js';
import { categoryLabel } from '../../core/labels.js';
import { longDate, pounds } from './format.js';

const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortMonth = (iso: string) => `${MONTH[Number(iso.slice(5, 7)) - 1]} ${iso.slice(2, 4)}`;

/**
 * A chart drawn on the server (src/charts) beside the same figures in words, folded away in a
 * details element: the picture for those who would rather look, the list for everyone else and
 * for screen readers. No script.
 */
const Pictured = (p: { svg: string; summary: string; rows: [string, string][] }) => (
  <>
    {/* Our own SVG, drawn from the books' figures; its text went through the DOM's escaping. */}
    <figure class="chart">{raw(p.svg)}</figure>
    <details class="details">
      <summary class="details__summary">{p.summary}</summary>
      <ul class="details__text">
        {p.rows.map(([label, amount]) => (
          <li>
            {label}: {amount}
          </li>
        ))}
      </ul>
    </details>
  </>
);

/** The Small Sparks fund at each month's end of the year so far (for /sparks). */
export const FundChart = (p: { months: { asOf: string; held: string }[] }) =>
  p.months.length ? (
    <Pictured
      svg={
        lineChart(
          'The fund at the end of each month',
          p.months.map((m) => ({ label: shortMonth(m.asOf), amount: m.held })),
        ).svg
      }
      summary="The fund at the end of each month, in words"
      rows={p.months.map((m) => [longDate(m.asOf), pounds(m.held)])}
    />
  ) : null;

/** Where a budget's money went, by kind of spend (for /my). */
export const SpendingChart = (p: { spending: { category: string; amount: string }[] }) =>
  p.spending.length ? (
    <Pictured
      svg={
        barChart(
          'Spent by kind of spend',
          p.spending.map((s) => ({ label: categoryLabel(s.category), amount: s.amount })),
        ).svg
      }
      summary="Spent by kind of spend, in words"
      rows={p.spending.map((s) => [categoryLabel(s.category), pounds(s.amount)])}
    />
  ) : null;
