import Decimal from 'decimal.js';
import { localDate } from '../../core/dates.js';
import { KindlingError } from '../../core/errors.js';
import { MANUAL_REASON_TEXT, type ManualReason } from '../../core/labels.js';
import { LIMITS } from '../../core/ledger/model.js';
import { postEntry } from '../../core/ledger/ledger.js';
import { formatMinor } from '../../core/money.js';
import { requireRole } from '../../core/policy.js';
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
import { path, pounds } from './format.js';
import {
  dateParts,
  formAmount,
  partsOf,
  readDate,
  said,
  text,
  typed,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';
import { AccountSelect, accountChoices } from './ledger-words.js';
import { entryPageRoutes } from './ledger-entry.js';

/** Lines on the form: most manual entries have two; four leave room for a split. */
const LINES = [1, 2, 3, 4] as const;

const form = async (
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) => {
  const chosen = LINES.map((n) => values[`line-${n}-account`]).filter((x): x is string => !!x);
  const list = await accountChoices(kit, c, chosen);
  return kit.page(
    c,
    {
      title: 'Post an entry by hand',
      hasErrors: status !== 200,
      back: { href: '/ledger', label: 'Go back to the books' },
    },
    <>
      <ErrorSummary errors={errors} />
      <h1>Post an entry by hand</h1>
      <p>
        For what no other page records: bank charges and interest, opening balances, and
        corrections. A mistake is put right by reversing the entry, never by editing it.
      </p>
      <form method="post" action="/ledger/entries" novalidate>
        <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
        <DateInput
          id="on"
          legend="What date does it belong to?"
          hint="The day it happened, for example 27 3 2026"
          value={date}
          error={errors['on-day'] ?? errors['on-month'] ?? errors['on-year']}
          bad={(['day', 'month', 'year'] as const).filter((k) => errors[`on-${k}`])}
        />
        <Radios
          id="reason"
          legend="What kind of entry is it?"
          value={values.reason}
          error={errors.reason}
          choices={Object.entries(MANUAL_REASON_TEXT).map(([value, label]) => ({
            value,
            label,
          }))}
        />
        <TextField
          id="description"
          label="What is it for?"
          hint="For example “Bank charges for March”. No names or anything about a person: the books keep it for ever and auditors read it."
          value={values.description}
          error={errors.description}
        />
        <h2>Lines</h2>
        <p>Each line is a debit or a credit. The debits and the credits must be equal.</p>
        {LINES.map((n) => (
          <fieldset class="fieldset lines">
            <legend class="fieldset__legend">Line {n}</legend>
            <AccountSelect
              id={`line-${n}-account`}
              label="Account"
              hint={
                n === 1
                  ? 'The bank, the fund or an account the alliance opened. For an award’s or a budget’s account, open it from the books and choose “Post an entry to it”.'
                  : undefined
              }
              accounts={list}
              value={values[`line-${n}-account`]}
              error={errors[`line-${n}-account`]}
            />
            <TextField
              id={`line-${n}-debit`}
              label="Debit, in pounds"
              width="w10"
              inputmode="decimal"
              value={values[`line-${n}-debit`]}
              error={errors[`line-${n}-debit`]}
            />
            <TextField
              id={`line-${n}-credit`}
              label="Credit, in pounds"
              width="w10"
              inputmode="decimal"
              value={values[`line-${n}-credit`]}
              error={errors[`line-${n}-credit`]}
            />
          </fieldset>
        ))}
        <Button>Post the entry</Button>
      </form>
    </>,
    status,
  );
};

async function showNew(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'post entries by hand');
  const books = await kit.deps.store.bookDates(c.get('actor').allianceId);
  // From an account's own page: that account on the first line, whatever kind it is.
  const account = c.req.query('account')?.slice(0, 200);
  const values: Record<string, string> = account ? { 'line-1-account': account } : {};
  return form(kit, c, values, partsOf(localDate(kit.deps.clock(), books.timeZone)), {});
}

