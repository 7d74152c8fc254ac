import {
  AllocateInput,
  allocate,
  closeBudget,
  getBudget,
  removeParty,
  spendView,
} from '../../core/budgets/budgets.js';
import { controlLabel } from '../../core/labels.js';
import { checkInput } from '../../core/input.js';
import { isoDateOf } from '../../core/ledger/model.js';
import {
  amountWords,
  Answers,
  coordinatorOnly,
  inFormOrder,
  inputErrors,
  dateError,
  refusal,
} from './budget-forms.js';
import { budgetNewRoutes } from './budget-new.js';
import { personLabel } from './budget-people.js';
import { Figures, SummaryList } from './display.js';
import {
  Button,
  DateInput,
  ErrorSummary,
  Hidden,
  TextArea,
  TextField,
  type FieldErrors,
} from './form.js';
import { longDate, path, pounds } from './format.js';
import {
  dateParts,
  partsOf,
  typedAmount,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';
import { Banner, Confirmation } from './layout.js';

const DONE: Record<string, string> = {
  allocated: 'Money allocated to the budget',
  removed: 'Removed from the budget, with the reason logged',
  closed: 'Budget closed',
};
type Budget = Awaited<ReturnType<typeof getBudget>>;
type Value = (k: string) => string | undefined;

/** The budget's heading: the confirmation after creating it, or what was just done. */
const BudgetHead = ({ done, holder, b }: { done?: string; holder: string; b: Budget }) =>
  done === 'created' ? (
    <Confirmation
      title="Budget created"
      body={`For ${holder}`}
      links={[
        { href: '#amount', label: 'Allocate money to it below' },
        { href: '/budgets', label: 'Go back to budgets' },
      ]}
    />
  ) : (
    <>
      {done && DONE[done] && <Banner heading={DONE[done]!} />}
      <span class="caption">{b.streamName}</span>
      <h1>Budget of {holder}</h1>
    </>
  );

const Waiting = ({ b, waiting }: { b: Budget; waiting: ReturnType<typeof spendView>[] }) => (
  <>
    <h2>Waiting for approval</h2>
    <ul class="links">
      {waiting.map((s) => (
        <li>
          <a href={path`/budgets/spends/${s.id}`}>
            {b.controlMode === 'joint' ? 'See ' : 'Approve or reject '}
            {pounds(s.amount)}
            {'provider' in s ? ` to ${s.provider}` : ''}
          </a>
        </li>
      ))}
    </ul>
  </>
);

/** The forms that change an open budget; each form's key is drawn in the page's order. */
function budgetForms(
  kit: PageKit,
  b: Budget,
  form: Form,
  errors: FieldErrors,
  coHolders: { id: string; label: string }[],
) {
  const id = b.id;
  const v: Value = (k) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  const today = partsOf(isoDateOf(kit.deps.clock()));
  return (
    <>
      <form method="post" action={path`/budgets/${id}/allocations`} novalidate>
        <h2>Allocate money from {b.streamName}</h2>
        <Hidden name="key" value={v('key') ?? kit.deps.ids('form')} />
        <TextField
          id="amount"
          label="How much, in pounds"
          hint="Before the brokerage top-slice."
          width="w10"
          inputmode="decimal"
          value={v('amount')}
          error={errors.amount}
        />
        <DateInput
          id="allocatedOn"
          legend="On what date?"
          value={v('allocatedOn-day') ? dateParts(form, 'allocatedOn') : today}
          {...dateError(errors, 'allocatedOn')}
        />
        <Button>Allocate the money</Button>
      </form>
      {coHolders.map((p) => (
        <form method="post" action={path`/budgets/${id}/parties/${p.id}/removal`} novalidate>
          <h2>Remove co-holder {p.label}</h2>
          <p>
            Only at the holder’s request. The reason is logged; the holder’s money stays in the
            budget.
          </p>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <TextArea
            id={`reason-${p.id}`}
            name="reason"
            label="Why, in the holder’s words"
            value={v('reason')}
            error={errors[`reason-${p.id}`]}
          />
          <Button secondary>Remove the co-holder</Button>
        </form>
      ))}
      <form method="post" action={path`/budgets/${id}/closure`} novalidate>
        <h2>Close the budget at period end</h2>
        <p>
          What is left goes back to the stream, or rolls over into a new budget for the next period,
          by the stream’s rule.
        </p>
        <Hidden name="key" value={kit.deps.ids('form')} />
        <DateInput
          id="closedOn"
          legend="Closing date"
          value={
            v('closedOn-day')
              ? dateParts(form, 'closedOn')
              : partsOf(
                  b.periodEnd <= isoDateOf(kit.deps.clock())
                    ? b.periodEnd
                    : isoDateOf(kit.deps.clock()),
                )
          }
          {...dateError(errors, 'closedOn')}
        />
        <Button secondary>Close the budget</Button>
      </form>
    </>
  );
}

async function budgetPage(
  kit: PageKit,
  c: PageContext,
  form: Form,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const id = c.req.param('budget')!;
  const b = await getBudget(kit.deps, kit.ctx(c), id);
  const holder = await personLabel(kit, b.holderId);
  const waiting = (await kit.deps.budgets.spendsWaitingAt(id, isoDateOf(kit.deps.clock()))).map(
    (s) => spendView(s, c.get('actor')),
  );
  const coHolders = await Promise.all(
    b.coHolders
      .filter((p) => p.removedAt === null)
      .map(async (p) => ({ id: p.personId, label: await personLabel(kit, p.personId) })),
  );
  const done = status === 200 ? c.req.query('done') : undefined;
  const open = b.status === 'open';
  return kit.page(
    c,
    {
      title: done === 'created' ? 'Budget created' : `Budget of ${holder}`,
      hasErrors: status !== 200,
      back: { href: '/budgets' },
    },
    <>
      <ErrorSummary errors={errors} />
      <BudgetHead done={done} holder={holder} b={b} />
      <Figures
        items={[
          { amount: pounds(b.available), label: 'available to spend', lead: true },
          { amount: pounds(b.pending), label: 'waiting for approval' },
          { amount: pounds(b.spent), label: 'spent' },
          { amount: pounds(b.allocated), label: 'allocated' },
        ]}
      />
      <SummaryList
        rows={[
          { key: 'Period', value: `${longDate(b.periodStart)} to ${longDate(b.periodEnd)}` },
          { key: 'Control', value: controlLabel(b.controlMode) },
          b.broker && { key: 'Broker', value: await personLabel(kit, b.broker) },
          { key: 'State', value: open ? 'Open' : `Closed on ${longDate(b.closedOn)}` },
        ]}
      />
      {waiting.length > 0 && <Waiting b={b} waiting={waiting} />}
      {open && budgetForms(kit, b, form, errors, coHolders)}
    </>,
    status,
  );
}

const back = (c: PageContext, done: string) =>
  c.redirect(`${path`/budgets/${c.req.param('budget')!}`}?done=${done}`, 303);

async function allocateMoney(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'allocate money');
  const form = await c.req.parseBody();
  const a = new Answers(form);
  const allocatedOn = a.date('allocatedOn', 'the date of the allocation');
  // The use case's own schema judges the answers; the page words its problems.
  const answers = { amount: typedAmount(form.amount), allocatedOn };
  const checked = checkInput(AllocateInput, answers);
  const problems = checked.ok ? new Map<string, string>() : checked.problems;
  const errors = inFormOrder(
    {
      ...a.errors,
      ...inputErrors(problems, {
        amount: amountWords(answers.amount, 'Enter how much to allocate'),
        allocatedOn: null,
      }),
    },
    ['amount', 'allocatedOn'],
  );
  if (!checked.ok || Object.keys(errors).length) return budgetPage(kit, c, form, errors, 422);
  try {
    await allocate(
      kit.deps,
      kit.ctx(c),
      c.req.param('budget')!,
      checked.input,
      typeof form.key === 'string' ? form.key : null,
    );
    return back(c, 'allocated');
  } catch (error) {
    const r = refusal(error, { amount: 'amount', allocatedOn: 'allocatedOn-day' }, 'amount');
    return budgetPage(kit, c, { ...form, key: kit.deps.ids('form') }, r.errors, r.status);
  }
}

