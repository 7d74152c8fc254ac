import { personOf, requireSpender } from '../../core/budgets/common.js';
import { requireRole } from '../../core/policy.js';
import {
  ContributeInput,
  contribute,
  CreatePoolInput,
  createPool,
  getPool,
  joinPool,
  leavePool,
  purchase,
} from '../../core/budgets/pools.js';
import { categoryLabel, splitLabel } from '../../core/labels.js';
import { checkInput } from '../../core/input.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { formatMinor } from '../../core/money.js';
import { DOMAINS } from '../../core/sparks/model.js';
import {
  amountWords,
  Answers,
  coordinatorOnly,
  dateError,
  inFormOrder,
  inputErrors,
  personOption,
  refusal,
  Select,
} from './budget-forms.js';
import { accessTo, personLabel } from './budget-people.js';
import { Table } from './display.js';
import {
  Button,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextArea,
  TextField,
  type FieldErrors,
} from './form.js';
import { longDate, path, pounds } from './format.js';
import {
  dateParts,
  partsOf,
  text,
  typedAmount,
  type Form,
  type PageContext,
  type PageKit,
} from './kit.js';
import { Banner, Confirmation } from './layout.js';

type PoolView = Awaited<ReturnType<typeof getPool>>;
const DONE: Record<string, string> = {
  joined: 'You have joined the pool',
  contributed: 'Money added to your share',
  bought: 'Purchase recorded and shared among the members',
  left: 'You have left the pool: your share is back in your budget',
};

