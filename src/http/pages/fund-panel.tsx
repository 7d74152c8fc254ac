import { Pagination, pagingOf } from './list-paging.js';
import { requireRole } from '../../core/policy.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { addPanelMember, listPanelMembers } from '../../core/sparks/people.js';
import { retirePanelMember } from '../../core/sparks/retire.js';
import type { PanelMember } from '../../core/sparks/model.js';
import { Table } from './display.js';
import { Button, ErrorSummary, Hidden, Radios, TextField, type FieldErrors } from './form.js';
import { longDate, path } from './format.js';
import { text, typed, type PageContext, type PageKit } from './kit.js';
import { Banner } from './layout.js';

const alliance = (c: PageContext) => c.get('actor').allianceId;
type Listed = Awaited<ReturnType<typeof listPanelMembers>>['items'];

/** Those on the panel now, each with a button to retire them (a form key each). */
function servingTable(kit: PageKit, serving: Listed) {
  return serving.length ? (
    <Table
      caption="On the panel now"
      columns={[
        { label: 'Name or initials' },
        { label: 'Lived experience of recovery' },
        { label: 'Stepping down' },
      ]}
      rows={serving.map((m) => [
        m.name,
        m.livedExperience ? 'Yes' : 'No',
        <form method="post" action={path`/sparks/panel/${m.id}/retirement`} novalidate>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <button type="submit" class="button button--secondary">
            Retire {m.name}
          </button>
        </form>,
      ])}
    />
  ) : (
    <p class="muted">No one serves on the panel now.</p>
  );
}

function AddMemberForm(props: {
  formKey: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { values, errors } = props;
  return (
    <>
      <h2>Add a panel member</h2>
      <form method="post" action="/sparks/panel" novalidate>
        <Hidden name="key" value={props.formKey} />
        <TextField
          id="name"
          label="Name or initials"
          hint="As the panel knows them; initials are enough."
          width="w20"
          value={values.name}
          error={errors.name}
        />
        <Radios
          id="livedExperience"
          legend="Do they have lived experience of recovery?"
          hint="Those with lived experience must be the majority of those deciding."
          value={values.livedExperience}
          error={errors.livedExperience}
          choices={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
        />
        <Button>Add to the panel</Button>
      </form>
    </>
  );
}

/** The banner for the member just added or retired, read from the query. */
function Banners(props: { added: PanelMember | undefined; retired: PanelMember | undefined }) {
  const { added, retired } = props;
  return (
    <>
      {added && (
        <Banner
          heading={`${added.name} added to the panel${added.livedExperience ? ', with lived experience of recovery' : ''}`}
        />
      )}
      {retired?.retiredOn && (
        <Banner
          heading={`${retired.name} retired from the panel on ${longDate(retired.retiredOn)}`}
        />
      )}
    </>
  );
}

async function panelPage(
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  errors: FieldErrors,
  status: 200 | 422 = 200,
) {
  // Those serving, or (?state=retired) those retired, 25 a page; the banners read their one.
  const paging = pagingOf(c);
  const state = c.req.query('state') === 'retired' ? 'retired' : 'serving';
  const [{ items, next }, named] = await Promise.all([
    listPanelMembers(kit.deps, kit.ctx(c), alliance(c), { state, page: paging.page }),
    kit.deps.sparks.getPanelMembers(
      status === 200 ? [c.req.query('added') ?? '', c.req.query('retired') ?? ''] : [],
    ),
  ]);
  const ours = named.filter((m) => m.allianceId === alliance(c));
  const past = state === 'retired' ? items : [];
  return kit.page(
    c,
    { title: 'Panel members', hasErrors: status !== 200, back: { href: '/sparks' } },
    <>
      <ErrorSummary errors={errors} />
      <Banners
        added={ours.find((m) => m.id === c.req.query('added'))}
        retired={ours.find((m) => m.id === c.req.query('retired'))}
      />
      <h1>Panel members</h1>
      {state === 'retired' ? (
        <ul class="links">
          <li>
            <a href="/sparks/panel">Those on the panel now</a>
          </li>
        </ul>
      ) : (
        servingTable(kit, items)
      )}
      {past.length > 0 && (
        <Table
          caption="Retired"
          columns={[{ label: 'Name or initials' }, { label: 'Retired on' }]}
          rows={past.map((m) => [m.name, longDate(m.retiredOn)])}
        />
      )}
      <Pagination
        base="/sparks/panel"
        filters={state === 'retired' ? [['state', 'retired']] : []}
        paging={paging}
        next={next}
        what="panel members"
      />
      {state === 'serving' && (
        <ul class="links">
          <li>
            <a href="/sparks/panel?state=retired">Those who have retired from the panel</a>
          </li>
        </ul>
      )}
      <AddMemberForm formKey={values.key ?? kit.deps.ids('form')} values={values} errors={errors} />
    </>,
    status,
  );
}

async function retire(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'retire panel members');
  const form = await c.req.parseBody();
  const member = c.req.param('member')!;
  await retirePanelMember(
    kit.deps,
    kit.ctx(c),
    alliance(c),
    member,
    {},
    {
      key: text(form.key) ?? null,
    },
  );
  return c.redirect(`/sparks/panel?retired=${encodeURIComponent(member)}`, 303);
}

async function addMember(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'add panel members');
  const form = await c.req.parseBody();
  const values = typed(form);
  const errors: FieldErrors = {};
  const name = text(form.name);
  const lived = text(form.livedExperience);
  if (!name) errors.name = 'Enter their name or initials';
  else if (name.length > 80) errors.name = 'Name or initials must be 80 characters or fewer';
  if (lived !== 'yes' && lived !== 'no')
    errors.livedExperience = 'Choose whether they have lived experience of recovery';
  if (Object.keys(errors).length || !name) return panelPage(kit, c, values, errors, 422);
  const member = await addPanelMember(
    kit.deps,
    kit.ctx(c),
    alliance(c),
    { name, livedExperience: lived === 'yes' },
    { key: text(form.key) ?? null },
  );
  return c.redirect(`/sparks/panel?added=${encodeURIComponent(member.id)}`, 303);
}

/**
 * The panel's members, coordinators only, with whether each has lived experience, which the
 * quorum and lived-experience rules count at every sitting; add one, or retire one.
 */
export function panelMemberRoutes(kit: PageKit): void {
  kit.post('/sparks/panel/:member/retirement', (c) => retire(kit, c));
  kit.get('/sparks/panel', (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'add panel members');
    return panelPage(kit, c, {}, {});
  });
  kit.post('/sparks/panel', (c) => addMember(kit, c));
}
