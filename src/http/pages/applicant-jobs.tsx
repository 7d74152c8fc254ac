import { KindlingError } from '../../core/errors.js';
import { formatMinor } from '../../core/money.js';
import { applicantLabel, applicationStatusLabel } from '../../core/labels.js';
import { requireRole } from '../../core/policy.js';
import { COORDINATORS, PANEL_WORK } from '../../core/sparks/common.js';
import { getApplication } from '../../core/sparks/application-timeline.js';
import { withdrawApplication } from '../../core/sparks/applications.js';
import { eraseApplicant, getApplicant, updateApplicantContact } from '../../core/sparks/people.js';
import { SummaryList, Table } from './display.js';
import { Button, ErrorSummary, Hidden, TextField, type FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { said, text, typed, type PageContext, type PageKit } from './kit.js';
import { Banner, NextLinks, Panel } from './layout.js';

const alliance = (c: PageContext) => c.get('actor').allianceId;

/** How many of a person's applications their pages show: the latest, with a link to the rest. */
const APPLICATIONS_SHOWN = 20;

/**
 * The person and their latest applications, read by applicant (an index) and bounded: never the
 * alliance's every application, which grows with its history (issue 14).
 */
async function person(kit: PageKit, c: PageContext) {
  const id = c.req.param('applicant')!;
  const [a, latest] = await Promise.all([
    getApplicant(kit.deps, kit.ctx(c), alliance(c), id),
    kit.deps.sparks.latestApplicationsOf(id, APPLICATIONS_SHOWN + 1),
  ]);
  const name = 'name' in a ? a.name : null;
  const apps = latest.slice(0, APPLICATIONS_SHOWN);
  return {
    a,
    name,
    who: applicantLabel(a.reference, name),
    apps,
    more: latest.length > apps.length,
  };
}

const backTo = (apps: { id: string }[]) =>
  apps.length ? path`/sparks/applications/${apps[0]!.id}` : '/sparks';

async function contactPage(
  kit: PageKit,
  c: PageContext,
  values: Record<string, string> | null,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) {
  const p = await person(kit, c);
  const current = { name: p.name ?? '', contact: ('contact' in p.a && p.a.contact) || '' };
  const v = values ?? current;
  const saved = status === 200 && !!c.req.query('saved');
  return kit.page(
    c,
    {
      title: 'Change name or contact details',
      hasErrors: status !== 200,
      back: { href: backTo(p.apps) },
    },
    <>
      <ErrorSummary errors={errors} />
      {saved && <Banner heading={`Details saved for ${p.who}`} />}
      <span class="caption">{p.a.reference}</span>
      <h1>Change name or contact details</h1>
      <form method="post" action={path`/sparks/applicants/${p.a.id}/contact`} novalidate>
        <TextField
          id="name"
          label="Name or initials"
          hint="Whatever the person chooses to give; initials are enough. Leave empty to hold none."
          width="w20"
          value={v.name}
          error={errors.name}
        />
        <TextField
          id="contact"
          label="Phone number or how to reach them (optional)"
          hint="Leave empty if they would rather not be contacted."
          width="w20"
          value={v.contact}
          error={errors.contact}
        />
        <Button>Save the details</Button>
      </form>
      <NextLinks links={[{ href: backTo(p.apps), label: `Go back to ${p.a.reference}` }]} />
    </>,
    status,
  );
}

function showContact(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'change applicant details');
  return contactPage(kit, c, null, {});
}

async function saveContact(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'change applicant details');
  const form = await c.req.parseBody();
  const values = typed(form);
  const errors: FieldErrors = {};
  const name = text(form.name) ?? null;
  const contact = text(form.contact) ?? null;
  if (name && name.length > 80) errors.name = 'Name or initials must be 80 characters or fewer';
  if (contact && contact.length > 120)
    errors.contact = 'Contact details must be 120 characters or fewer';
  if (Object.keys(errors).length) return contactPage(kit, c, values, errors, 422);
  try {
    await updateApplicantContact(kit.deps, kit.ctx(c), alliance(c), c.req.param('applicant')!, {
      name,
      contact,
    });
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
    return contactPage(kit, c, values, { name: said(error) }, 422);
  }
  return c.redirect(
    `${path`/sparks/applicants/${c.req.param('applicant')!}/contact`}?saved=1`,
    303,
  );
}

