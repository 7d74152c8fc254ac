import Decimal from 'decimal.js';
import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { formatMinor } from '../../core/money.js';
import { requireRole } from '../../core/policy.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { extendFollowUp } from '../../core/sparks/extend.js';
import { cancelAward, recordReturn } from '../../core/sparks/award-changes.js';
import { getAward } from '../../core/sparks/awards.js';
import { waiveFollowUp } from '../../core/sparks/follow-ups.js';
import { SummaryList } from './display.js';
import { Button, DateInput, ErrorSummary, Hidden, TextArea, TextField } from './form.js';
import type { DateParts, FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import {
  dateParts,
  formAmount,
  partsOf,
  readDate,
  said,
  text,
  typed,
  type PageContext,
  type PageKit,
} from './kit.js';
import { applicantLabels } from './who.js';

type Award = Awaited<ReturnType<typeof getAward>>;
type Job = 'cancel' | 'return' | 'waive' | 'extend';

const TITLES: Record<Job, string> = {
  cancel: 'Cancel an award',
  return: 'Record money handed back',
  waive: 'Waive the follow-up',
  extend: 'Give them longer to come back',
};
const BUTTONS: Record<Job, string> = {
  cancel: 'Cancel the award',
  return: 'Record the money handed back',
  waive: 'Waive the follow-up',
  extend: 'Move the follow-up date',
};
const ACTIONS: Record<Job, string> = {
  cancel: 'cancel',
  return: 'returns',
  waive: 'waiver',
  extend: 'extension',
};
const LEGENDS: Record<Job, string> = {
  cancel: 'When was it cancelled?',
  return: 'When was it handed back?',
  waive: '',
  extend: 'When should they come back by?',
};
const DATE_WORDS: Record<Job, string> = {
  cancel: 'the date it was cancelled',
  return: 'the date it was handed back',
  waive: '',
  extend: 'the date they should come back by',
};

/**
 * A coordinator's corrections to an award, each through the API's own use case: cancelling what
 * is not yet paid (the remainder goes back to the fund), recording money the person handed back,
 * and waiving a follow-up that will not be heard. The money-moving forms carry their own
 * idempotency key, so a second press of the same form does nothing more; the waiver carries one
 * too, so pressing twice gives the same answer. Each ends on the award's page, where the
 * confirmation is read back from the books.
 */
export function awardActionRoutes(kit: PageKit): void {
  const alliance = (c: PageContext) => c.get('actor').allianceId;
  const load = (c: PageContext) =>
    getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);

  const show = async (
    c: PageContext,
    job: Job,
    award: Award,
    values: Record<string, string>,
    date: DateParts,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) => {
    const who = (await applicantLabels(kit, c, [award.applicantId]))(award.applicantId);
    const action = `${path`/sparks/awards/${award.id}`}/${ACTIONS[job]}`;
    return kit.page(
      c,
      {
        title: TITLES[job],
        hasErrors: status !== 200,
        back: { href: path`/sparks/applications/${award.applicationId}` },
      },
      <>
        <ErrorSummary errors={errors} />
        <span class="caption">{who}</span>
        <h1>{TITLES[job]}</h1>
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
        <form method="post" action={action} novalidate>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
          {job === 'return' && (
            <TextField
              id="amount"
              label="How much was handed back, in pounds"
              hint={`At most ${pounds(returnable(award))}: what was paid, less what came back already.`}
              width="w10"
              inputmode="decimal"
              value={values.amount}
              error={errors.amount}
            />
          )}
          {job !== 'waive' && (
            <DateInput
              id="on"
              legend={LEGENDS[job]}
              value={date}
              error={errors['on-day'] ?? errors['on-month'] ?? errors['on-year']}
              bad={(['day', 'month', 'year'] as const).filter((k) => errors[`on-${k}`])}
            />
          )}
          {(job === 'cancel' || job === 'waive') && (
            <TextArea
              id="reason"
              label={job === 'cancel' ? 'Why is it cancelled?' : 'Why is the follow-up waived?'}
              hint="Kept with the award; the person’s own details are erased with them if they ask."
              value={values.reason}
              error={errors.reason}
            />
          )}
          <Button>{BUTTONS[job]}</Button>
        </form>
      </>,
      status,
    );
  };

  for (const job of ['cancel', 'return', 'waive', 'extend'] as const) {
    const route = `/sparks/awards/:award/${ACTIONS[job]}`;
    kit.get(route, async (c) => {
      requireRole(c.get('actor'), COORDINATORS, TITLES[job].toLowerCase());
      const today = partsOf(isoDateOf(kit.deps.clock()));
      return show(c, job, await load(c), {}, job === 'extend' ? {} : today, {});
    });
    kit.post(route, async (c) => {
      requireRole(c.get('actor'), COORDINATORS, TITLES[job].toLowerCase());
      const awardId = c.req.param('award')!;
      const form = await c.req.parseBody();
      const values = typed(form);
      const parts = dateParts(form, 'on');
      const errors: FieldErrors = {};
      const reason = text(form.reason);
      let on: string | undefined;
      if (job !== 'waive') {
        const date = readDate(parts, DATE_WORDS[job]);
        if (date.ok) on = date.iso;
        else errors[`on-${date.bad[0] ?? 'day'}`] = date.message;
      }
      let amountMinor = 0;
      if (job === 'return')
        try {
          amountMinor = formAmount(form.amount);
        } catch (error) {
          if (!(error instanceof KindlingError)) throw error;
          errors.amount = text(form.amount) ? said(error) : 'Enter how much was handed back';
        }
      if ((job === 'cancel' || job === 'waive') && !reason)
        errors.reason = job === 'cancel' ? 'Enter why it is cancelled' : 'Enter why it is waived';
      if (!Object.keys(errors).length)
        try {
          await act(c, job, awardId, { reason: reason ?? '', on: on ?? '', amountMinor }, values);
          const award = await load(c);
          return c.redirect(
            `${path`/sparks/applications/${award.applicationId}`}?done=${job}`,
            303,
          );
        } catch (error) {
          if (!(error instanceof KindlingError) || ['forbidden', 'not_found'].includes(error.kind))
            throw error;
          const fresh = await load(c);
          errors[fieldOf(job, error)] = refusal(job, error, fresh);
          return show(
            c,
            job,
            fresh,
            { ...values, key: kit.deps.ids('form') },
            parts,
            errors,
            error.kind === 'invalid' ? 422 : 409,
          );
        }
      return show(c, job, await load(c), values, parts, errors, 422);
    });
  }

  const act = (
    c: PageContext,
    job: Job,
    awardId: string,
    input: { reason: string; on: string; amountMinor: number },
    values: Record<string, string>,
  ) => {
    const key = text(values.key) ?? null;
    if (job === 'cancel')
      return cancelAward(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        awardId,
        { reason: input.reason, cancelledOn: input.on },
        key,
      );
    if (job === 'return')
      return recordReturn(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        awardId,
        { amount: formatMinor(input.amountMinor), returnedOn: input.on },
        key,
      );
    if (job === 'extend')
      return extendFollowUp(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        awardId,
        { dueOn: input.on },
        {
          key,
        },
      );
    return waiveFollowUp(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      awardId,
      { reason: input.reason },
      {
        key,
      },
    );
  };
}

