import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { methodLabel } from '../../core/labels.js';
import { requireRole } from '../../core/policy.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { checkInput } from '../../core/input.js';
import { DisburseInput, disburse, getAward } from '../../core/sparks/awards.js';
import { paymentProblems } from './award-problems.js';
import { DISBURSEMENT_METHODS } from '../../core/sparks/model.js';
import { SummaryList } from './display.js';
import {
  Button,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { longDate, path, pounds } from './format.js';
import {
  dateParts,
  partsOf,
  readDate,
  said,
  text,
  typed,
  typedAmount,
  type PageContext,
  type PageKit,
} from './kit.js';
import { Confirmation, NextLinks, Panel } from './layout.js';
import { applicantLabels } from './who.js';

type Award = Awaited<ReturnType<typeof getAward>>;

const alliance = (c: PageContext) => c.get('actor').allianceId;

/** The confirmation above the form, just after an award or a payment. */
function payDone(
  c: PageContext,
  award: Award,
  who: string,
  last: Award['disbursements'][number] | undefined,
  status: number,
) {
  const seeAward = {
    href: path`/sparks/applications/${award.applicationId}`,
    label: 'See the award',
  };
  const payBelow = { href: '#amount', label: `Pay the ${pounds(award.outstanding)} below` };
  return status !== 200
    ? null
    : c.req.query('awarded')
      ? {
          title: 'Grant awarded',
          body: `${pounds(award.amount)} to ${who}`,
          links: [payBelow, seeAward],
        }
      : c.req.query('paid') && last
        ? {
            title: 'Payment recorded',
            body: `${pounds(last.amount)} paid to ${who}. ${pounds(award.outstanding)} still to pay`,
            links: [payBelow, seeAward],
          }
        : null;
}

const payPage = async (
  kit: PageKit,
  c: PageContext,
  award: Award,
  values: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) => {
  const who = (await applicantLabels(kit, c, [award.applicantId]))(award.applicantId);
  const last = award.disbursements.at(-1);
  const done = payDone(c, award, who, last, status);
  return kit.page(
    c,
    {
      title: done?.title ?? 'Pay an award',
      hasErrors: status !== 200,
      back: { href: path`/sparks/applications/${award.applicationId}` },
    },
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <>
          <Confirmation {...done} />
          <h2>Pay the award to {who}</h2>
        </>
      ) : (
        <>
          <span class="caption">{who}</span>
          <h1>Pay an award</h1>
        </>
      )}
      <SummaryList
        rows={[
          { key: 'Awarded', value: `${pounds(award.amount)} on ${longDate(award.awardedOn)}` },
          { key: 'Paid so far', value: pounds(award.paid) },
          { key: 'Still to pay', value: pounds(award.outstanding) },
        ]}
      />
      <form method="post" action={path`/sparks/awards/${award.id}/payments`} novalidate>
        <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
        <TextField
          id="amount"
          label="How much is paid now, in pounds"
          hint="Pay part now and the rest later if you need to."
          width="w10"
          inputmode="decimal"
          value={values.amount ?? award.outstanding}
          error={errors.amount}
        />
        <Radios
          id="method"
          legend="How is it paid?"
          value={values.method}
          error={errors.method}
          choices={DISBURSEMENT_METHODS.map((m) => ({
            value: m,
            label: methodLabel(m),
            reveal:
              m === 'supplier_purchase' ? (
                <TextField
                  id="supplier"
                  label="Who it was bought from"
                  value={values.supplier}
                  error={errors.supplier}
                />
              ) : undefined,
          }))}
        />
        <TextField
          id="reference"
          label="Payment reference (optional)"
          hint="The bank or voucher reference, so the payment can be found later."
          width="w20"
          value={values.reference}
          error={errors.reference}
        />
        <DateInput
          id="paidOn"
          legend="When was it paid?"
          value={date}
          error={errors['paidOn-day'] ?? errors['paidOn-month'] ?? errors['paidOn-year']}
          bad={(['day', 'month', 'year'] as const).filter((k) => errors[`paidOn-${k}`])}
        />
        <Button>Record the payment</Button>
      </form>
    </>,
    status,
  );
};

