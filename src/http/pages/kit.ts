import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { invalid, type KindlingError } from '../../core/errors.js';
import { AMOUNT_PROBLEM_TEXT, parseAmount } from '../../core/money.js';
import type { Actor, ServiceContext } from '../../core/context.js';
import type { BudgetDeps } from '../../core/budgets/common.js';
import type { SparksDeps } from '../../core/sparks/common.js';
import type { AppDeps } from '../router.js';
import type { DateParts } from './form.js';
import type { Shell } from './layout.js';
import { inWords, MONTHS } from './format.js';

export type PageEnv = { Variables: { actor: Actor; requestId: string } };
export type PageContext = Context<PageEnv>;
export type PageHandler = (c: PageContext) => Response | Promise<Response>;
export type PageStatus = 200 | 401 | 403 | 404 | 409 | 422 | 500 | 503;
export type PageView = Omit<Shell, 'signedIn'>;
export type Form = Record<string, string | File | (string | File)[]>;

/** What a group of pages needs: the use cases' deps, and page routes that carry their guards. */
export interface PageKit {
  deps: AppDeps & SparksDeps & BudgetDeps;
  ctx(c: PageContext): ServiceContext;
  page(
    c: PageContext,
    view: PageView,
    content: Child,
    status?: PageStatus,
  ): Response | Promise<Response>;
  /** A signed-in page (security headers, session, errors drawn as pages). */
  get(path: string, handler: PageHandler): void;
  /** A signed-in form that writes: also only from our own pages (Origin). */
  post(path: string, handler: PageHandler): void;
}

/** A single text field of a form, trimmed; empty is absent. */
export function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Every value of a repeated field (checkboxes). */
export function texts(value: unknown): string[] {
  return [value ?? []]
    .flat()
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
}

/** The text fields of a form as typed, to put back into the form when it is shown again. */
export function typed(form: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const one = Array.isArray(v) ? v[0] : v;
    if (typeof one === 'string') values[k] = one;
  }
  return values;
}

/** An amount as typed, without the pound sign and thousands commas people write. */
export const typedAmount = (value: unknown): string =>
  (text(value) ?? '').replace(/^£/, '').replaceAll(',', '');

/** Pence from an amount typed into a form: "120", "120.50", "£1,200.00"; otherwise a clear refusal. */
export function formAmount(value: unknown, path = 'amount'): number {
  const parsed = parseAmount(typedAmount(value));
  if (!parsed.ok)
    throw invalid('invalid_amount', `The amount ${AMOUNT_PROBLEM_TEXT[parsed.problem]}.`, [
      { path, message: AMOUNT_PROBLEM_TEXT[parsed.problem] },
    ]);
  if (parsed.minor <= 0)
    throw invalid('invalid_amount', 'The amount must be more than £0.00.', [
      { path, message: 'must be positive' },
    ]);
  return parsed.minor;
}

/** The day/month/year boxes of a date field, as typed. */
export function dateParts(form: Form, id: string): DateParts {
  return {
    day: text(form[`${id}-day`]) ?? '',
    month: text(form[`${id}-month`]) ?? '',
    year: text(form[`${id}-year`]) ?? '',
  };
}

/** Parts for a date we already know, to fill the boxes ("2026-06-01" → 1, 6, 2026). */
export function partsOf(iso: string): DateParts {
  if (!iso) return {};
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export type DateAnswer =
  | { ok: true; iso: string }
  | { ok: false; message: string; bad: ('day' | 'month' | 'year')[] };

/**
 * A date from day/month/year boxes, judged as GOV.UK's date pattern asks: spaces trimmed, the
 * month as "4", "04", "apr" or "April", a four-digit year, and a day that exists in that month.
 * `what` is the question's own words ("the date of the sitting").
 */
export function readDate(parts: DateParts, what: string): DateAnswer {
  const day = parts.day ?? '';
  const monthText = (parts.month ?? '').toLowerCase();
  const year = parts.year ?? '';
  const missing = (['day', 'month', 'year'] as const).filter((k) => !(parts[k] ?? ''));
  if (missing.length === 3) return { ok: false, message: `Enter ${what}`, bad: [...missing] };
  if (missing.length)
    return {
      ok: false,
      message: `${capital(what)} must include a ${missing.join(' and a ')}`,
      bad: [...missing],
    };
  const named = MONTHS.findIndex(
    (m) => monthText.length >= 3 && m.toLowerCase().startsWith(monthText),
  );
  const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : named + 1;
  const bad: ('day' | 'month' | 'year')[] = [];
  if (!/^\d{1,2}$/.test(day)) bad.push('day');
  if (month < 1 || month > 12) bad.push('month');
  if (!/^\d{4}$/.test(year)) bad.push('year');
  if (!bad.length) {
    const iso = `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
    const check = new Date(`${iso}T00:00:00.000Z`);
    if (!Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === iso)
      return { ok: true, iso };
    bad.push('day');
  }
  return { ok: false, message: `${capital(what)} must be a real date`, bad };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a refusal says, in a page's words (format.ts inWords): for the message at a field. */
export const said = (error: KindlingError): string => inWords(error.detail);
