import type { Child, FC } from 'hono/jsx';
import { KindlingError } from '../../core/errors.js';
import { requireRole } from '../../core/policy.js';
import type { Person } from '../../core/budgets/model.js';
import { initialsOf } from '../../core/labels.js';
import { ErrorMessage, type FieldErrors } from './form.js';
import { inWords } from './format.js';
import { dateParts, formAmount, readDate, said, text, type Form, type PageContext } from './kit.js';
import { join } from './layout.js';

/** The coordinator's budget pages are theirs alone. */
export const coordinatorOnly = (c: PageContext, what: string) =>
  requireRole(c.get('actor'), ['coordinator'], what);

/** A person in a list to choose from: reference, initials, and what they are. */
export function personOption(p: Person): string {
  const letters = initialsOf(p.name);
  return `${p.reference}${letters ? ` (${letters})` : ''}`;
}

/** A drop-down, GOV.UK's select: label, hint, error, then the field. */
export const Select: FC<{
  id: string;
  label: Child;
  hint?: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
}> = (p) => (
  <div class={join('form-group', p.error && 'form-group--error')}>
    <label class="label" for={p.id}>
      {p.label}
    </label>
    {p.hint && (
      <div id={`${p.id}-hint`} class="hint">
        {p.hint}
      </div>
    )}
    <ErrorMessage id={`${p.id}-error`} text={p.error} />
    <select
      class="select"
      id={p.id}
      name={p.id}
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
    >
      <option value="">Choose</option>
      {p.options.map((o) => (
        <option value={o.value} selected={o.value === p.value}>
          {o.label}
        </option>
      ))}
    </select>
  </div>
);

/** Reads a form's answers, collecting a message per field that is missing or wrong. */
export class Answers {
  errors: FieldErrors = {};
  constructor(private form: Form) {}
  text(id: string, missing?: string, max = 500): string | undefined {
    const v = text(this.form[id]);
    if (!v && missing) this.errors[id] = missing;
    if (v && v.length > max) this.errors[id] = `This must be ${max} characters or fewer`;
    return v;
  }
  amount(id: string, missing: string, allowZero = false): number {
    const typedText = text(this.form[id]);
    if (!typedText) {
      if (allowZero) return 0;
      this.errors[id] = missing;
      return 0;
    }
    if (allowZero && /^£?0+(\.0{1,2})?$/.test(typedText)) return 0;
    try {
      return formAmount(typedText, id);
    } catch (error) {
      if (!(error instanceof KindlingError)) throw error;
      this.errors[id] = said(error);
      return 0;
    }
  }
  date(id: string, what: string): string {
    const d = readDate(dateParts(this.form, id), what);
    if (d.ok) return d.iso;
    this.errors[`${id}-${d.bad[0] ?? 'day'}`] = d.message;
    return '';
  }
  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/**
 * A use case's refusal as a message at the field it names (`fields` maps the API's paths to our
 * field ids), or at `fallback`; 422 for what was typed, 409 for what the books refused.
 * Refusals of scope or role are not the form's business: they go on to the error page.
 */
export function refusal(
  error: unknown,
  fields: Record<string, string>,
  fallback: string,
): { errors: FieldErrors; status: 409 | 422 } {
  if (!(error instanceof KindlingError) || error.kind === 'forbidden' || error.kind === 'not_found')
    throw error;
  const path = error.fields[0]?.path ?? '';
  return {
    errors: { [fields[path] ?? fallback]: said(error) },
    status: error.kind === 'invalid' ? 422 : 409,
  };
}

/** The date-input props for a field id, from the errors (the summary links to the first part). */
export const dateError = (errors: FieldErrors, id: string) => ({
  error: errors[`${id}-day`] ?? errors[`${id}-month`] ?? errors[`${id}-year`],
  bad: (['day', 'month', 'year'] as const).filter((k) => errors[`${id}-${k}`]),
});

/**
 * What a use case's input schema refused, in a coordinator's words, at the form's fields: `say`
 * words each schema field's problem (null: the page has said it already, as for dates); `ids`
 * maps a schema field to the form's field where they differ.
 */
export function inputErrors(
  problems: Map<string, string>,
  say: Record<string, string | null | ((problem: string) => string)>,
  ids: Record<string, string> = {},
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, problem] of problems) {
    const words = say[field];
    if (words === null) continue;
    const id = ids[field] ?? field;
    if (words === undefined) errors[id] = inWords(`This ${problem}.`);
    else errors[id] = typeof words === 'string' ? words : words(problem);
  }
  return errors;
}

/** An amount's problem as the schema said it: what to enter when nothing was, else what is wrong. */
export const amountWords =
  (typedText: string, missing: string) =>
  (problem: string): string =>
    typedText ? inWords(`The amount ${problem}.`) : missing;

/** The errors in the order of the form's fields, as the summary lists them (dates by their part). */
export function inFormOrder(errors: FieldErrors, fields: string[]): FieldErrors {
  const at = (id: string) => {
    const i = fields.indexOf(id.replace(/-(day|month|year)$/, ''));
    return i < 0 ? fields.length : i;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => at(a) - at(b)));
}
