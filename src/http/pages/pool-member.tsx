import { personOf, requireSpender } from '../../core/budgets/common.js';
import { getPool, joinPool } from '../../core/budgets/pools.js';
import { nameFilter } from '../../core/budgets/setup.js';
import { splitLabel } from '../../core/labels.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { pageOf } from '../../core/paging.js';
import { requireRole } from '../../core/policy.js';
import { accessTo } from './budget-people.js';
import { Button, ErrorSummary, Hidden, TextField, type FieldErrors } from './form.js';
import { path, pounds } from './format.js';
import { dateParts, partsOf, type Form, type PageContext, type PageKit } from './kit.js';
import { Banner } from './layout.js';
import { filterQuery, Pagination, pagingOf } from './list-paging.js';
import { Filters } from './list-parts.js';
import {
  BuyForm,
  ContributeForm,
  DONE,
  LeaveForm,
  Purchases,
  Shares,
  type PoolView,
} from './pool-parts.js';

/**
 * The reader's own memberships of the pool: budgets they hold, or broker for. Two reads whatever
 * the pool's size: the budgets the person is named on (few), then the parties of those.
 */
async function membershipsOf(c: PageContext, kit: PageKit, pool: PoolView) {
  const person = personOf(c.get('actor'));
  if (!person) return [];
  const allianceId = c.get('actor').allianceId;
  const inPool = new Set(pool.members.map((m) => m.budgetId));
  const theirs = (await kit.deps.budgets.listBudgets({ allianceId, personId: person })).filter(
    (b) => inPool.has(b.id),
  );
  const parties = await kit.deps.budgets.partiesOf(theirs.map((b) => b.id));
  const acts = new Set(
    theirs
      .filter(
        (b) =>
          b.holderId === person ||
          (parties.get(b.id) ?? []).some(
            (p) => p.personId === person && p.role === 'broker' && p.removedAt === null,
          ),
      )
      .map((b) => b.id),
  );
  return pool.members.filter((m) => acts.has(m.budgetId));
}

/**
 * A member's page of a pool: their share, the forms to add to it and to leave, and, for the
 * member who buys for the pool, every share and the form to buy. Which of their budgets they act
 * with comes in the address (?budget=) or the form sent.
 */
export async function memberPage(
  kit: PageKit,
  c: PageContext,
  form: Form,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const pool = await getPool(kit.deps, kit.ctx(c), c.req.param('pool')!);
  const person = personOf(c.get('actor'));
  const buyer = person !== null && person === pool.coordinatorPersonId;
  const asked = c.req.query('budget') ?? (typeof form.budgetId === 'string' ? form.budgetId : '');
  const mine = await membershipsOf(c, kit, pool);
  const member = mine.find((m) => m.budgetId === asked) ?? mine.find((m) => !m.leftAt) ?? mine[0];
  const value = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  const today = partsOf(isoDateOf(kit.deps.clock()));
  const dateOf = (id: string) => (value(`${id}-day`) ? dateParts(form, id) : today);
  const done = status === 200 ? c.req.query('done') : undefined;
  const base = path`/my/pools/${pool.id}`;
  const at = { value, errors };
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
      {buyer && (await Shares({ kit, pool }))}
      {buyer && (
        <BuyForm
          {...at}
          action={`${base}/purchases`}
          formKey={value('buyKey') ?? kit.deps.ids('form')}
          date={dateOf('boughtOn')}
        />
      )}
      {member && !member.leftAt && (
        <>
          <ContributeForm
            {...at}
            action={`${base}/contributions`}
            formKey={value('key') ?? kit.deps.ids('form')}
            date={dateOf('contributedOn')}
            budgetId={member.budgetId}
            secondary={buyer}
          />
          <LeaveForm
            action={`${base}/leaving`}
            formKey={kit.deps.ids('form')}
            budgetId={member.budgetId}
            share={member.share}
          />
        </>
      )}
      <Purchases pool={pool} budgetId={member?.budgetId ?? null} />
    </>,
    status,
  );
}

/**
 * The pools a budget may join, a page at a time in name order, found by how the name starts: the
 * same keyset page as the pools list, never every pool of the alliance. Pools the budget is in
 * now are left out of the page.
 */
async function joinPage(kit: PageKit, c: PageContext) {
  const budgetId = c.req.param('budget')!;
  requireSpender(await accessTo(kit, c, budgetId));
  const paging = pagingOf(c);
  const name = c.req.query('name')?.trim().slice(0, 80) || undefined;
  const [rows, mine] = await Promise.all([
    kit.deps.budgets.pagePools(c.get('actor').allianceId, nameFilter(name), paging.page),
    kit.deps.budgets.poolsOfBudget(budgetId),
  ]);
  const { items, next } = pageOf(rows, paging.page.limit, (p) => p.name);
  const open = items.filter((p) => !mine.some((m) => m.poolId === p.id && m.leftAt === null));
  const base = path`/my/budgets/${budgetId}/pools`;
  return kit.page(
    c,
    { title: 'Join a pool', back: { href: '/my', label: 'Back to my budgets' } },
    <>
      <h1>Join a pool</h1>
      <p>
        Members add money from their budgets, and the pool buys together what none could buy alone.
        You can leave at any time and get what is left of your share back.
      </p>
      <Filters
        c={c}
        action={base}
        errors={{}}
        reference={false}
        extra={
          <TextField
            id="name"
            label="Name of the pool"
            hint="All of it or how it starts"
            value={name}
            width="w20"
          />
        }
      />
      {open.map((p) => (
        <form method="post" action={path`/my/pools/${p.id}/members`} novalidate>
          <h2>{p.name}</h2>
          <p>{splitLabel(p.splitRule)}.</p>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <Hidden name="budgetId" value={budgetId} />
          <Button secondary>Join {p.name}</Button>
        </form>
      ))}
      {!open.length && (
        <p>
          {paging.after
            ? 'No more pools to join.'
            : name
              ? 'No pools to join match.'
              : 'There is no pool to join yet. Your coordinator can set one up.'}
        </p>
      )}
      <Pagination
        base={base}
        filters={filterQuery(c, ['name'])}
        paging={paging}
        next={next}
        what="pools"
      />
    </>,
  );
}

/** A member's pages: the pools a budget may join, joining one, and the pool's own page. */
export function poolMemberRoutes(kit: PageKit): void {
  kit.get('/my/budgets/:budget/pools', (c) => joinPage(kit, c));
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
  kit.get('/my/pools/:pool', (c) => {
    // The coordinator's view of a pool is /budgets/pools/:pool; this one is for its members.
    requireRole(c.get('actor'), ['holder', 'broker'], 'act in a pool');
    return memberPage(kit, c, {}, {});
  });
}
