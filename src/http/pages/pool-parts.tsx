import type { getPool } from '../../core/budgets/pools.js';
import { categoryLabel } from '../../core/labels.js';
import { DOMAINS } from '../../core/sparks/model.js';
import { dateError } from './budget-forms.js';
import { Table } from './display.js';
import {
  Button,
  DateInput,
  Hidden,
  Radios,
  TextArea,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { longDate, pounds } from './format.js';
import type { PageKit } from './kit.js';
import { personLabel } from './budget-people.js';

export type PoolView = Awaited<ReturnType<typeof getPool>>;

/** What a member just did, as the banner on their pool's page says it. */
export const DONE: Record<string, string> = {
  joined: 'You have joined the pool',
  contributed: 'Money added to your share',
  bought: 'Purchase recorded and shared among the members',
  left: 'You have left the pool: your share is back in your budget',
};

/** Each member's share, named by the holder's reference: for the pool's coordinator. */
export const Shares = async (p: { kit: PageKit; pool: PoolView }) => {
  const rows = [];
  for (const m of p.pool.members) {
    const b = await p.kit.deps.budgets.getBudget(m.budgetId);
    rows.push([
      await personLabel(p.kit, b?.holderId ?? null),
      m.leftAt ? `Left on ${longDate(m.leftAt)}` : 'Member',
      pounds(m.share),
    ]);
  }
  return (
    <Table
      caption="Each member’s share"
      columns={[{ label: 'Member' }, { label: 'State' }, { label: 'Share', numeric: true }]}
      rows={rows}
    />
  );
};

/** What the pool bought, and the reader's part (or, for its coordinator, every member's part). */
export const Purchases = (p: { pool: PoolView; budgetId: string | null }) =>
  p.pool.purchases.length ? (
    <Table
      caption={`What ${p.pool.name} bought`}
      columns={[
        { label: 'Date' },
        { label: 'From' },
        { label: 'Cost', numeric: true },
        { label: p.budgetId ? 'Your part' : 'Parts', numeric: true },
      ]}
      rows={p.pool.purchases.map((x) => [
        longDate(x.boughtOn),
        `${'provider' in x ? x.provider : categoryLabel(x.category)}${'description' in x && x.description ? `: ${x.description}` : ''}`,
        pounds(x.amount),
        p.budgetId
          ? pounds(x.charges.find((ch) => ch.budgetId === p.budgetId)?.amount ?? '0.00')
          : `${x.charges.length} members`,
      ])}
    />
  ) : (
    <p>The pool has bought nothing yet.</p>
  );

interface FormProps {
  action: string;
  formKey: string;
  value: (id: string) => string | undefined;
  date: DateParts;
  errors: FieldErrors;
}

/** The pool's own coordinator buys for it: what kind, who is paid, how much, what for, when. */
export const BuyForm = (p: FormProps) => (
  <form method="post" action={p.action} novalidate>
    <h2>Buy for the pool</h2>
    <Hidden name="key" value={p.formKey} />
    <Radios
      id="category"
      legend="What kind of spend is it?"
      value={p.value('category')}
      error={p.errors.category}
      choices={DOMAINS.map((d) => ({ value: d, label: categoryLabel(d) }))}
    />
    <TextField
      id="provider"
      label="Who is paid"
      value={p.value('provider')}
      error={p.errors.provider}
    />
    <TextField
      id="amount"
      label="How much, in pounds"
      width="w10"
      inputmode="decimal"
      value={p.value('amount')}
      error={p.errors.amount}
    />
    <TextArea
      id="description"
      label="What it is for"
      value={p.value('description')}
      error={p.errors.description}
    />
    <DateInput
      id="boughtOn"
      legend="When was it bought?"
      value={p.date}
      {...dateError(p.errors, 'boughtOn')}
    />
    <Button>Buy for the pool</Button>
  </form>
);

/** A member adds money from their budget to their share. */
export const ContributeForm = (p: FormProps & { budgetId: string; secondary: boolean }) => (
  <form method="post" action={p.action} novalidate>
    <h2>Add money to your share</h2>
    <Hidden name="key" value={p.formKey} />
    <Hidden name="budgetId" value={p.budgetId} />
    <TextField
      id="give"
      name="amount"
      label="How much, in pounds, from your budget"
      width="w10"
      inputmode="decimal"
      value={p.value('give')}
      error={p.errors.give}
    />
    <DateInput
      id="contributedOn"
      legend="On what date?"
      value={p.date}
      {...dateError(p.errors, 'contributedOn')}
    />
    <Button secondary={p.secondary}>Add the money</Button>
  </form>
);

/** A member leaves: what is left of their share goes back into their budget today. */
export const LeaveForm = (p: {
  action: string;
  formKey: string;
  budgetId: string;
  share: string;
}) => (
  <form method="post" action={p.action} novalidate>
    <h2>Leave the pool</h2>
    <p>What is left of your share, {pounds(p.share)}, goes back into your budget today.</p>
    <Hidden name="key" value={p.formKey} />
    <Hidden name="budgetId" value={p.budgetId} />
    <Button secondary>Leave the pool</Button>
  </form>
);
