import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { fundSummary, getReceipt, recordReceipt } from '../../core/sparks/alliances.js';
import { COORDINATORS } from '../../core/sparks/common.js';
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
  formAmount,
  partsOf,
  readDate,
  said,
  text,
  typed,
  type PageContext,
  type PageKit,
} from './kit.js';
import { NextLinks, Panel } from './layout.js';
import { panelMemberRoutes } from './fund-panel.js';

const alliance = (c: PageContext) => c.get('actor').allianceId;

/** The fields of a receipt: who paid, how much, their reference, restricted or not, and when. */
function ReceiptForm(props: {
  formKey: string;
  values: Record<string, string>;
  date: DateParts;
  errors: FieldErrors;
}) {
  const { values, date, errors } = props;
  return (
    <form method="post" action="/sparks/receipts" novalidate>
      <Hidden name="key" value={props.formKey} />
      <TextField id="funder" label="Who paid it in" value={values.funder} error={errors.funder} />
      <TextField
        id="amount"
        label="How much, in pounds"
        width="w10"
        inputmode="decimal"
        value={values.amount}
        error={errors.amount}
      />
      <TextField
        id="reference"
        label="Their reference (optional)"
        hint="As it appears on the bank statement, so the money can be matched."
        width="w20"
        value={values.reference}
        error={errors.reference}
      />
      <Radios
        id="restricted"
        legend="Is it restricted to a purpose the funder set?"
        value={values.restricted}
        error={errors.restricted}
        choices={[
          { value: 'no', label: 'No, it can be awarded for anything the scheme allows' },
          { value: 'yes', label: 'Yes, restricted' },
        ]}
      />
      <DateInput
        id="receivedOn"
        legend="When did it arrive?"
        value={date}
        error={errors['receivedOn-day'] ?? errors['receivedOn-month'] ?? errors['receivedOn-year']}
        bad={(['day', 'month', 'year'] as const).filter((k) => errors[`receivedOn-${k}`])}
      />
      <Button>Record the money received</Button>
    </form>
  );
}

function receiptForm(
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  return kit.page(
    c,
    { title: 'Record money received', hasErrors: status !== 200, back: { href: '/sparks' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Record money received</h1>
      <ReceiptForm
        formKey={values.key ?? kit.deps.ids('form')}
        values={values}
        date={date}
        errors={errors}
      />
    </>,
    status,
  );
}

async function submitReceipt(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
  const form = await c.req.parseBody();
  const values = typed(form);
  const parts = dateParts(form, 'receivedOn');
  const date = readDate(parts, 'the date it arrived');
  const errors: FieldErrors = {};
  const funder = text(form.funder);
  const reference = text(form.reference);
  const restricted = text(form.restricted);
  if (!funder) errors.funder = 'Enter who paid it in';
  else if (funder.length > 200) errors.funder = 'Who paid it in must be 200 characters or fewer';
  let amountMinor = 0;
  try {
    amountMinor = formAmount(form.amount);
  } catch (error) {
    if (!(error instanceof KindlingError)) throw error;
    errors.amount = text(form.amount) ? said(error) : 'Enter how much was received';
  }
  if (reference && reference.length > 100)
    errors.reference = 'The reference must be 100 characters or fewer';
  if (restricted !== 'yes' && restricted !== 'no')
    errors.restricted = 'Choose whether it is restricted';
  if (!date.ok) errors[`receivedOn-${date.bad[0] ?? 'day'}`] = date.message;
  if (Object.keys(errors).length || !date.ok || !funder)
    return receiptForm(kit, c, values, parts, errors, 422);
  try {
    const r = await recordReceipt(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      {
        funder,
        amountMinor,
        receivedOn: date.iso,
        restricted: restricted === 'yes',
        ...(reference ? { reference } : {}),
      },
      text(form.key) ?? null,
    );
    return c.redirect(path`/sparks/receipts/${(r.body as { id: string }).id}`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
    const field = error.fields[0]?.path;
    const id = field === 'receivedOn' ? 'receivedOn-day' : field === 'funder' ? 'funder' : 'amount';
    return receiptForm(
      kit,
      c,
      { ...values, key: kit.deps.ids('form') },
      parts,
      { [id]: said(error) },
      422,
    );
  }
}

async function showReceipt(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
  const [r, fund] = await Promise.all([
    getReceipt(kit.deps, kit.ctx(c), alliance(c), c.req.param('receipt')!),
    fundSummary(kit.deps, kit.ctx(c), alliance(c)),
  ]);
  return kit.page(
    c,
    { title: 'Money received recorded' },
    <>
      <Panel title="Money received recorded" body={`${pounds(r.amount)} from ${r.funder}`} />
      <SummaryList
        rows={[
          { key: 'Received on', value: longDate(r.receivedOn) },
          { key: 'Their reference', value: r.reference ?? 'None given' },
          { key: 'Restricted', value: r.restricted ? 'Yes' : 'No' },
          { key: 'The fund now has available to award', value: pounds(fund.available) },
        ]}
      />
      <NextLinks
        links={[
          { href: '/sparks/receipts/new', label: 'Record more money received' },
          { href: '/sparks', label: 'Go back to Small Sparks' },
        ]}
      />
    </>,
  );
}

/**
 * Money into the fund and the people on the panel, coordinators only: a receipt from a funder
 * (its own idempotency key, so pressing twice records it once), ending on a confirmation read
 * back from the books; and the panel's members (fund-panel.tsx).
 */
export function fundJobRoutes(kit: PageKit): void {
  kit.get('/sparks/receipts/new', (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
    return receiptForm(kit, c, {}, partsOf(isoDateOf(kit.deps.clock())), {});
  });
  kit.post('/sparks/receipts', (c) => submitReceipt(kit, c));
  kit.get('/sparks/receipts/:receipt', (c) => showReceipt(kit, c));
  panelMemberRoutes(kit);
}
