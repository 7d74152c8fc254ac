import type { commissionersReport } from '../core/reports/commissioners.js';
import { FEWER_THAN, type ShownCell, type ShownGroup } from '../core/reports/suppress.js';
import {
  applicationStatusLabel,
  categoryLabel,
  controlLabel,
  domainLabel,
} from '../core/labels.js';
import { followUpLabel } from '../core/labels.js';
import { barChart, lineChart, type Chart } from '../charts/plot.js';
import { longDate } from '../http/pages/format.js';

/**
 * The commissioners' report laid out for reading: the same blocks, words and charts for the web
 * page and the PDF, made from the JSON report alone (so the three never disagree). Codes become
 * words here; a hidden cell keeps the report's own words for why.
 */
export type CommissionersReport = Awaited<ReturnType<typeof commissionersReport>>;

export interface Row {
  label: string;
  count: string;
  amount: string | null;
}

export interface Block {
  id: string;
  title: string;
  chart: Chart | null;
  /** What the first column names (a domain, a stream, a month). */
  heading: string;
  /** What the count column counts. */
  counting: string;
  rows: Row[];
  total: Row | null;
  notes: string[];
}

export interface ReportView {
  title: string;
  allianceName: string;
  from: string;
  to: string;
  generatedOn: string;
  sections: { heading: string; blocks: Block[] }[];
}

const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortMonth = (iso: string) => `${MONTH[Number(iso.slice(5, 7)) - 1]} ${iso.slice(2, 4)}`;

/** "£1,234.50" from "1234.50"; a hidden amount stays in words. */
export function money(amount: string): string {
  if (!/^-?\d+\.\d\d$/.test(amount)) return amount === 'suppressed' ? 'hidden' : amount;
  const [whole = '0', pence = '00'] = amount.replace('-', '').split('.');
  return `${amount.startsWith('-') ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence}`;
}

const countText = (count: number | string) =>
  typeof count === 'number' ? String(count) : count === FEWER_THAN ? count : 'hidden';

function rowsOf(group: ShownGroup, label: (key: string) => string, withMoney: boolean) {
  const row = (c: Pick<ShownCell, 'count' | 'amount'>, name: string): Row => ({
    label: name,
    count: countText(c.count),
    amount: withMoney ? money(c.amount) : null,
  });
  return {
    rows: group.cells.map((c) => row(c, label(c.key))),
    total: row(group.total, 'Total'),
  };
}

function block(
  id: string,
  title: string,
  group: ShownGroup,
  options: {
    heading: string;
    label: (key: string) => string;
    counting: string;
    money: boolean;
    chart: 'amount' | 'count' | null;
    notes?: string[];
  },
): Block {
  const { rows, total } = rowsOf(group, options.label, options.money);
  const chart =
    options.chart === null || group.cells.length === 0
      ? null
      : barChart(
          title,
          group.cells.map((c) =>
            options.chart === 'amount'
              ? { label: options.label(c.key), amount: c.amount }
              : { label: options.label(c.key), count: c.count },
          ),
        );
  return {
    id,
    title,
    chart,
    heading: options.heading,
    counting: options.counting,
    rows,
    total,
    notes: options.notes ?? [],
  };
}

const same = (key: string) => key;
const days = (d: number | string | null) =>
  d === null ? 'none yet' : typeof d === 'number' ? `${d} days` : 'hidden (fewer than 5)';

type Section = ReportView['sections'][number];

/** Small Sparks: the fund over the year, time to first payment, domains, outcomes, follow-ups. */
function sparksSection(sparks: NonNullable<CommissionersReport['sparks']>): Section {
  const fund: Block = {
    id: 'fund',
    title: 'The Small Sparks fund over the year',
    chart: sparks.fundByMonth.length
      ? lineChart(
          'The Small Sparks fund over the year',
          sparks.fundByMonth.map((p) => ({ label: shortMonth(p.asOf), amount: p.held })),
        )
      : null,
    heading: 'Month',
    counting: '',
    rows: sparks.fundByMonth.map((p) => ({
      label: longDate(p.asOf),
      count: '',
      amount: money(p.held),
    })),
    total: null,
    notes: ['What the fund held at the end of each month, read from the ledger.'],
  };
  return {
    heading: 'Small Sparks',
    blocks: [
      fund,
      block('speed', 'Days from application to first payment', sparks.daysToFirstPayment, {
        heading: 'Time to first payment',
        label: same,
        counting: 'Awards',
        money: true,
        chart: 'count',
        notes: [
          `Half were decided within ${days(sparks.medianDaysToDecision)} and first paid within ${days(sparks.medianDaysToFirstPayment)}.`,
        ],
      }),
      block('domains', 'Money paid by recovery-capital domain', sparks.paidByDomain, {
        heading: 'Domain',
        label: domainLabel,
        counting: 'Awards',
        money: true,
        chart: 'amount',
      }),
      block('applications', 'Applications by outcome', sparks.applications, {
        heading: 'Outcome',
        label: (k) => (k === 'waiting' ? 'Waiting for a decision' : applicationStatusLabel(k)),
        counting: 'Applications',
        money: false,
        chart: null,
      }),
      block('follow-ups', 'Did people come back?', sparks.followUps, {
        heading: 'Follow-up',
        label: followUpLabel,
        counting: 'Awards',
        money: false,
        chart: null,
      }),
    ],
  };
}

/** Individual budgets: allocated and spent by stream, by category, by how held, and pooling. */
function budgetsSection(b: CommissionersReport['budgets']): Section {
  return {
    heading: 'Individual budgets',
    blocks: [
      block('allocated', 'Allocated by funding stream', b.allocatedByStream, {
        heading: 'Funding stream',
        label: same,
        counting: 'Budgets',
        money: true,
        chart: null,
      }),
      block('spent', 'Spent by funding stream', b.spentByStream, {
        heading: 'Funding stream',
        label: same,
        counting: 'Budgets',
        money: true,
        chart: null,
      }),
      block('categories', 'Spending by category', b.spentByCategory, {
        heading: 'Category',
        label: categoryLabel,
        counting: 'Budgets',
        money: true,
        chart: 'amount',
      }),
      block('modes', 'Spending by how budgets are held', b.byMode, {
        heading: 'How the budget is held',
        label: controlLabel,
        counting: 'Budgets',
        money: true,
        chart: 'amount',
      }),
      block('pooling', 'What pooling bought', b.pooling, {
        heading: 'Pooling',
        label: () => 'Bought together',
        counting: 'Budgets in a pool',
        money: true,
        chart: null,
      }),
    ],
  };
}

/** The report as blocks of a table and, where people would rather look than read, a chart. */
export function reportView(report: CommissionersReport): ReportView {
  const sections: ReportView['sections'] = [];
  if (report.sparks) sections.push(sparksSection(report.sparks));
  sections.push(budgetsSection(report.budgets));
  return {
    title: 'Commissioners’ report',
    allianceName: report.allianceName,
    from: report.period.from,
    to: report.period.to,
    generatedOn: report.generatedOn,
    sections,
  };
}

export const SUPPRESSION_NOTE =
  'To protect people, a count from 1 to 4 reads “fewer than 5” and its money is hidden; where a total would give a hidden figure away, another figure is hidden too.';
