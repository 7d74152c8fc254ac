import { z } from 'zod';
import { invalid, type KindlingError } from './errors.js';
import { AMOUNT_PROBLEM_TEXT, parseAmount } from './money.js';

/**
 * What a use case accepts, said once: each use case owns a zod schema of its input and parses
 * what it is given itself, so the API (which documents the same schema in /openapi.json) and
 * the pages (which word its problems for people) cannot drift from the domain's own check.
 * Plain zod with `.meta()` for the document's examples: the core knows nothing of OpenAPI.
 */

/** A field that failed, by its dotted path. */
export interface FieldProblem {
  path: string;
  message: string;
}

export const fieldProblems = (issues: readonly z.core.$ZodIssue[]): FieldProblem[] =>
  issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));

/** The one refusal of input that fails its schema, in the same words wherever it is checked. */
export function validationFailed(fields: FieldProblem[]): KindlingError {
  return invalid(
    'validation_failed',
    `The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}. Nothing was written.`,
    fields,
  );
}

/** The input, checked by its schema; a 422 naming every failing field otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw validationFailed(fieldProblems(result.error.issues));
  return result.data;
}

/**
 * The input, checked by its schema, for a form that shows one problem beside each field: the
 * parsed input, or the first problem at each top-level field.
 */
export function checkInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; input: z.output<S> } | { ok: false; problems: Map<string, string> } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, input: result.data };
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '(body)');
    if (!problems.has(field)) problems.set(field, issue.message);
  }
  return { ok: false, problems };
}

const AMOUNT_META = {
  example: '120.00',
  description:
    'Pounds as a decimal string with at most two decimal places; debit positive, credit negative.',
};

/** A signed amount of money in pounds as a decimal string: at most two decimal places. */
export const Amount = z
  .string()
  .superRefine((value, ctx) => {
    const parsed = parseAmount(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: AMOUNT_PROBLEM_TEXT[parsed.problem] });
  })
  .meta(AMOUNT_META);

/**
 * The same amount on the wire, checked and turned into pence in one parse. `Amount` and then
 * `amountMinor` parse every amount twice; a 1,000-entry batch has thousands of them.
 */
export const AmountInPence = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseAmount(value);
    if (parsed.ok) return parsed.minor;
    ctx.addIssue({ code: 'custom', message: AMOUNT_PROBLEM_TEXT[parsed.problem] });
    return z.NEVER;
  })
  .meta(AMOUNT_META);

/** Refinements must not assume the format check passed: zod runs them even after it failed. */
const minorIfValid = (value: string): number | null => {
  const parsed = parseAmount(value);
  return parsed.ok ? parsed.minor : null;
};
export const PositiveAmount = Amount.refine(
  (v) => (minorIfValid(v) ?? 1) > 0,
  'must be more than 0.00',
);
export const NonNegativeAmount = Amount.refine(
  (v) => (minorIfValid(v) ?? 0) >= 0 && !v.startsWith('-'),
  'must not be negative',
);

/** Pence from an amount its schema has passed. */
export function amountMinor(value: string): number {
  const parsed = parseAmount(value);
  if (!parsed.ok) throw new Error('amount was validated by the schema');
  return parsed.minor;
}

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .meta({ example: '2026-04-01' });

/** Text a person types: trimmed, not empty, not endless. */
export const Text = (max = 500) => z.string().trim().min(1).max(max);
