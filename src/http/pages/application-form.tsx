import { DIFFERENCE_CHARS } from '../../core/sparks/follow-ups.js';
import { APPLICATION_LIMITS } from '../../core/sparks/applications.js';
import { inWords } from './format.js';
import { DOMAINS } from '../../core/sparks/model.js';
import { domainLabel } from '../../core/labels.js';
import {
  Button,
  Checkboxes,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextArea,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';

export const domainChoices = () => DOMAINS.map((d) => ({ value: d, label: domainLabel(d) }));

const dateError = (errors: FieldErrors, id: string) =>
  errors[`${id}-day`] ?? errors[`${id}-month`] ?? errors[`${id}-year`];
const dateBad = (errors: FieldErrors, id: string) =>
  (['day', 'month', 'year'] as const).filter((k) => errors[`${id}-${k}`]);

/** Recording what a person asked for in person; registering them with only what they give. */
export const ApplicationForm = (p: {
  values: Record<string, string>;
  date: DateParts;
  errors: FieldErrors;
  sitting: string | null;
  /** Sent back with the form, so pressing twice records once (src/core/idempotency.ts). */
  formKey: string;
}) => {
  const { values: v, errors: e } = p;
  return (
    <>
      <ErrorSummary errors={e} />
      <h1>Record an application</h1>
      <form method="post" action="/sparks/applications" novalidate>
        {p.sitting && <Hidden name="sitting" value={p.sitting} />}
        <Hidden name="key" value={p.formKey} />
        <h2>Who is asking</h2>
        <TextField
          id="reference"
          label="Their reference, if they have applied before"
          hint="For example, SP-7KQ2-M9XD. Leave it empty for someone new."
          width="w20"
          value={v.reference}
          error={e.reference}
        />
        <div class="inset">
          <p>
            If they are new, keep only what they choose to give: initials are enough, and contact
            details are optional. Never write down drug use, offending or health history.
          </p>
          <TextField
            id="name"
            label="Name or initials, as they choose (optional)"
            width="w20"
            value={v.name}
            error={e.name}
          />
          <TextField
            id="contact"
            label="Mobile number for a discreet reminder (optional)"
            width="w20"
            inputmode="tel"
            value={v.contact}
            error={e.contact}
          />
          <Checkboxes
            id="consent"
            legend="Do they agree that we keep these details?"
            values={v.consent ? [v.consent] : []}
            error={e.consent}
            choices={[{ value: 'yes', label: 'Yes, they agree that we keep these details' }]}
          />
        </div>
        <h2>What they ask for</h2>
        <TextField
          id="amount"
          label="How much, in pounds"
          width="w10"
          inputmode="decimal"
          value={v.amount}
          error={e.amount}
        />
        <TextArea
          id="purpose"
          label="What it is for, in their words"
          value={v.purpose}
          error={e.purpose}
        />
        <Radios
          id="domain"
          legend="Which part of their recovery does it help?"
          value={v.domain}
          error={e.domain}
          choices={domainChoices()}
        />
        <DateInput
          id="receivedOn"
          legend="When did they ask?"
          value={p.date}
          error={dateError(e, 'receivedOn')}
          bad={dateBad(e, 'receivedOn')}
        />
        <TextArea
          id="notes"
          label="Notes for the panel (optional)"
          value={v.notes}
          error={e.notes}
        />
        <Button>Record the application</Button>
      </form>
    </>
  );
};

/** The person came back: when, whether in person, what difference it made, what improved. */
export const FollowUpForm = (p: {
  who: string;
  amount: string;
  values: Record<string, string>;
  domains: string[];
  date: DateParts;
  errors: FieldErrors;
  action: string;
  formKey: string;
}) => (
  <>
    <ErrorSummary errors={p.errors} />
    <span class="caption">
      {p.who}, awarded {p.amount}
    </span>
    <h1>They came back</h1>
    <form method="post" action={p.action} novalidate>
      <Hidden name="key" value={p.formKey} />
      <DateInput
        id="heardOn"
        legend="When did they come back?"
        value={p.date}
        error={dateError(p.errors, 'heardOn')}
        bad={dateBad(p.errors, 'heardOn')}
      />
      <Radios
        id="inPerson"
        legend="Did they come in person?"
        value={p.values.inPerson}
        error={p.errors.inPerson}
        choices={[
          { value: 'yes', label: 'Yes, in person' },
          { value: 'no', label: 'No, by phone or message' },
        ]}
      />
      <TextArea
        id="difference"
        label="What difference it made, in their words"
        value={p.values.difference}
        error={p.errors.difference}
      />
      <Checkboxes
        id="domainsImproved"
        legend="Which parts of their recovery improved?"
        hint="Select all that apply."
        values={p.domains}
        error={p.errors.domainsImproved}
        choices={domainChoices()}
      />
      <Button>Record the follow-up</Button>
    </form>
  </>
);

/** The form's field for a field of the use case's input. */
export const APPLICATION_FORM_FIELD: Record<string, string> = { amountAsked: 'amount' };

/** What the schema refused, in a panel member's words, by the form's field. */
export function applicationProblems(
  problems: Map<string, string>,
  answers: { amountAsked: string; purpose: string; notes: string | null },
): FieldErrors {
  const errors: FieldErrors = {};
  const amount = problems.get('amountAsked');
  if (amount)
    errors.amount = answers.amountAsked
      ? inWords(`The amount ${amount}.`)
      : 'Enter how much they asked for';
  if (problems.has('purpose'))
    errors.purpose = answers.purpose
      ? `What it is for must be ${APPLICATION_LIMITS.purposeChars} characters or fewer`
      : 'Enter what it is for, in their words';
  if (problems.has('domain')) errors.domain = 'Choose which part of their recovery it helps';
  if (problems.has('notes'))
    errors.notes = `Notes must be ${APPLICATION_LIMITS.notesChars.toLocaleString('en-GB')} characters or fewer`;
  return errors;
}

/** What the follow-up schema refused, in a panel member's words, by the form's field. */
export function followUpProblems(
  problems: Map<string, string>,
  answers: { difference: string },
): FieldErrors {
  const errors: FieldErrors = {};
  if (problems.has('inPerson')) errors.inPerson = 'Choose whether they came in person';
  if (problems.has('difference'))
    errors.difference = answers.difference
      ? `What difference it made must be ${DIFFERENCE_CHARS.toLocaleString('en-GB')} characters or fewer`
      : 'Enter what difference it made, in their words';
  if (problems.has('domainsImproved'))
    errors.domainsImproved = 'Choose from the parts of recovery listed';
  return errors;
}
