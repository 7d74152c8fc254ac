import type { z } from 'zod';
import { KindlingError } from '../../core/errors.js';
import { checkInput } from '../../core/input.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import {
  CancelAwardInput,
  cancelAward,
  RecordReturnInput,
  recordReturn,
} from '../../core/sparks/award-changes.js';
import { getAward } from '../../core/sparks/awards.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { ExtendFollowUpInput, extendFollowUp } from '../../core/sparks/extend.js';
import { WaiveFollowUpInput, waiveFollowUp } from '../../core/sparks/follow-ups.js';
import { AwardActionForm, JOBS, type Award, type Job } from './award-action-form.js';
import { awardActionProblems, refusalWords, refusedField } from './award-problems.js';
import { inFormOrder } from './budget-forms.js';
import type { DateParts, FieldErrors } from './form.js';
import { path } from './format.js';
import {
  dateParts,
  partsOf,
  readDate,
  text,
  typed,
  typedAmount,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';
import { applicantLabels } from './who.js';

/** A form's answers as its use case's schema judged them: its problems, or the act itself. */
type Judged = { problems: Map<string, string> } | { act: () => Promise<unknown> };

/** Judges `answers` by `schema`; when they pass, `act` is the use case given what it parsed. */
function judge<S extends z.ZodType>(
  schema: S,
  answers: z.input<S>,
  act: (input: z.output<S>) => Promise<unknown>,
): Judged {
  const checked = checkInput(schema, answers);
  return checked.ok ? { act: () => act(checked.input) } : { problems: checked.problems };
}

const alliance = (c: PageContext) => c.get('actor').allianceId;
const load = (kit: PageKit, c: PageContext) =>
  getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);

/** A job's page: the award as it stands and the job's form, its answers and problems kept. */
async function show(
  kit: PageKit,
  c: PageContext,
  job: Job,
  award: Award,
  form: { values: Record<string, string>; date: DateParts; errors: FieldErrors },
  status: 200 | 409 | 422 = 200,
) {
  const who = (await applicantLabels(kit, c, [award.applicantId]))(award.applicantId);
  return kit.page(
    c,
    {
      title: JOBS[job].title,
      hasErrors: status !== 200,
      back: { href: path`/sparks/applications/${award.applicationId}` },
    },
    <AwardActionForm
      job={job}
      award={award}
      who={who}
      values={form.values}
      date={form.date}
      errors={form.errors}
      formKey={form.values.key ?? kit.deps.ids('form')}
    />,
    status,
  );
}

/** The answers of a job's form, judged by the schema of the use case that does the job. */
function judged(kit: PageKit, c: PageContext, job: Job, form: Form, on: string): Judged {
  const at = [kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!] as const;
  const key = text(form.key) ?? null;
  const reason = text(form.reason) ?? '';
  if (job === 'cancel')
    return judge(CancelAwardInput, { reason, cancelledOn: on }, (input) =>
      cancelAward(...at, input, key),
    );
  if (job === 'return')
    return judge(RecordReturnInput, { amount: typedAmount(form.amount), returnedOn: on }, (i) =>
      recordReturn(...at, i, key),
    );
  if (job === 'extend')
    return judge(ExtendFollowUpInput, { dueOn: on }, (input) =>
      extendFollowUp(...at, input, { key }),
    );
  return judge(WaiveFollowUpInput, { reason }, (input) => waiveFollowUp(...at, input, { key }));
}

/**
 * A job's form sent: the date read by the page (day, month, year), the rest judged by the use
 * case's schema, every problem worded for a person in the form's order; then the job done, or
 * the use case's refusal shown beside the field it concerns.
 */
const post = (kit: PageKit, job: Job) => async (c: PageContext) => {
  requireRole(c.get('actor'), COORDINATORS, JOBS[job].title.toLowerCase());
  const form = await c.req.parseBody();
  const values = typed(form);
  const parts = dateParts(form, 'on');
  const words = JOBS[job].date?.words;
  const date = words ? readDate(parts, words) : null;
  const result = judged(kit, c, job, form, date?.ok ? date.iso : '');
  const errors = inFormOrder(
    {
      ...(date && !date.ok ? { [`on-${date.bad[0] ?? 'day'}`]: date.message } : {}),
      ...('problems' in result
        ? awardActionProblems(job, result.problems, {
            reason: values.reason?.trim() ?? '',
            amount: typedAmount(form.amount),
          })
        : {}),
    },
    JOBS[job].fields,
  );
  if (Object.keys(errors).length || !('act' in result))
    return show(kit, c, job, await load(kit, c), { values, date: parts, errors }, 422);
  try {
    await result.act();
    const award = await load(kit, c);
    return c.redirect(`${path`/sparks/applications/${award.applicationId}`}?done=${job}`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || ['forbidden', 'not_found'].includes(error.kind))
      throw error;
    const fresh = await load(kit, c);
    const again = { ...values, key: kit.deps.ids('form') };
    const refused = { [refusedField(job, error)]: refusalWords(job, error, fresh) };
    const status = error.kind === 'invalid' ? 422 : 409;
    return show(kit, c, job, fresh, { values: again, date: parts, errors: refused }, status);
  }
};

/**
 * A coordinator's corrections to an award, each through the API's own use case: cancelling what
 * is not yet paid (the remainder goes back to the fund), recording money the person handed back,
 * waiving a follow-up that will not be heard, and giving the person longer to come back. Each
 * form's answers are judged by its use case's own input schema (the one the API documents), and
 * the page words that schema's problems for a person, in the form's order. The money-moving
 * forms carry their own idempotency key, so a second press of the same form does nothing more;
 * the follow-up forms carry one too, so pressing twice gives the same answer. Each ends on the
 * award's page, where the confirmation is read back from the books.
 */
export function awardActionRoutes(kit: PageKit): void {
  for (const job of ['cancel', 'return', 'waive', 'extend'] as const) {
    const route = `/sparks/awards/:award/${JOBS[job].action}`;
    kit.get(route, async (c) => {
      requireRole(c.get('actor'), COORDINATORS, JOBS[job].title.toLowerCase());
      const date = job === 'extend' ? {} : partsOf(isoDateOf(kit.deps.clock()));
      return show(kit, c, job, await load(kit, c), { values: {}, date, errors: {} });
    });
    kit.post(route, post(kit, job));
  }
}