async function submitEntry(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'post entries by hand');
  const body = await c.req.parseBody();
  const values = typed(body);
  const parts = dateParts(body, 'on');
  const { errors, input, lines } = readEntry(body, parts);
  if (!input) return form(kit, c, values, parts, errors, 422);
  try {
    const outcome = await postEntry(kit.deps, kit.ctx(c), input, text(body.key) ?? null);
    const id = (outcome.body as { id: string }).id;
    return c.redirect(`${path`/ledger/entries/${id}`}?posted=1`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind === 'forbidden') throw error;
    const field = error.fields[0]?.path ?? '';
    const line = /^postings\.(\d+)/.exec(field);
    const at = line
      ? `line-${lines[Number(line[1])] ?? 1}-account`
      : field === 'effectiveDate'
        ? 'on-day'
        : 'description';
    return form(
      kit,
      c,
      { ...values, key: kit.deps.ids('form') },
      parts,
      { [at]: said(error) },
      422,
    );
  }
}

/**
 * A treasurer's manual journal entry (coordinators): accounts chosen by name, each line a debit or
 * a credit, which must balance. It goes through postEntry, as POST /v1/entries does, with the
 * form's own idempotency key, so a second press posts nothing more; the entry's page, read back
 * from the books, confirms it and offers its reversal (ledger-entry.tsx).
 */
export function ledgerEntryRoutes(kit: PageKit): void {
  kit.get('/ledger/entries/new', (c) => showNew(kit, c));
  kit.post('/ledger/entries', (c) => submitEntry(kit, c));
  entryPageRoutes(kit);
}

/** The form's answers as postEntry's input, or the message for each field that is wrong. */
function readEntry(body: Form, parts: DateParts) {
  const errors: FieldErrors = {};
  const date = readDate(parts, 'the date it belongs to');
  if (!date.ok) errors[`on-${date.bad[0] ?? 'day'}`] = date.message;
  const reason = text(body.reason);
  if (!reason || !(reason in MANUAL_REASON_TEXT)) errors.reason = 'Choose what kind of entry it is';
  const description = text(body.description);
  if (!description) errors.description = 'Enter what it is for';
  else if (description.length > LIMITS.descriptionChars)
    errors.description = `What it is for must be ${LIMITS.descriptionChars} characters or fewer`;
  const postings: { account: string; amountMinor: number }[] = [];
  const lines: number[] = [];
  for (const n of LINES) {
    const account = text(body[`line-${n}-account`]);
    const debit = text(body[`line-${n}-debit`]);
    const credit = text(body[`line-${n}-credit`]);
    if (!account && !debit && !credit) continue;
    if (!account) errors[`line-${n}-account`] = `Choose the account of line ${n}`;
    if (debit && credit)
      errors[`line-${n}-debit`] = `Enter a debit or a credit on line ${n}, not both`;
    else if (!debit && !credit)
      errors[`line-${n}-debit`] = `Enter a debit or a credit on line ${n}`;
    else {
      const which = debit ? 'debit' : 'credit';
      try {
        const minor = formAmount(debit ?? credit, which);
        if (account) {
          postings.push({ account, amountMinor: debit ? minor : -minor });
          lines.push(n);
        }
      } catch (error) {
        if (!(error instanceof KindlingError)) throw error;
        errors[`line-${n}-${which}`] = `The ${which} on line ${n}: ${said(error)}`;
      }
    }
  }
  if (!Object.keys(errors).length) {
    const debits = postings.filter((p) => p.amountMinor > 0);
    const sum = (xs: typeof postings) =>
      xs.reduce((t, p) => t.plus(Math.abs(p.amountMinor)), new Decimal(0)).toNumber();
    const [dr, cr] = [sum(debits), sum(postings.filter((p) => p.amountMinor < 0))];
    if (postings.length < 2) errors['line-1-account'] = 'Enter at least two lines';
    else if (dr !== cr)
      errors['line-1-debit'] =
        `The debits (${pounds(formatMinor(dr))}) and the credits (${pounds(formatMinor(cr))}) must be equal`;
  }
  if (Object.keys(errors).length || !date.ok) return { errors, input: null, lines };
  return {
    errors,
    lines,
    input: {
      effectiveDate: date.iso,
      description: description!,
      reasonCode: reason as ManualReason,
      postings,
    },
  };
}
