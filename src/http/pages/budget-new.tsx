import { CreateBudgetInput, createBudget } from '../../core/budgets/budgets.js';
import { controlLabel } from '../../core/labels.js';
import { checkInput } from '../../core/input.js';
import { isoDateOf } from '../../core/ledger/model.js';
import {
  Answers,
  coordinatorOnly,
  dateError,
  inFormOrder,
  inputErrors,
  refusal,
} from './budget-forms.js';
import { personByTyped } from './budget-people.js';
import { SummaryList } from './display.js';
import {
  Button,
  DateInput,
  ErrorMessage,
  ErrorSummary,
  Hidden,
  Radios,
  TextField,
  type FieldErrors,
} from './form.js';
import { path } from './format.js';
import { dateParts, partsOf, text, type Form, type PageContext, type PageKit } from './kit.js';
import { chooseStream } from './lists-streams.js';

/** The create form's words for what the schema refused; its ids where they differ. */
const CREATE_WORDS = {
  holderId: 'Enter the reference of the person who holds it',
  streamId: 'Choose the funding stream',
  periodStart: null,
  periodEnd: null,
  controlMode: 'Choose who controls the spending',
  coHolderIds: 'Enter the reference of the co-holder',
  brokerId: 'Enter the reference of the broker',
};
const CREATE_IDS = {
  holderId: 'holderReference',
  coHolderIds: 'coHolderReference',
  brokerId: 'brokerReference',
};
const ORDER = ['holderReference', 'streamId', 'periodStart', 'periodEnd', 'controlMode'];
const REFERENCE_HINT = 'The IB- reference on their papers, for example IB-7KQ2-M9XD';

type Value = (k: string) => string | undefined;

/** Who controls the spending: alone, with a co-holder, or through a broker, each by reference. */
const ControlMode = ({ value: v, errors }: { value: Value; errors: FieldErrors }) => (
  <Radios
    id="controlMode"
    legend="Who controls the spending?"
    value={v('controlMode')}
    error={errors.controlMode}
    choices={[
      { value: 'self', label: controlLabel('self') },
      {
        value: 'joint',
        label: controlLabel('joint'),
        reveal: (
          <TextField
            id="coHolderReference"
            label="Reference of the co-holder who approves spends above the limit"
            hint={REFERENCE_HINT}
            value={v('coHolderReference')}
            error={errors.coHolderReference}
            width="w20"
          />
        ),
      },
      {
        value: 'managed',
        label: controlLabel('managed'),
        reveal: (
          <TextField
            id="brokerReference"
            label="Reference of the broker who spends for the holder"
            hint={REFERENCE_HINT}
            value={v('brokerReference')}
            error={errors.brokerReference}
            width="w20"
          />
        ),
      },
    ]}
  />
);

/** The stream asked for, if it is one of this alliance's: one read by its key. */
async function streamOf(kit: PageKit, c: PageContext, id: string | undefined) {
  const stream = id ? await kit.deps.budgets.getStream(id) : null;
  return stream?.allianceId === c.get('actor').allianceId ? stream : null;
}

