import { Pagination, pagingOf } from './list-paging.js';
import { KindlingError } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { fundSummary, getReceipt, recordReceipt } from '../../core/sparks/alliances.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { addPanelMember, listPanelMembers } from '../../core/sparks/people.js';
import { retirePanelMember } from '../../core/sparks/retire.js';
import { SummaryList, Table } from './display.js';
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
import { longDate, path, pounds } from './format.js';
import {
  dateParts,
  formAmount,
  partsOf,
  readDate,
  said,
  text,
  typed,
  type PageContext,
  type PageKit,
} from './kit.js';
import { Banner, NextLinks, Panel } from './layout.js';

/**
 * Money into the fund and the people on the panel, coordinators only: a receipt from a funder
 * (its own idempotency key, so pressing twice records it once), ending on a confirmation read
 * back from the books; and the panel's members with whether each has lived experience, which the
 * quorum and lived-experience rules count at every sitting.
 */
export function fundJobRoutes(kit: PageKit): void {
  const alliance = (c: PageContext) => c.get('actor').allianceId;

  const receiptForm = (
    c: PageContext,
    values: Record<string, string>,
    date: DateParts,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) =>
    kit.page(
      c,
      { title: 'Record money received', hasErrors: status !== 200, back: { href: '/sparks' } },
      <>
        <ErrorSummary errors={errors} />
        <h1>Record money received</h1>
        <form method="post" action="/sparks/receipts" novalidate>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
          <TextField
            id="funder"
            label="Who paid it in"
            value={values.funder}
            error={errors.funder}
          />
          <TextField
            id="amount"
            label="How much, in pounds"
            width="w10"
            inputmode="decimal"
            value={values.amount}
            error={errors.amount}
          />
          <TextField
            id="reference"
            label="Their reference (optional)"
            hint="As it appears on the bank statement, so the money can be matched."
            width="w20"
            value={values.reference}
            error={errors.reference}
          />
          <Radios
            id="restricted"
            legend="Is it restricted to a purpose the funder set?"
            value={values.restricted}
            error={errors.restricted}
            choices={[
              { value: 'no', label: 'No, it can be awarded for anything the scheme allows' },
              { value: 'yes', label: 'Yes, restricted' },
            ]}
          />
          <DateInput
            id="receivedOn"
            legend="When did it arrive?"
            value={date}
            error={
              errors['receivedOn-day'] ?? errors['receivedOn-month'] ?? errors['receivedOn-year']
            }
            bad={(['day', 'month', 'year'] as const).filter((k) => errors[`receivedOn-${k}`])}
          />
          <Button>Record the money received</Button>
        </form>
      </>,
      status,
    );

  kit.get('/sparks/receipts/new', (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
    return receiptForm(c, {}, partsOf(isoDateOf(kit.deps.clock())), {});
  });

  kit.post('/sparks/receipts', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
    const form = await c.req.parseBody();
    const values = typed(form);
    const parts = dateParts(form, 'receivedOn');
    const date = readDate(parts, 'the date it arrived');
    const errors: FieldErrors = {};
    const funder = text(form.funder);
    const reference = text(form.reference);
    const restricted = text(form.restricted);
    if (!funder) errors.funder = 'Enter who paid it in';
    else if (funder.length > 200) errors.funder = 'Who paid it in must be 200 characters or fewer';
    let amountMinor = 0;
    try {
      amountMinor = formAmount(form.amount);
    } catch (error) {
      if (!(error instanceof KindlingError)) throw error;
      errors.amount = text(form.amount) ? said(error) : 'Enter how much was received';
    }
    if (reference && reference.length > 100)
      errors.reference = 'The reference must be 100 characters or fewer';
    if (restricted !== 'yes' && restricted !== 'no')
      errors.restricted = 'Choose whether it is restricted';
    if (!date.ok) errors[`receivedOn-${date.bad[0] ?? 'day'}`] = date.message;
    if (Object.keys(errors).length || !date.ok || !funder)
      return receiptForm(c, values, parts, errors, 422);
    try {
      const r = await recordReceipt(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        {
          funder,
          amountMinor,
          receivedOn: date.iso,
          restricted: restricted === 'yes',
          ...(reference ? { reference } : {}),
        },
        text(form.key) ?? null,
      );
      return c.redirect(path`/sparks/receipts/${(r.body as { id: string }).id}`, 303);
    } catch (error) {
      if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
      const field = error.fields[0]?.path;
      const id =
        field === 'receivedOn' ? 'receivedOn-day' : field === 'funder' ? 'funder' : 'amount';
      return receiptForm(
        c,
        { ...values, key: kit.deps.ids('form') },
        parts,
        { [id]: said(error) },
        422,
      );
    }
  });

  kit.get('/sparks/receipts/:receipt', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'record funding receipts');
    const [r, fund] = await Promise.all([
      getReceipt(kit.deps, kit.ctx(c), alliance(c), c.req.param('receipt')!),
      fundSummary(kit.deps, kit.ctx(c), alliance(c)),
    ]);
    return kit.page(
      c,
      { title: 'Money received recorded' },
      <>
        <Panel title="Money received recorded" body={`${pounds(r.amount)} from ${r.funder}`} />
        <SummaryList
          rows={[
            { key: 'Received on', value: longDate(r.receivedOn) },
            { key: 'Their reference', value: r.reference ?? 'None given' },
            { key: 'Restricted', value: r.restricted ? 'Yes' : 'No' },
            { key: 'The fund now has available to award', value: pounds(fund.available) },
          ]}
        />
        <NextLinks
          links={[
            { href: '/sparks/receipts/new', label: 'Record more money received' },
            { href: '/sparks', label: 'Go back to Small Sparks' },
          ]}
        />
      </>,
    );
  });

  const panelPage = async (
    c: PageContext,
    values: Record<string, string>,
    errors: FieldErrors,
    status: 200 | 422 = 200,
  ) => {
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
    const added = ours.find((m) => m.id === c.req.query('added'));
    const retired = ours.find((m) => m.id === c.req.query('retired'));
    const serving = state === 'serving' ? items : [];
    const past = state === 'retired' ? items : [];
    const pages = (
      <Pagination
        base="/sparks/panel"
        filters={state === 'retired' ? [['state', 'retired']] : []}
        paging={paging}
        next={next}
        what="panel members"
      />
    );
    return kit.page(
      c,
      { title: 'Panel members', hasErrors: status !== 200, back: { href: '/sparks' } },
      <>
        <ErrorSummary errors={errors} />
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
        <h1>Panel members</h1>
        {state === 'retired' ? (
          <ul class="links">
            <li>
              <a href="/sparks/panel">Those on the panel now</a>
            </li>
          </ul>
        ) : serving.length ? (
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
        )}
        {past.length > 0 && (
          <Table
            caption="Retired"
            columns={[{ label: 'Name or initials' }, { label: 'Retired on' }]}
            rows={past.map((m) => [m.name, longDate(m.retiredOn)])}
          />
        )}
        {pages}
        {state === 'serving' && (
          <ul class="links">
            <li>
              <a href="/sparks/panel?state=retired">Those who have retired from the panel</a>
            </li>
          </ul>
        )}
        <h2>Add a panel member</h2>
        <form method="post" action="/sparks/panel" novalidate>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
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
      </>,
      status,
    );
  };

  kit.post('/sparks/panel/:member/retirement', async (c) => {
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
  });

  kit.get('/sparks/panel', (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'add panel members');
    return panelPage(c, {}, {});
  });

  kit.post('/sparks/panel', async (c) => {
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
    if (Object.keys(errors).length || !name) return panelPage(c, values, errors, 422);
    const member = await addPanelMember(
      kit.deps,
      kit.ctx(c),
      alliance(c),
      { name, livedExperience: lived === 'yes' },
      { key: text(form.key) ?? null },
    );
    return c.redirect(`/sparks/panel?added=${encodeURIComponent(member.id)}`, 303);
  });
}
