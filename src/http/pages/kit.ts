import type { Context } from 'hono';
import { invalid } from '../../core/errors.js';
import { AMOUNT_PROBLEM_TEXT, parseAmount } from '../../core/money.js';
import type { Actor, ServiceContext } from '../../core/context.js';
import type { BudgetDeps } from '../../core/budgets/common.js';
import type { SparksDeps } from '../../core/sparks/common.js';
import type { AppDeps } from '../router.js';
import type { Html } from './html.js';

export type PageEnv = { Variables: { actor: Actor; requestId: string } };
export type PageContext = Context<PageEnv>;
export type PageHandler = (c: PageContext) => Response | Promise<Response>;
export type PageStatus = 200 | 401 | 403 | 404 | 409 | 422 | 500;

/** What a group of pages needs: the use cases' deps, and page routes that carry their guards. */
export interface PageKit {
  deps: AppDeps & SparksDeps & BudgetDeps;
  ctx(c: PageContext): ServiceContext;
  page(
    c: PageContext,
    title: string,
    body: Html,
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

/** Pence from an amount typed into a form: "120", "120.50", "£1,200.00"; otherwise a clear refusal. */
export function formAmount(value: unknown, path = 'amount'): number {
  const typed = (text(value) ?? '').replace(/^£/, '').replaceAll(',', '');
  const parsed = parseAmount(typed);
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