/** Each member's share, named by the holder's reference: for the pool's coordinator. */
const Shares = async (p: { kit: PageKit; pool: PoolView }) => {
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
const Purchases = (p: { pool: PoolView; budgetId: string | null }) =>
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

/**
 * Pools on the web. The coordinator creates one and sees each member's share. A holder (or the
 * broker of a managed budget) joins with a budget, adds money to their share, and leaves, getting
 * what is left of their share back; the pool's own coordinator, a member, buys for the pool, and
 * each purchase is shared among the members to the penny by the pool's rule.
 */
export function poolRoutes(kit: PageKit): void {
  const newPage = async (
    c: PageContext,
    form: Form,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) => {
    const people = (await kit.deps.budgets.listPeople(c.get('actor').allianceId)).filter(
      (p) => !p.erasedAt && p.kind === 'holder',
    );
    const v = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    return kit.page(
      c,
      { title: 'Create a pool', hasErrors: status !== 200, back: { href: '/budgets' } },
      <>
        <ErrorSummary errors={errors} />
        <h1>Create a pool</h1>
        <form method="post" action="/budgets/pools/new" novalidate>
          <Hidden name="key" value={v('key') ?? kit.deps.ids('form')} />
          <TextField
            id="name"
            label="Name of the pool"
            hint="For example, Allotment group."
            value={v('name')}
            error={errors.name}
          />
          <Select
            id="coordinatorPersonId"
            label="The member who buys for the pool"
            options={people.map((p) => ({ value: p.id, label: personOption(p) }))}
            value={v('coordinatorPersonId')}
            error={errors.coordinatorPersonId}
          />
          <Radios
            id="splitRule"
            legend="How is each purchase shared?"
            value={v('splitRule') ?? 'pro_rata'}
            error={errors.splitRule}
            choices={(['pro_rata', 'equal'] as const).map((r) => ({
              value: r,
              label: splitLabel(r),
            }))}
          />
          <Button>Create the pool</Button>
        </form>
      </>,
      status,
    );
  };
  kit.get('/budgets/pools/new', (c) => {
    coordinatorOnly(c, 'create pools');
    return newPage(c, {}, {});
  });
  kit.post('/budgets/pools/new', async (c) => {
    coordinatorOnly(c, 'create pools');
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const splitRule = a.text('splitRule', 'Choose how purchases are shared');
    // The use case's own schema judges the answers; the page words its problems.
    const answers = {
      name: text(form.name),
      coordinatorPersonId: text(form.coordinatorPersonId),
      splitRule,
    };
    const checked = checkInput(CreatePoolInput, answers);
    const problems = checked.ok ? new Map<string, string>() : checked.problems;
    const errors = inFormOrder(
      {
        ...a.errors,
        ...inputErrors(problems, {
          name: answers.name
            ? 'The name must be 80 characters or fewer'
            : 'Enter the name of the pool',
          coordinatorPersonId: 'Choose the member who buys for the pool',
          splitRule: 'Choose how purchases are shared',
        }),
      },
      ['name', 'coordinatorPersonId', 'splitRule'],
    );
    if (!checked.ok || Object.keys(errors).length) return newPage(c, form, errors, 422);
    try {
      const p = await createPool(kit.deps, kit.ctx(c), checked.input, {
        key: typeof form.key === 'string' ? form.key : undefined,
        replayed: () => {},
      });
      return c.redirect(`${path`/budgets/pools/${p.id}`}?done=created`, 303);
    } catch (error) {
      const r = refusal(
        error,
        { name: 'name', coordinatorPersonId: 'coordinatorPersonId' },
        'name',
      );
      return newPage(c, { ...form, key: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
  kit.get('/budgets/pools/:pool', async (c) => {
    coordinatorOnly(c, 'see pools');
    const pool = await getPool(kit.deps, kit.ctx(c), c.req.param('pool')!);
    const created = c.req.query('done') === 'created';
    return kit.page(
      c,
      { title: created ? 'Pool created' : pool.name, back: { href: '/budgets' } },
      <>
        {created ? (
          <Confirmation
            title="Pool created"
            body={pool.name}
            links={[{ href: '/budgets', label: 'Go back to budgets' }]}
          />
        ) : (
          <h1>{pool.name}</h1>
        )}
        <p>
          {splitLabel(pool.splitRule)}. Bought by {await personLabel(kit, pool.coordinatorPersonId)}
          . Holds {pounds(pool.balance ?? '0.00')}.
        </p>
        {pool.members.length ? (
          await Shares({ kit, pool })
        ) : (
          <p>No one has joined yet. Holders join from their own budget page.</p>
        )}
        <Purchases pool={pool} budgetId={null} />
      </>,
    );
  });

  // A member's pages: which of their budgets they act with comes in the address (?budget=).
  kit.get('/my/budgets/:budget/pools', async (c) => {
    const budgetId = c.req.param('budget')!;
    requireSpender(await accessTo(kit, c, budgetId));
    const [pools, mine] = await Promise.all([
      kit.deps.budgets.listPools(c.get('actor').allianceId),
      kit.deps.budgets.poolsOfBudget(budgetId),
    ]);
    const open = pools.filter((p) => !mine.some((m) => m.poolId === p.id && m.leftAt === null));
    return kit.page(
      c,
      { title: 'Join a pool', back: { href: '/my', label: 'Back to my budgets' } },
      <>
        <h1>Join a pool</h1>
        <p>
          Members add money from their budgets, and the pool buys together what none could buy
          alone. You can leave at any time and get what is left of your share back.
        </p>
        {open.length ? (
          open.map((p) => (
            <form method="post" action={path`/my/pools/${p.id}/members`} novalidate>
              <h2>{p.name}</h2>
              <p>{splitLabel(p.splitRule)}.</p>
              <Hidden name="key" value={kit.deps.ids('form')} />
              <Hidden name="budgetId" value={budgetId} />
              <Button secondary>Join {p.name}</Button>
            </form>
          ))
        ) : (
          <p>There is no pool to join yet. Your coordinator can set one up.</p>
        )}
      </>,
    );
  });
  kit.post('/my/pools/:pool/members', async (c) => {
    const form = await c.req.parseBody();
    const budgetId = String(form.budgetId ?? '');
    await joinPool(
      kit.deps,
      kit.ctx(c),
      c.req.param('pool')!,
      { budgetId },
      { key: typeof form.key === 'string' ? form.key : undefined, replayed: () => {} },
    );
    return c.redirect(
      `${path`/my/pools/${c.req.param('pool')!}`}?budget=${encodeURIComponent(budgetId)}&done=joined`,
      303,
    );
  });

  const memberPage = async (
    c: PageContext,
    form: Form,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) => {
    const pool = await getPool(kit.deps, kit.ctx(c), c.req.param('pool')!);
    const person = personOf(c.get('actor'));
    const buyer = person !== null && person === pool.coordinatorPersonId;
    const asked = c.req.query('budget') ?? (typeof form.budgetId === 'string' ? form.budgetId : '');
    const mine = [];
    for (const m of pool.members) {
      const b = await kit.deps.budgets.getBudget(m.budgetId);
      if (
        b &&
        (b.holderId === person ||
          (await accessTo(kit, c, b.id).then(
            (x) => x.as === 'broker',
            () => false,
          )))
      )
        mine.push(m);
    }
    const member = mine.find((m) => m.budgetId === asked) ?? mine.find((m) => !m.leftAt) ?? mine[0];
    const active = member && !member.leftAt;
    const v = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    const today = partsOf(isoDateOf(kit.deps.clock()));
    const done = status === 200 ? c.req.query('done') : undefined;
    const base = path`/my/pools/${pool.id}`;
    return kit.page(
      c,
      {
        title: pool.name,
        hasErrors: status !== 200,
        back: { href: '/my', label: 'Back to my budgets' },
      },
      <>
        <ErrorSummary errors={errors} />
        {done && DONE[done] && <Banner heading={DONE[done]!} />}
        <h1>{pool.name}</h1>
        <p>
          {member ? `Your share: ${pounds(member.share)}. ` : ''}
          {splitLabel(pool.splitRule)}.
        </p>
        {buyer && (
          <>
            {await Shares({ kit, pool })}
            <form method="post" action={`${base}/purchases`} novalidate>
              <h2>Buy for the pool</h2>
              <Hidden name="key" value={v('buyKey') ?? kit.deps.ids('form')} />
              <Radios
                id="category"
                legend="What kind of spend is it?"
                value={v('category')}
                error={errors.category}
                choices={DOMAINS.map((d) => ({ value: d, label: categoryLabel(d) }))}
              />
              <TextField
                id="provider"
                label="Who is paid"
                value={v('provider')}
                error={errors.provider}
              />
              <TextField
                id="amount"
                label="How much, in pounds"
                width="w10"
                inputmode="decimal"
                value={v('amount')}
                error={errors.amount}
              />
              <TextArea
                id="description"
                label="What it is for"
                value={v('description')}
                error={errors.description}
              />
              <DateInput
                id="boughtOn"
                legend="When was it bought?"
                value={v('boughtOn-day') ? dateParts(form, 'boughtOn') : today}
                {...dateError(errors, 'boughtOn')}
              />
              <Button>Buy for the pool</Button>
            </form>
          </>
        )}
        {active && (
          <>
            <form method="post" action={`${base}/contributions`} novalidate>
              <h2>Add money to your share</h2>
              <Hidden name="key" value={v('key') ?? kit.deps.ids('form')} />
              <Hidden name="budgetId" value={member.budgetId} />
              <TextField
                id="give"
                name="amount"
                label="How much, in pounds, from your budget"
                width="w10"
                inputmode="decimal"
                value={v('give')}
                error={errors.give}
              />
              <DateInput
                id="contributedOn"
                legend="On what date?"
                value={v('contributedOn-day') ? dateParts(form, 'contributedOn') : today}
                {...dateError(errors, 'contributedOn')}
              />
              <Button secondary={buyer}>Add the money</Button>
            </form>
            <form method="post" action={`${base}/leaving`} novalidate>
              <h2>Leave the pool</h2>
              <p>
                What is left of your share, {pounds(member.share)}, goes back into your budget
                today.
              </p>
              <Hidden name="key" value={kit.deps.ids('form')} />
              <Hidden name="budgetId" value={member.budgetId} />
              <Button secondary>Leave the pool</Button>
            </form>
          </>
        )}
        <Purchases pool={pool} budgetId={member?.budgetId ?? null} />
      </>,
      status,
    );
  };
  kit.get('/my/pools/:pool', (c) => {
    // The coordinator's view of a pool is /budgets/pools/:pool; this one is for its members.
    requireRole(c.get('actor'), ['holder', 'broker'], 'act in a pool');
    return memberPage(c, {}, {});
  });
  const again = (c: PageContext, form: Form, done: string) =>
    c.redirect(
      `${path`/my/pools/${c.req.param('pool')!}`}?budget=${encodeURIComponent(String(form.budgetId ?? ''))}&done=${done}`,
      303,
    );
  kit.post('/my/pools/:pool/contributions', async (c) => {
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const contributedOn = a.date('contributedOn', 'the date');
    const values = { ...form, give: String(form.amount ?? '') };
    // The use case's own schema judges the answers; the page words its problems.
    const answers = {
      budgetId: String(form.budgetId ?? ''),
      amount: typedAmount(form.amount),
      contributedOn,
    };
    const checked = checkInput(ContributeInput, answers);
    const problems = checked.ok ? new Map<string, string>() : checked.problems;
    const errors = inFormOrder(
      {
        ...inputErrors(
          problems,
          { amount: amountWords(answers.amount, 'Enter how much to add'), contributedOn: null },
          { amount: 'give' },
        ),
        ...a.errors,
      },
      ['give', 'contributedOn'],
    );
    if (!checked.ok || Object.keys(errors).length) return memberPage(c, values, errors, 422);
    try {
      await contribute(
        kit.deps,
        kit.ctx(c),
        c.req.param('pool')!,
        checked.input,
        typeof form.key === 'string' ? form.key : null,
      );
      return again(c, form, 'contributed');
    } catch (error) {
      const r = refusal(error, { amount: 'give', contributedOn: 'contributedOn-day' }, 'give');
      return memberPage(c, { ...values, key: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
  kit.post('/my/pools/:pool/leaving', async (c) => {
    const form = await c.req.parseBody();
    try {
      await leavePool(
        kit.deps,
        kit.ctx(c),
        c.req.param('pool')!,
        { budgetId: String(form.budgetId ?? ''), leftOn: isoDateOf(kit.deps.clock()) },
        typeof form.key === 'string' ? form.key : null,
      );
      return again(c, form, 'left');
    } catch (error) {
      const r = refusal(error, {}, 'give');
      return memberPage(c, form, r.errors, r.status);
    }
  });
  kit.post('/my/pools/:pool/purchases', async (c) => {
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const category = a.text('category', 'Choose what kind of spend it is');
    const provider = a.text('provider', 'Enter who is paid', 120);
    const amountMinor = a.amount('amount', 'Enter how much it costs');
    const description = a.text('description', 'Enter what it is for');
    const boughtOn = a.date('boughtOn', 'the date it was bought');
    const values = { ...form, buyKey: String(form.key ?? '') };
    if (!a.ok || !category || !provider || !description)
      return memberPage(c, values, a.errors, 422);
    try {
      await purchase(
        kit.deps,
        kit.ctx(c),
        c.req.param('pool')!,
        { category, provider, amount: formatMinor(amountMinor), description, boughtOn },
        typeof form.key === 'string' ? form.key : null,
      );
      return c.redirect(`${path`/my/pools/${c.req.param('pool')!}`}?done=bought`, 303);
    } catch (error) {
      const r = refusal(
        error,
        { amount: 'amount', provider: 'provider', category: 'category', boughtOn: 'boughtOn-day' },
        'amount',
      );
      return memberPage(c, { ...values, buyKey: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
}
