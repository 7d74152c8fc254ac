import type { Child, FC } from 'hono/jsx';
import { join } from './layout.js';

/**
 * Form patterns after the GOV.UK Design System, without script: the error summary at the top
 * that links to each field, the message beside the field tied to it by aria-describedby, radios
 * whose follow-up question is revealed by CSS alone, day/month/year dates. Forms carry
 * `novalidate` and no field is `required`: the server judges every answer and keeps what was typed.
 */

/** Field id → the message shown beside it and, in the same words, in the summary. */
export type FieldErrors = Record<string, string>;

export const ErrorSummary: FC<{ errors: FieldErrors }> = ({ errors }) => {
  const list = Object.entries(errors);
  if (list.length === 0) return null;
  return (
    <div class="error-summary" tabindex={-1} autofocus>
      <div role="alert">
        <h2 class="error-summary__title">There is a problem</h2>
        <ul>
          {list.map(([id, text]) => (
            <li>
              <a href={`#${id}`}>{text}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
};

export const ErrorMessage: FC<{ id: string; text?: string | undefined }> = ({ id, text }) =>
  text ? (
    <p id={id} class="error-message">
      <span class="visually-hidden">Error:</span> {text}
    </p>
  ) : null;

interface FieldProps {
  id: string;
  name?: string;
  label: Child;
  hint?: Child;
  error?: string | undefined;
  value?: string | undefined;
  width?: 'w2' | 'w4' | 'w10' | 'w20';
  inputmode?: 'numeric' | 'decimal' | 'text' | 'tel' | 'email';
  autocomplete?: string;
  spellcheck?: boolean;
  prefix?: string;
}

export const TextField: FC<FieldProps> = (p) => (
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
    <input
      class={join('input', p.width, p.error && 'input--error')}
      id={p.id}
      name={p.name ?? p.id}
      type="text"
      value={p.value ?? ''}
      inputmode={p.inputmode}
      autocomplete={p.autocomplete ?? 'off'}
      spellcheck={p.spellcheck ?? false}
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
      aria-invalid={p.error ? 'true' : undefined}
    />
  </div>
);

export const TextArea: FC<FieldProps & { rows?: number }> = (p) => (
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
    <textarea
      class={join('textarea', p.error && 'textarea--error')}
      id={p.id}
      name={p.name ?? p.id}
      rows={p.rows ?? 3}
      spellcheck={p.spellcheck ?? true}
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
      aria-invalid={p.error ? 'true' : undefined}
    >
      {p.value ?? ''}
    </textarea>
  </div>
);

export interface Choice {
  value: string;
  label: Child;
  hint?: Child;
  /** A follow-up question, shown by CSS once this choice is checked: keep it to one field. */
  reveal?: Child;
}

interface ChoicesProps {
  /** The first input's id (the one the error summary links to); the others are id-2, id-3… */
  id: string;
  name?: string;
  legend: Child;
  /** A legend that is the page's question is set large. */
  legendLarge?: boolean;
  hint?: Child;
  choices: Choice[];
  error?: string | undefined;
}

const choiceId = (id: string, i: number) => (i ? `${id}-${i + 1}` : id);

export const Radios: FC<ChoicesProps & { value?: string | undefined }> = (p) => (
  <div class={join('form-group', p.error && 'form-group--error')}>
    <fieldset
      class="fieldset"
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
    >
      <legend class={join('fieldset__legend', p.legendLarge && 'fieldset__legend--l')}>
        {p.legend}
      </legend>
      {p.hint && (
        <div id={`${p.id}-hint`} class="hint">
          {p.hint}
        </div>
      )}
      <ErrorMessage id={`${p.id}-error`} text={p.error} />
      {p.choices.map((o, i) => (
        <div class="radios__item">
          <input
            class="radios__input"
            id={choiceId(p.id, i)}
            name={p.name ?? p.id}
            type="radio"
            value={o.value}
            checked={o.value === p.value}
            aria-describedby={o.hint ? `${choiceId(p.id, i)}-hint` : undefined}
          />
          <label class="radios__label" for={choiceId(p.id, i)}>
            {o.label}
          </label>
          {o.hint && (
            <div id={`${choiceId(p.id, i)}-hint`} class="radios__hint">
              {o.hint}
            </div>
          )}
          {o.reveal && <div class="radios__reveal">{o.reveal}</div>}
        </div>
      ))}
    </fieldset>
  </div>
);

export const Checkboxes: FC<ChoicesProps & { values?: readonly string[] }> = (p) => (
  <div class={join('form-group', p.error && 'form-group--error')}>
    <fieldset
      class="fieldset"
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
    >
      <legend class={join('fieldset__legend', p.legendLarge && 'fieldset__legend--l')}>
        {p.legend}
      </legend>
      {p.hint && (
        <div id={`${p.id}-hint`} class="hint">
          {p.hint}
        </div>
      )}
      <ErrorMessage id={`${p.id}-error`} text={p.error} />
      {p.choices.map((o, i) => (
        <div class="checkboxes__item">
          <input
            class="checkboxes__input"
            id={choiceId(p.id, i)}
            name={p.name ?? p.id}
            type="checkbox"
            value={o.value}
            checked={p.values?.includes(o.value) ?? false}
            aria-describedby={o.hint ? `${choiceId(p.id, i)}-hint` : undefined}
          />
          <label class="checkboxes__label" for={choiceId(p.id, i)}>
            {o.label}
          </label>
          {o.hint && (
            <div id={`${choiceId(p.id, i)}-hint`} class="checkboxes__hint">
              {o.hint}
            </div>
          )}
        </div>
      ))}
    </fieldset>
  </div>
);

export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

/** Day, month and year boxes; the summary links to the first part in error (`id-day` etc.). */
export const DateInput: FC<{
  id: string;
  legend: Child;
  hint?: string;
  value: DateParts;
  error?: string | undefined;
  /** Which parts to mark red; all of them when the error is about the whole date. */
  bad?: readonly ('day' | 'month' | 'year')[];
}> = (p) => {
  const hint = p.hint ?? 'For example, 27 3 2026';
  const all = ['day', 'month', 'year'] as const;
  const bad = !p.error ? [] : !p.bad?.length || p.error.startsWith('Enter ') ? all : p.bad;
  return (
    <div class={join('form-group', p.error && 'form-group--error')}>
      <fieldset
        class="fieldset"
        // biome-ignore lint/a11y/noRedundantRoles: GOV.UK notes JAWS reads the hint only with role=group
        role="group"
        aria-describedby={join(`${p.id}-hint`, p.error && `${p.id}-error`)}
      >
        <legend class="fieldset__legend">{p.legend}</legend>
        <div id={`${p.id}-hint`} class="hint">
          {hint}
        </div>
        <ErrorMessage id={`${p.id}-error`} text={p.error} />
        <div class="date-input">
          {(['day', 'month', 'year'] as const).map((k) => (
            <div class="date-input__item form-group">
              <label class="label" for={`${p.id}-${k}`}>
                {k[0]!.toUpperCase() + k.slice(1)}
              </label>
              <input
                class={join('input', k === 'year' ? 'w4' : 'w2', bad.includes(k) && 'input--error')}
                id={`${p.id}-${k}`}
                name={`${p.id}-${k}`}
                type="text"
                inputmode="numeric"
                value={p.value[k] ?? ''}
                aria-invalid={bad.includes(k) ? 'true' : undefined}
              />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
};

export const Hidden: FC<{ name: string; value: string }> = ({ name, value }) => (
  <input type="hidden" name={name} value={value} />
);

export const Button: FC<{ children: Child; secondary?: boolean; formaction?: string }> = (p) => (
  <button
    type="submit"
    class={join('button', p.secondary && 'button--secondary')}
    formaction={p.formaction}
  >
    {p.children}
  </button>
);
