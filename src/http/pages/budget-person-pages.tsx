import { erasePerson } from '../../core/budgets/erasure.js';
import type { PersonKind } from '../../core/budgets/model.js';
import { registerPerson } from '../../core/budgets/setup.js';
import { notFound } from '../../core/errors.js';
import { Answers, coordinatorOnly, refusal } from './budget-forms.js';
import { personLabel } from './budget-people.js';
import { SummaryList } from './display.js';
import { Button, ErrorSummary, Hidden, Radios, TextField, type FieldErrors } from './form.js';
import { longDate, path } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { Banner, Confirmation } from './layout.js';

const KINDS: { value: PersonKind; label: string; hint: string }[] = [
  { value: 'holder', label: 'A budget holder', hint: 'The person the budget is for.' },
  {
    value: 'supporter',
    label: 'A supporter who may co-hold a budget',
    hint: 'A friend, keyworker or provider who approves spends above the limit.',
  },
  {
    value: 'broker',
    label: 'A broker',
    hint: 'Spends on the holder’s behalf on a managed budget.',
  },
];
const KIND_TEXT: Record<PersonKind, string> = {
  holder: 'Budget holder',
  supporter: 'Supporter (may co-hold)',
  broker: 'Broker',
};

/**
 * A person on budgets: registering them, their record, and erasing their personal data (which
 * says first what goes and what stays). The coordinator's alone.
 */
export function budgetPersonRoutes(kit: PageKit): void {
  registerRoutes(kit);
  personRoute(kit);
  erasureRoutes(kit);
}

function registerRoutes(kit: PageKit): void {
  const registerPage = (
    c: PageContext,
    values: Record<string, string>,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) =>
    kit.page(
      c,
      { title: 'Register a person', hasErrors: status !== 200, back: { href: '/budgets' } },
      <>
        <ErrorSummary errors={errors} />
        <h1>Register a person</h1>
        <form method="post" action="/budgets/people/new" novalidate>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
          <Radios
            id="kind"
            legend="Who are they?"
            value={values.kind}
            error={errors.kind}
            choices={KINDS.map((k) => ({ value: k.value, label: k.label, hint: k.hint }))}
          />
          <TextField
            id="name"
            label="Their name (optional)"
            hint="Only if they want it kept. Pages show their reference and initials."
            value={values.name}
            error={errors.name}
          />
          <Button>Register the person</Button>
        </form>
      </>,
      status,
    );

  kit.get('/budgets/people/new', (c) => {
    coordinatorOnly(c, 'register people');
    return registerPage(c, {}, {});
  });
  kit.post('/budgets/people/new', async (c) => {
    coordinatorOnly(c, 'register people');
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const kind = a.text('kind', 'Choose who they are');
    const name = a.text('name', undefined, 80);
    const values = { kind: kind ?? '', name: name ?? '', key: String(form.key ?? '') };
    if (kind && !KINDS.some((k) => k.value === kind)) a.errors.kind = 'Choose who they are';
    if (!a.ok) return registerPage(c, values, a.errors, 422);
    try {
      const p = await registerPerson(
        kit.deps,
        kit.ctx(c),
        { kind: kind as PersonKind, name: name ?? null },
        { key: values.key || undefined, replayed: () => {} },
      );
      return c.redirect(`${path`/budgets/people/${p.id}`}?done=registered`, 303);
    } catch (error) {
      const r = refusal(error, { kind: 'kind', name: 'name' }, 'kind');
      return registerPage(c, { ...values, key: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
}

async function findPerson(kit: PageKit, c: PageContext) {
  const p = await kit.deps.budgets.getPerson(c.req.param('person')!);
  if (!p || p.allianceId !== c.get('actor').allianceId)
    throw notFound('person_not_found', 'No such person in your alliance.');
  return p;
}

function personRoute(kit: PageKit): void {
  kit.get('/budgets/people/:person', async (c) => {
    coordinatorOnly(c, 'see budget people');
    const p = await findPerson(kit, c);
    const done = c.req.query('done');
    const title = await personLabel(kit, p.id);
    return kit.page(
      c,
      { title: done === 'registered' ? 'Person registered' : title, back: { href: '/budgets' } },
      <>
        {done === 'registered' ? (
          <Confirmation
            title="Person registered"
            body={
              <>
                Their reference
                <br />
                <strong>{p.reference}</strong>
              </>
            }
            links={[
              p.kind === 'holder' && { href: '/budgets/new', label: 'Create a budget for them' },
              { href: '/access', label: 'Give them a sign-in code' },
              { href: '/budgets/people/new', label: 'Register someone else' },
            ]}
          />
        ) : (
          <>
            {done === 'erased' && <Banner heading="Their personal data has been erased" />}
            <h1>{title}</h1>
          </>
        )}
        <SummaryList
          rows={[
            { key: 'Reference', value: p.reference },
            { key: 'Who they are', value: KIND_TEXT[p.kind] },
            { key: 'Name', value: p.erasedAt ? 'Erased' : (p.name ?? 'Not given') },
            { key: 'Registered', value: longDate(p.createdAt) },
            p.erasedAt && { key: 'Erased', value: longDate(p.erasedAt) },
          ]}
        />
        {!p.erasedAt && (
          <ul class="links">
            <li>
              <a href={path`/budgets/people/${p.id}/erasure`}>Erase their personal data</a>
            </li>
          </ul>
        )}
      </>,
    );
  });
}

function erasureRoutes(kit: PageKit): void {
  kit.get('/budgets/people/:person/erasure', async (c) => {
    coordinatorOnly(c, 'erase personal data');
    const p = await findPerson(kit, c);
    return kit.page(
      c,
      { title: 'Erase their personal data', back: { href: path`/budgets/people/${p.id}` } },
      <>
        <span class="caption">{await personLabel(kit, p.id)}</span>
        <h1>Erase their personal data</h1>
        <h2>What goes</h2>
        <ul>
          <li>their name</li>
          <li>
            for a holder: who was paid, what for, and the reasons given, on every spend of their
            budgets, and on what their pools bought with their share
          </li>
          <li>reasons they wrote when deciding anyone’s spends</li>
          <li>the name on their sign-in codes</li>
        </ul>
        <h2>What stays</h2>
        <ul>
          <li>their reference, {p.reference}</li>
          <li>every amount, date and state, and the books, which still add up and verify</li>
        </ul>
        <p>This cannot be undone.</p>
        <form method="post" action={path`/budgets/people/${p.id}/erasure`} novalidate>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <Button>Erase their personal data</Button>
        </form>
      </>,
    );
  });

  kit.post('/budgets/people/:person/erasure', async (c) => {
    coordinatorOnly(c, 'erase personal data');
    const p = await findPerson(kit, c);
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' && form.key ? form.key : undefined;
    await erasePerson(kit.deps, kit.ctx(c), p.id, { key, replayed: () => {} });
    return c.redirect(`${path`/budgets/people/${p.id}`}?done=erased`, 303);
  });
}