/** What can still come back: paid, less what was handed back already (decimal strings). */
const returnable = (award: Award) => new Decimal(award.paid).minus(award.returned).toFixed(2);

/** Which field a refusal belongs beside. */
function fieldOf(job: Job, error: KindlingError): string {
  const field = error.fields[0]?.path;
  if (field === 'cancelledOn' || field === 'returnedOn' || job === 'extend') return 'on-day';
  if (job === 'return') return 'amount';
  return 'reason';
}

/** A refusal in words that say what to do next. */
function refusal(job: Job, error: KindlingError, award: Award): string {
  switch (error.code) {
    case 'return_exceeds_paid': {
      return `Enter ${pounds(returnable(award))} or less: that is what was paid, less what came back already`;
    }
    case 'already_cancelled':
      return 'This award is already cancelled: nothing more to do';
    case 'award_fully_paid':
      return 'This award has been paid in full, so there is nothing left to cancel. If money came back, record it as handed back';
    case 'follow_up_not_extendable':
      return 'This follow-up has been heard or waived, so its date cannot move';
    case 'follow_up_closed':
      return 'This follow-up has already been heard or waived: nothing more to do';
  }
  return job === 'waive' && error.code === 'follow_up_not_found'
    ? 'This award has no follow-up to waive'
    : said(error);
}
