import { earlier, ukFinancialYear, type Period } from './model.js';

export interface PeriodPreset extends Period {
  /** How a treasurer names the period: "This financial year", "April to June 2026". */
  label: string;
  group: 'year' | 'quarter' | 'month';
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The last day of a month (1-12) of a year, as an ISO date. */
function monthEnd(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(days).padStart(2, '0')}`;
}

/**
 * The periods a treasurer reports on, as of `today`: this financial year and the last, the
 * quarters of this year that have begun, and its months that have begun. A period that has not
 * ended keeps its real end; its statements say they run to date.
 */
export function periodPresets(today: string): PeriodPreset[] {
  const year = ukFinancialYear(today);
  const start = Number(year.from.slice(0, 4));
  const last = ukFinancialYear(`${start - 1}-06-01`);
  const presets: PeriodPreset[] = [
    { group: 'year', label: `This financial year (${start} to ${start + 1})`, ...year },
    { group: 'year', label: `Last financial year (${start - 1} to ${start})`, ...last },
  ];
  for (let q = 0; q < 4; q++) {
    const first = 4 + q * 3; // April, July, October, January
    const y = first > 12 ? start + 1 : start;
    const m = first > 12 ? first - 12 : first;
    const from = `${y}-${String(m).padStart(2, '0')}-01`;
    if (from > today) break;
    const to = monthEnd(y, m + 2);
    presets.push({
      group: 'quarter',
      label: `${MONTHS[m - 1]} to ${MONTHS[m + 1]} ${y}`,
      from,
      to,
    });
  }
  for (let i = 0; i < 12; i++) {
    const m = ((3 + i) % 12) + 1;
    const y = m < 4 ? start + 1 : start;
    const from = `${y}-${String(m).padStart(2, '0')}-01`;
    if (from > today) break;
    presets.push({ group: 'month', label: `${MONTHS[m - 1]} ${y}`, from, to: monthEnd(y, m) });
  }
  return presets;
}

/** The day a period's figures run to: its end, or today while it runs on. */
export const runsTo = (period: Period, today: string) => earlier(period.to, today);
