import { CreatePoolInput, createPool, getPool } from '../../core/budgets/pools.js';
import { splitLabel } from '../../core/labels.js';
import { checkInput } from '../../core/input.js';
import { Answers, coordinatorOnly, inFormOrder, inputErrors, refusal } from './budget-forms.js';
import { personByTyped, personLabel } from './budget-people.js';
import { Button, ErrorSummary, Hidden, Radios, TextField, type FieldErrors } from './form.js';
import { path, pounds } from './format.js';
import { text, type Form, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';
import { poolActionRoutes } from './pool-actions.js';
import { poolMemberRoutes } from './pool-member.js';
import { Purchases, Shares } from './pool-parts.js';

/** The form to create a pool, its answers and problems kept. */
async function newPage(
  kit: PageKit,
  c: PageContext,
  form: Form,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
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
        <TextField
          id="coordinatorReference"
          label="The member who buys for the pool"
          hint="The reference on the budget holder’s papers, for example IB-7KQ2-M9XD"
          width="w20"
          value={v('coordinatorReference')}
          error={errors.coordinatorReference}
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
}

/** Creating a pool: its name, the member who buys for it, and how purchases are shared. */
function createRoutes(kit: PageKit): void {
  kit.get('/budgets/pools/new', (c) => {
    coordinatorOnly(c, 'create pools');
    return newPage(kit, c, {}, {});
  });
  kit.post('/budgets/pools/new', async (c) => {
    coordinatorOnly(c, 'create pools');
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const buyer = await personByTyped(
      kit,
      c,
      text(form.coordinatorReference),
      'holder',
      'Enter the reference of the member who buys for the pool',
    );
    if (typeof buyer === 'string') a.errors.coordinatorReference = buyer;
    const splitRule = a.text('splitRule', 'Choose how purchases are shared');
    // The use case's own schema judges the answers; the page words its problems.
    const answers = {
      name: text(form.name),
      coordinatorPersonId: typeof buyer === 'string' ? undefined : buyer.id,
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
          coordinatorPersonId: null, // said by holderByReference
          splitRule: 'Choose how purchases are shared',
        }),
      },
      ['name', 'coordinatorReference', 'splitRule'],
    );
    if (!checked.ok || Object.keys(errors).length) return newPage(kit, c, form, errors, 422);
    try {
      const p = await createPool(kit.deps, kit.ctx(c), checked.input, {
        key: typeof form.key === 'string' ? form.key : undefined,
        replayed: () => {},
      });
      return c.redirect(`${path`/budgets/pools/${p.id}`}?done=created`, 303);
    } catch (error) {
      const r = refusal(
        error,
        { name: 'name', coordinatorPersonId: 'coordinatorReference' },
        'name',
      );
      return newPage(kit, c, { ...form, key: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
}

/** The coordinator's page of a pool: every member's share and what it bought. */
function viewRoute(kit: PageKit): void {
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
}

/**
 * Pools on the web. The coordinator creates one and sees each member's share. A holder (or the
 * broker of a managed budget) joins with a budget, adds money to their share, and leaves, getting
 * what is left of their share back; the pool's own coordinator, a member, buys for the pool, and
 * each purchase is shared among the members to the penny by the pool's rule.
 */
export function poolRoutes(kit: PageKit): void {
  createRoutes(kit);
  viewRoute(kit);
  poolMemberRoutes(kit);
  poolActionRoutes(kit);
}
