import { requireSpender } from '../../core/budgets/common.js';
import { streamCategories, type Stream } from '../../core/budgets/model.js';
import { PROVIDER_CHARS, RequestSpendInput, requestSpend } from '../../core/budgets/spends.js';
import { checkInput } from '../../core/input.js';
import { KindlingError } from '../../core/errors.js';
import { categoryLabel } from '../../core/labels.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { formatMinor } from '../../core/money.js';
import { accessTo, personLabel } from './budget-people.js';
import {
  Button,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextArea,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { inWords, path, pounds } from './format.js';
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

/** The categories a person may choose on this stream: its own list, less what it forbids. */
export function spendCategories(stream: Stream): string[] {
  const all = stream.allowedCategories.length ? stream.allowedCategories : streamCategories(stream);
  return all.filter((c) => !stream.forbiddenCategories.includes(c));
}

/** What the spend schema refused, in the words of the person asking, by the form's field. */
function spendProblems(
  problems: Map<string, string>,
  answers: { provider?: string | undefined; amount: string; description?: string | undefined },
): FieldErrors {
  const errors: FieldErrors = {};
  if (problems.has('category')) errors.category = 'Choose what kind of spend it is';
  if (problems.has('provider'))
    errors.provider = answers.provider
      ? `Who is paid must be ${PROVIDER_CHARS} characters or fewer`
      : 'Enter who is paid';
  const amount = problems.get('amount');
  if (amount)
    errors.amount = answers.amount ? inWords(`The amount ${amount}.`) : 'Enter how much it costs';
  if (problems.has('description'))
    errors.description = answers.description
      ? 'What it is for must be 500 characters or fewer'
      : 'Enter what it is for';
  return errors;
}

/** Which field a refusal of requestSpend belongs to. */
const FIELD_OF: Record<string, string> = {
  provider: 'provider',
  category: 'category',
  amount: 'amount',
  spentOn: 'spentOn-day',
  description: 'description',
};

const form = async (
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) => {
  const budgetId = c.req.param('budget')!;
  const access = await accessTo(kit, c, budgetId);
  requireSpender(access);
  const stream = await kit.deps.budgets.getStream(access.budget.streamId);
  const categories = stream ? spendCategories(stream) : [];
  const holder = access.as === 'broker' ? await personLabel(kit, access.budget.holderId) : null;
  const limit = stream ? formatMinor(stream.approvalLimitMinor) : null;
  return kit.page(
    c,
    {
      title: 'Ask to spend',
      hasErrors: status !== 200,
      back: { href: '/my', label: 'Back to my budgets' },
    },
    <>
      <ErrorSummary errors={errors} />
      <span class="caption">
        {holder ? `For ${holder}, from their ${stream?.name ?? ''} budget` : stream?.name}
      </span>
      <h1>Ask to spend</h1>
      {limit && (
        <p>
          Up to {pounds(limit)} is paid at once. More than that waits until{' '}
          {access.budget.controlMode === 'joint' ? 'a co-holder' : 'the coordinator'} approves it;
          the money is set aside meanwhile.
        </p>
      )}
      <form method="post" action={path`/my/budgets/${budgetId}/spends/new`} novalidate>
        <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
        <Radios
          id="category"
          legend="What kind of spend is it?"
          value={values.category}
          error={errors.category}
          choices={categories.map((code) => ({ value: code, label: categoryLabel(code) }))}
        />
        <TextField
          id="provider"
          label="Who is paid"
          hint="The shop, service or group, as on their receipt."
          value={values.provider}
          error={errors.provider}
        />
        <TextField
          id="amount"
          label="How much, in pounds"
          width="w10"
          inputmode="decimal"
          value={values.amount}
          error={errors.amount}
        />
        <TextArea
          id="description"
          label="What it is for"
          value={values.description}
          error={errors.description}
        />
        <DateInput
          id="spentOn"
          legend="When is it spent?"
          value={date}
          error={errors['spentOn-day'] ?? errors['spentOn-month'] ?? errors['spentOn-year']}
          bad={(['day', 'month', 'year'] as const).filter((k) => errors[`spentOn-${k}`])}
        />
        <Button>Ask to spend</Button>
      </form>
    </>,
    status,
  );
};

async function submitSpend(kit: PageKit, c: PageContext) {
  const budgetId = c.req.param('budget')!;
  const body = await c.req.parseBody();
  const values = typed(body);
  const parts = dateParts(body, 'spentOn');
  const date = readDate(parts, 'the date it is spent');
  // The use case's own schema judges the answers; the page words its problems.
  const answers = {
    provider: text(body.provider),
    category: text(body.category),
    amount: typedAmount(body.amount),
    spentOn: date.ok ? date.iso : '',
    description: text(body.description),
  };
  const checked = checkInput(RequestSpendInput, answers);
  const errors: FieldErrors = checked.ok ? {} : spendProblems(checked.problems, answers);
  if (!date.ok) errors[`spentOn-${date.bad[0] ?? 'day'}`] = date.message;
  if (Object.keys(errors).length || !checked.ok) return form(kit, c, values, parts, errors, 422);
  try {
    const r = await requestSpend(
      kit.deps,
      kit.ctx(c),
      budgetId,
      checked.input,
      text(body.key) ?? null,
    );
    const id = (r.body as { id: string }).id;
    return c.redirect(`${path`/my/spends/${id}`}?done=asked`, 303);
  } catch (error) {
    if (
      !(error instanceof KindlingError) ||
      error.kind === 'forbidden' ||
      error.kind === 'not_found'
    )
      throw error;
    const field = FIELD_OF[error.fields[0]?.path ?? ''] ?? 'amount';
    errors[
      error.code.startsWith('category')
        ? 'category'
        : error.code.startsWith('provider')
          ? 'provider'
          : field
    ] = said(error);
    return form(
      kit,
      c,
      { ...values, key: kit.deps.ids('form') },
      parts,
      errors,
      error.kind === 'invalid' ? 422 : 409,
    );
  }
}

/**
 * Asking to spend, for the holder (or the broker of a managed budget, the page names the holder):
 * the kind of spend in words, who is paid, how much and what for. requestSpend judges it as the
 * API does: paid at once within the stream's limit, set aside for a second person above it.
 */
export function spendFormRoutes(kit: PageKit): void {
  kit.get('/my/budgets/:budget/spends/new', (c) =>
    form(kit, c, {}, partsOf(isoDateOf(kit.deps.clock())), {}),
  );
  kit.post('/my/budgets/:budget/spends/new', (c) => submitSpend(kit, c));
}