async function showPay(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'pay awards');
  const award = await getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);
  return payPage(kit, c, award, {}, partsOf(isoDateOf(kit.deps.clock())), {});
}

async function submitPayment(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'pay awards');
  const awardId = c.req.param('award')!;
  const form = await c.req.parseBody();
  const values = typed(form);
  const parts = dateParts(form, 'paidOn');
  const date = readDate(parts, 'the date it was paid');
  const method = text(form.method);
  const supplier = text(form.supplier);
  const reference = text(form.reference);
  // The use case's own schema judges the answers; the page words its problems.
  const answers = {
    method: method ?? '',
    amount: typedAmount(form.amount),
    paidOn: date.ok ? date.iso : '',
    ...(method === 'supplier_purchase' && supplier ? { supplier } : {}),
    ...(reference ? { reference } : {}),
  };
  const checked = checkInput(DisburseInput, answers);
  const problems = checked.ok ? {} : paymentProblems(checked.problems, answers);
  // In the order the page has always listed them: how it is paid, when, then how much.
  const errors: FieldErrors = {
    ...(problems.method ? { method: problems.method } : {}),
    ...(date.ok ? {} : { [`paidOn-${date.bad[0] ?? 'day'}`]: date.message }),
    ...problems,
  };
  if (checked.ok) {
    try {
      await disburse(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        awardId,
        checked.input,
        text(form.key) ?? null,
      );
      const after = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
      return c.redirect(
        after.outstanding === '0.00'
          ? path`/sparks/awards/${awardId}/paid`
          : `${path`/sparks/awards/${awardId}/payments`}?paid=1`,
        303,
      );
    } catch (error) {
      if (
        !(error instanceof KindlingError) ||
        error.kind === 'forbidden' ||
        error.kind === 'not_found'
      )
        throw error;
      const field = error.fields[0]?.path;
      const id = field === 'paidOn' ? 'paidOn-day' : field === 'supplier' ? 'supplier' : 'amount';
      const fresh = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
      errors[id] =
        error.code === 'supplier_required'
          ? 'Enter who it was bought from'
          : error.code === 'exceeds_award'
            ? `Enter ${pounds(fresh.outstanding)} or less: that is what is still to pay`
            : said(error);
      return payPage(
        kit,
        c,
        fresh,
        { ...values, key: kit.deps.ids('form') },
        parts,
        errors,
        error.kind === 'invalid' ? 422 : 409,
      );
    }
  }
  const award = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
  return payPage(kit, c, award, values, parts, errors, 422);
}

async function showPaid(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'pay awards');
  const award = await getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);
  const who = (await applicantLabels(kit, c, [award.applicantId]))(award.applicantId);
  const done = award.outstanding === '0.00';
  return kit.page(
    c,
    { title: done ? 'Award paid in full' : 'Award partly paid' },
    <>
      <Panel
        title={done ? 'Award paid in full' : 'Award partly paid'}
        body={
          <>
            {pounds(award.paid)} to {who}
          </>
        }
      />
      <h2>What happens next</h2>
      <p>
        {award.followUp
          ? `${who} is asked to come back by ${longDate(award.followUp.dueOn)} to tell the panel what difference it made.`
          : 'No follow-up is due for this award.'}
      </p>
      <NextLinks
        heading="What next"
        links={[
          { href: path`/sparks/applications/${award.applicationId}`, label: 'See the award' },
          !done && {
            href: path`/sparks/awards/${award.id}/payments`,
            label: `Pay the ${pounds(award.outstanding)} still to pay`,
          },
          { href: '/sparks', label: 'Go back to Small Sparks' },
        ]}
      />
    </>,
  );
}

/**
 * Paying an award, in parts if need be: coordinators only. Each form carries its own idempotency
 * key, so pressing twice pays once; the award account cannot go past zero, so never more than is
 * left. After a part payment the form comes back with what was paid and what is left; when the
 * last penny is paid, a confirmation panel says so and what happens next.
 */
export function paymentRoutes(kit: PageKit): void {
  kit.get('/sparks/awards/:award/payments', (c) => showPay(kit, c));
  kit.post('/sparks/awards/:award/payments', (c) => submitPayment(kit, c));
  kit.get('/sparks/awards/:award/paid', (c) => showPaid(kit, c));
}