async function newPage(
  kit: PageKit,
  c: PageContext,
  form: Form,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const v: Value = (k) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  const stream = await streamOf(kit, c, v('streamId') ?? c.req.query('stream'));
  // A form sent with a stream that is not one of this alliance's (gone, or changed by hand) is
  // answered with the chooser and what to do, never a blank 200.
  if (!stream)
    return chooseStream(
      kit,
      c,
      status === 200
        ? undefined
        : 'The funding stream on the form was not found here: choose it again from the list',
    );
  const today = partsOf(isoDateOf(kit.deps.clock()));
  return kit.page(
    c,
    { title: 'Create a budget', hasErrors: status !== 200, back: { href: '/budgets/new' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Create a budget</h1>
      <SummaryList
        rows={[
          {
            key: 'Funding stream',
            value: (
              <>
                <ErrorMessage id="streamId-error" text={errors.streamId} />
                <span id="streamId">{stream.name}</span>
              </>
            ),
            action: { href: '/budgets/new', label: 'Change', what: 'the funding stream' },
          },
        ]}
      />
      <form method="post" action="/budgets/new" novalidate>
        <Hidden name="key" value={v('key') ?? kit.deps.ids('form')} />
        <Hidden name="streamId" value={stream.id} />
        <TextField
          id="holderReference"
          label="Reference of the person who holds it"
          hint={REFERENCE_HINT}
          value={v('holderReference')}
          error={errors.holderReference}
          width="w20"
        />
        <DateInput
          id="periodStart"
          legend="When does the period start?"
          value={status === 200 && !v('periodStart-day') ? today : dateParts(form, 'periodStart')}
          {...dateError(errors, 'periodStart')}
        />
        <DateInput
          id="periodEnd"
          legend="When does it end?"
          value={dateParts(form, 'periodEnd')}
          {...dateError(errors, 'periodEnd')}
        />
        <ControlMode value={v} errors={errors} />
        <Button>Create the budget</Button>
      </form>
    </>,
    status,
  );
}

/** Each person by the reference typed: one indexed read each, else the problem in words. */
async function peopleOf(kit: PageKit, c: PageContext, form: Form, mode: string) {
  const errors: FieldErrors = {};
  const find = async (id: string, kind: 'holder' | 'supporter' | 'broker', empty: string) => {
    const found = await personByTyped(kit, c, text(form[id]), kind, empty);
    if (typeof found === 'string') errors[id] = found;
    return typeof found === 'string' ? '' : found.id;
  };
  const holderId = await find('holderReference', 'holder', CREATE_WORDS.holderId);
  const coHolderId =
    mode === 'joint' ? await find('coHolderReference', 'supporter', CREATE_WORDS.coHolderIds) : '';
  const brokerId =
    mode === 'managed' ? await find('brokerReference', 'broker', CREATE_WORDS.brokerId) : '';
  return { holderId, coHolderId, brokerId, errors };
}

async function create(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'create budgets');
  const form = await c.req.parseBody();
  const a = new Answers(form);
  const periodStart = a.date('periodStart', 'the date the period starts');
  const periodEnd = a.date('periodEnd', 'the date the period ends');
  const mode = text(form.controlMode);
  const people = await peopleOf(kit, c, form, mode ?? '');
  // The use case's own schema judges the answers; the page words its problems.
  const checked = checkInput(CreateBudgetInput, {
    holderId: people.holderId,
    streamId: text(form.streamId),
    periodStart,
    periodEnd,
    controlMode: mode,
    coHolderIds: people.coHolderId ? [people.coHolderId] : [],
    ...(people.brokerId ? { brokerId: people.brokerId } : {}),
  });
  const problems = checked.ok ? new Map<string, string>() : checked.problems;
  const errors = inFormOrder(
    { ...inputErrors(problems, CREATE_WORDS, CREATE_IDS), ...a.errors, ...people.errors },
    [...ORDER, 'coHolderReference', 'brokerReference'],
  );
  if (!checked.ok || Object.keys(errors).length) return newPage(kit, c, form, errors, 422);
  try {
    const b = await createBudget(kit.deps, kit.ctx(c), checked.input, {
      key: typeof form.key === 'string' ? form.key : undefined,
      replayed: () => {},
    });
    return c.redirect(`${path`/budgets/${b.id}`}?done=created`, 303);
  } catch (error) {
    const r = refusal(
      error,
      {
        holderId: 'holderReference',
        streamId: 'streamId',
        periodStart: 'periodStart-day',
        periodEnd: 'periodEnd-day',
        coHolderIds: 'coHolderReference',
        brokerId: 'brokerReference',
      },
      'holderReference',
    );
    return newPage(kit, c, { ...form, key: kit.deps.ids('form') }, r.errors, r.status);
  }
}

/** Creating a budget: its stream first, from a page of streams, then who and when. */
export function budgetNewRoutes(kit: PageKit): void {
  kit.get('/budgets/new', (c) => {
    coordinatorOnly(c, 'create budgets');
    return newPage(kit, c, {}, {});
  });
  kit.post('/budgets/new', (c) => create(kit, c));
}