async function showErasure(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'erase personal data');
  const p = await person(kit, c);
  if (p.a.erased)
    return kit.page(
      c,
      { title: 'Personal details erased' },
      <>
        <Panel title="Personal details erased" body={<>For {p.a.reference}</>} />
        <h2>What happens next</h2>
        <p>
          The books still show every amount and date under {p.a.reference}. If the person comes
          back, record them as someone new.
        </p>
        <NextLinks
          links={[
            { href: backTo(p.apps), label: `See ${p.a.reference}’s applications` },
            { href: '/sparks', label: 'Go back to Small Sparks' },
          ]}
        />
      </>,
    );
  return kit.page(
    c,
    { title: 'Erase their personal details', back: { href: backTo(p.apps) } },
    <>
      <span class="caption">{p.who}</span>
      <h1>Erase their personal details</h1>
      <p>Do this when the person asks for it. It cannot be undone.</p>
      <h2>What goes</h2>
      <ul>
        <li>their name or initials and how to contact them</li>
        <li>what they asked for in their own words, and any notes</li>
        <li>the reasons written for decisions, cancellations and waivers</li>
        <li>what they said when they came back</li>
        <li>who a purchase was bought from, and payment references</li>
      </ul>
      <h2>What stays</h2>
      <p>
        The books: every amount, date and state, under the reference {p.a.reference}, so the fund
        still adds up and the statements do not change.
      </p>
      {p.apps.length > 0 && (
        <Table
          caption={
            p.more
              ? `What stays for ${p.a.reference}: the latest ${APPLICATIONS_SHOWN} applications`
              : `What stays for ${p.a.reference}`
          }
          columns={[{ label: 'Asked on' }, { label: 'Asked', numeric: true }, { label: 'State' }]}
          rows={p.apps.map((x) => [
            longDate(x.receivedOn),
            pounds(formatMinor(x.amountAskedMinor)),
            applicationStatusLabel(x.status),
          ])}
        />
      )}
      {p.more && (
        <p>
          <a href={`/sparks/applications?reference=${encodeURIComponent(p.a.reference)}`}>
            See all of {p.a.reference}’s applications
          </a>
        </p>
      )}
      <form method="post" action={path`/sparks/applicants/${p.a.id}/erasure`} novalidate>
        <Hidden name="key" value={kit.deps.ids('form')} />
        <button type="submit" class="button button--warning">
          Erase {p.a.reference}’s personal details
        </button>
      </form>
    </>,
  );
}

async function erase(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), COORDINATORS, 'erase personal data');
  const form = await c.req.parseBody();
  const id = c.req.param('applicant')!;
  await eraseApplicant(kit.deps, kit.ctx(c), alliance(c), id, { key: text(form.key) ?? null });
  return c.redirect(path`/sparks/applicants/${id}/erasure`, 303);
}

async function showWithdrawal(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'withdraw applications');
  const a = await getApplication(kit.deps, kit.ctx(c), alliance(c), c.req.param('application')!);
  const p = await getApplicant(kit.deps, kit.ctx(c), alliance(c), a.applicantId);
  const who = applicantLabel(p.reference, 'name' in p ? p.name : null);
  const open = a.status === 'received' || a.status === 'deferred';
  return kit.page(
    c,
    { title: 'Withdraw the application', back: { href: path`/sparks/applications/${a.id}` } },
    <>
      <span class="caption">{who}</span>
      <h1>Withdraw the application</h1>
      <SummaryList
        rows={[
          { key: 'Asked', value: `${pounds(a.amountAsked)} on ${longDate(a.receivedOn)}` },
          { key: 'State', value: applicationStatusLabel(a.status) },
        ]}
      />
      {open ? (
        <>
          <p>
            Do this when the person no longer wants it decided. The panel will not see it again;
            they can apply again at any time.
          </p>
          <form method="post" action={path`/sparks/applications/${a.id}/withdrawal`} novalidate>
            <Hidden name="key" value={kit.deps.ids('form')} />
            <Button>Withdraw the application</Button>
          </form>
        </>
      ) : (
        <p>
          This application is no longer waiting for a decision, so there is nothing to withdraw.
        </p>
      )}
    </>,
  );
}

async function withdraw(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), PANEL_WORK, 'withdraw applications');
  const form = await c.req.parseBody();
  const id = c.req.param('application')!;
  await withdrawApplication(kit.deps, kit.ctx(c), alliance(c), id, {
    key: text(form.key) ?? null,
  });
  return c.redirect(`${path`/sparks/applications/${id}`}?done=withdrawn`, 303);
}

/**
 * The jobs about a person rather than their money: changing their name or contact (people move
 * and change phones), withdrawing an application they no longer want decided, and erasing their
 * personal details when they ask. Erasure is said plainly before it is done: the books keep every
 * amount and date; the name, contact and every word the person said or was written about them go.
 */
export function applicantJobRoutes(kit: PageKit): void {
  kit.get('/sparks/applicants/:applicant/contact', (c) => showContact(kit, c));
  kit.post('/sparks/applicants/:applicant/contact', (c) => saveContact(kit, c));
  kit.get('/sparks/applicants/:applicant/erasure', (c) => showErasure(kit, c));
  kit.post('/sparks/applicants/:applicant/erasure', (c) => erase(kit, c));
  kit.get('/sparks/applications/:application/withdrawal', (c) => showWithdrawal(kit, c));
  kit.post('/sparks/applications/:application/withdrawal', (c) => withdraw(kit, c));
}
