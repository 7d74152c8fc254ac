import Decimal from 'decimal.js';
import type { getAward } from '../../core/sparks/awards.js';
import { SummaryList } from './display.js';
import {
  Button,
  DateInput,
  ErrorSummary,
  Hidden,
  TextArea,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { longDate, path, pounds } from './format.js';

export type Award = Awaited<ReturnType<typeof getAward>>;
export type Job = 'cancel' | 'return' | 'waive' | 'extend';

/** What each of a coordinator's corrections to an award is called, asks and says. */
export const JOBS: Record<
  Job,
  {
    title: string;
    button: string;
    /** The last segment of the page's address. */
    action: string;
    /** The date question, and its words in a message ("Enter the date it was cancelled"). */
    date: { legend: string; words: string } | null;
    /** The form's fields in order, as its error summary lists them. */
    fields: string[];
  }
> = {
  cancel: {
    title: 'Cancel an award',
    button: 'Cancel the award',
    action: 'cancel',
    date: { legend: 'When was it cancelled?', words: 'the date it was cancelled' },
    fields: ['on', 'reason'],
  },
  return: {
    title: 'Record money handed back',
    button: 'Record the money handed back',
    action: 'returns',
    date: { legend: 'When was it handed back?', words: 'the date it was handed back' },
    fields: ['amount', 'on'],
  },
  waive: {
    title: 'Waive the follow-up',
    button: 'Waive the follow-up',
    action: 'waiver',
    date: null,
    fields: ['reason'],
  },
  extend: {
    title: 'Give them longer to come back',
    button: 'Move the follow-up date',
    action: 'extension',
    date: { legend: 'When should they come back by?', words: 'the date they should come back by' },
    fields: ['on'],
  },
};

/** What can still come back: paid, less what was handed back already (decimal strings). */
export const returnable = (award: Award) =>
  new Decimal(award.paid).minus(award.returned).toFixed(2);

/** The award as it stands, then the job's own form: its answers kept, its problems beside each. */
export const AwardActionForm = (p: {
  job: Job;
  award: Award;
  who: string;
  values: Record<string, string>;
  date: DateParts;
  errors: FieldErrors;
  formKey: string;
}) => {
  const { job, award, errors } = p;
  const { date } = JOBS[job];
  return (
    <>
      <ErrorSummary errors={errors} />
      <span class="caption">{p.who}</span>
      <h1>{JOBS[job].title}</h1>
      <SummaryList
        rows={[
          { key: 'Awarded', value: `${pounds(award.amount)} on ${longDate(award.awardedOn)}` },
          { key: 'Paid so far', value: pounds(award.paid) },
          { key: 'Still to pay', value: pounds(award.outstanding) },
          award.returned !== '0.00' && { key: 'Handed back', value: pounds(award.returned) },
          (job === 'waive' || job === 'extend') &&
            award.followUp && { key: 'Follow-up due', value: longDate(award.followUp.dueOn) },
        ]}
      />
      {job === 'cancel' && (
        <p>
          The {pounds(award.outstanding)} not yet paid goes back to the fund. What has been paid
          stays paid; if the person hands money back, record it separately.
        </p>
      )}
      <form
        method="post"
        action={`${path`/sparks/awards/${award.id}`}/${JOBS[job].action}`}
        novalidate
      >
        <Hidden name="key" value={p.formKey} />
        {job === 'return' && (
          <TextField
            id="amount"
            label="How much was handed back, in pounds"
            hint={`At most ${pounds(returnable(award))}: what was paid, less what came back already.`}
            width="w10"
            inputmode="decimal"
            value={p.values.amount}
            error={errors.amount}
          />
        )}
        {date && (
          <DateInput
            id="on"
            legend={date.legend}
            value={p.date}
            error={errors['on-day'] ?? errors['on-month'] ?? errors['on-year']}
            bad={(['day', 'month', 'year'] as const).filter((k) => errors[`on-${k}`])}
          />
        )}
        {(job === 'cancel' || job === 'waive') && (
          <TextArea
            id="reason"
            label={job === 'cancel' ? 'Why is it cancelled?' : 'Why is the follow-up waived?'}
            hint="Kept with the award; the person’s own details are erased with them if they ask."
            value={p.values.reason}
            error={errors.reason}
          />
        )}
        <Button>{JOBS[job].button}</Button>
      </form>
    </>
  );
};
