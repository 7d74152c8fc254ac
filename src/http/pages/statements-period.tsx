import { KindlingError } from '../../core/errors.js';
import {
  earlier,
  resolvePeriod,
  ukFinancialYear,
  type Period,
} from '../../core/statements/model.js';
import { periodPresets } from '../../core/statements/periods.js';
import type { FieldErrors } from './form.js';
import { dateParts, readDate, type PageContext } from './kit.js';

/** The period, and the day of the trial balance, as asked: each error keyed by its first box. */
export function askedDates(c: PageContext, today: string) {
  const errors: FieldErrors = {};
  const asked = (id: 'from' | 'to' | 'asof', what: string): string | null => {
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
  // A trial balance after today would be today's under a date that has not come.
  const asOf = earlier(asked('asof', 'the day of the trial balance') ?? today, today);
  const asOfError = errors['asof-day'] ?? errors['asof-month'] ?? errors['asof-year'];
  let period: Period = ukFinancialYear(today);
  if (!Object.keys(errors).length) {
    try {
      period = resolvePeriod({ from, to }, today);
    } catch (error) {
      if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
      errors['from-day'] = error.detail;
    }
  }
  const bad = Object.keys(errors).some((k) => !k.startsWith('asof'));
  return { errors, period, asOf, asOfError, bad };
}

/** The periods a treasurer reports on, each a link that shows its statements. */
export const Presets = (p: { today: string }) => {
  const presets = periodPresets(p.today);
  const group = (g: 'year' | 'quarter' | 'month', heading: string) => (
    <>
      <h3>{heading}</h3>
      <ul class="links">
        {presets
          .filter((x) => x.group === g)
          .map((x) => (
            <li>
              <a href={`/statements?from=${x.from}&to=${x.to}`}>{x.label}</a>
            </li>
          ))}
      </ul>
    </>
  );
  return (
    <>
      {group('year', 'Financial years')}
      {group('quarter', 'Quarters of this financial year')}
      {group('month', 'Months of this financial year')}
      <h3>Or choose the dates</h3>
    </>
  );
};