async function removeCoHolder(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'remove people from budgets');
  const form = await c.req.parseBody();
  const field = `reason-${c.req.param('person')!}`;
  const a = new Answers({ [field]: form.reason ?? '' });
  const reason = a.text(field, 'Enter why the co-holder is removed');
  if (!a.ok || !reason)
    return budgetPage(kit, c, { reason: String(form.reason ?? '') }, a.errors, 422);
  await removeParty(
    kit.deps,
    kit.ctx(c),
    c.req.param('budget')!,
    c.req.param('person')!,
    { reason },
    { key: typeof form.key === 'string' ? form.key : undefined, replayed: () => {} },
  );
  return back(c, 'removed');
}

async function close(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'close budgets');
  const form = await c.req.parseBody();
  const a = new Answers(form);
  const closedOn = a.date('closedOn', 'the closing date');
  if (!a.ok) return budgetPage(kit, c, form, a.errors, 422);
  try {
    await closeBudget(
      kit.deps,
      kit.ctx(c),
      c.req.param('budget')!,
      { closedOn },
      typeof form.key === 'string' ? form.key : null,
    );
    return back(c, 'closed');
  } catch (error) {
    const r = refusal(error, { closedOn: 'closedOn-day' }, 'closedOn-day');
    return budgetPage(kit, c, form, r.errors, r.status);
  }
}

/**
 * A coordinator's budgets: creating one (held alone, jointly with a co-holder, or managed by a
 * broker) and, on its page, allocating money from its stream, deciding what waits for them,
 * removing a co-holder at the holder's request, and closing it at period end.
 */
export function budgetAdminRoutes(kit: PageKit): void {
  budgetNewRoutes(kit); // before /budgets/:budget, which would take "new" for a budget
  kit.get('/budgets/:budget', (c) => {
    coordinatorOnly(c, 'manage budgets');
    return budgetPage(kit, c, {}, {});
  });
  kit.post('/budgets/:budget/allocations', (c) => allocateMoney(kit, c));
  kit.post('/budgets/:budget/parties/:person/removal', (c) => removeCoHolder(kit, c));
  kit.post('/budgets/:budget/closure', (c) => close(kit, c));
}
