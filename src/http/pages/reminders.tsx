import { findPersonByReference } from '../../core/budgets/setup.js';
import { KindlingError } from '../../core/errors.js';
import {
  CHANNEL_TEXT,
  channelLabel,
  REMINDER_STATUS_TEXT,
  reminderKindLabel,
  reminderStatusLabel,
} from '../../core/labels.js';
import { getContact, listReminders, setContact } from '../../core/reminders/contacts.js';
import { Pagination, pagingOf } from './list-paging.js';
import type { Channel, ReminderStatus } from '../../core/reminders/model.js';
import { requireRole } from '../../core/policy.js';
import { SummaryList, Table } from './display.js';
import { Button, Checkboxes, ErrorSummary, Radios, TextField, type FieldErrors } from './form.js';
import { path } from './format.js';
import { said, text, typed, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';
import { momentWords } from './ledger-entry.js';
import { replyRoutes } from './reminder-replies.js';
import { applicantByReference } from './applications.js';

const deps = (kit: PageKit) => ({ ...kit.deps, reminders: kit.deps.store.reminders });

const alliance = (c: PageContext) => c.get('actor').allianceId;

async function showReminders(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'see reminders');
  const asked = c.req.query('status');
  const status = asked && asked in REMINDER_STATUS_TEXT ? (asked as ReminderStatus) : null;
  const paging = pagingOf(c);
  const { items, next } = await listReminders(
    deps(kit),
    kit.ctx(c),
    alliance(c),
    { status },
    paging.page,
  );
  const reference = c.req.query('reference');
  let notFound = '';
  if (reference !== undefined) {
    const subject = await findSubject(kit, c, reference);
    if (subject) return c.redirect(path`/reminders/contacts/${subject}`, 303);
    notFound = reference.trim()
      ? `No one here has the reference ${reference.trim()}: check it against their papers`
      : 'Enter their SP- or IB- reference';
  }
  return kit.page(
    c,
    { title: 'Reminders', hasErrors: !!notFound },
    <>
      <ErrorSummary errors={notFound ? { reference: notFound } : {}} />
      <h1>Reminders</h1>
      <h2>How a person is reminded</h2>
      <form method="get" action="/reminders" novalidate>
        <TextField
          id="reference"
          label="Their reference"
          hint="SP- for Small Sparks, IB- for budgets, for example SP-7KQ2-M9XD"
          width="w20"
          value={reference}
          error={notFound || undefined}
        />
        <Button secondary>Find them</Button>
      </form>
      <ul class="links">
        <li>
          <a href="/reminders/replies">A reply said STOP: record it</a>
        </li>
      </ul>
      <h2>Reminders decided</h2>
      <form method="get" action="/reminders" novalidate>
        <div class="form-group">
          <label class="label" for="status">
            Show
          </label>
          <select class="select" id="status" name="status">
            <option value="">All reminders</option>
            {Object.entries(REMINDER_STATUS_TEXT).map(([value, label]) => (
              <option value={value} selected={value === status}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Button secondary>Show these</Button>
      </form>
      {items.length ? (
        <Table
          caption={status ? reminderStatusLabel(status) : 'The latest reminders'}
          columns={[
            { label: 'About' },
            { label: 'To' },
            { label: 'What became of it' },
            { label: 'When' },
          ]}
          rows={items.map((r) => [
            reminderKindLabel(r.kind),
            r.reference === 'erased' ? (
              'Erased'
            ) : (
              <a href={path`/reminders/contacts/${r.subjectId}`}>{r.reference}</a>
            ),
            r.status === 'failed'
              ? `Could not be sent (${r.attempts} ${r.attempts === 1 ? 'try' : 'tries'})`
              : r.status === 'sent' && r.channel
                ? `Sent by ${channelLabel(r.channel).toLowerCase()}`
                : reminderStatusLabel(r.status),
            momentWords(r.sentAt ?? r.decidedAt),
          ])}
        />
      ) : null}
      {items.length ? null : (
        <p>No reminders {status ? `marked “${reminderStatusLabel(status)}”` : 'yet'}.</p>
      )}
      <Pagination
        base="/reminders"
        filters={status ? [['status', status]] : []}
        paging={paging}
        next={next}
        what="reminders"
      />
    </>,
    notFound ? 422 : 200,
  );
}

const contactPage = async (
  kit: PageKit,
  c: PageContext,
  subject: string,
  values: Record<string, string> | null,
  errors: FieldErrors,
  status: 200 | 422 = 200,
) => {
  const contact = await getContact(deps(kit), kit.ctx(c), alliance(c), subject);
  const v = values ?? {
    channel: contact.recorded ? contact.channel : '',
    [`${contact.channel}-address`]: contact.address ?? '',
  };
  const saved = status === 200 && c.req.query('saved');
  return kit.page(
    c,
    {
      title: saved ? 'Reminders recorded' : `How ${contact.reference} is reminded`,
      hasErrors: status !== 200,
      back: { href: '/reminders', label: 'Go back to reminders' },
    },
    <>
      <ErrorSummary errors={errors} />
      {saved ? (
        <Confirmation
          title="Reminders recorded"
          body={`${contact.reference}: ${channelLabel(contact.channel).toLowerCase()}`}
          links={[{ href: '/reminders', label: 'Go back to reminders' }]}
        />
      ) : (
        <h1>How {contact.reference} is reminded</h1>
      )}
      <SummaryList
        rows={[
          {
            key: 'Now',
            value: contact.recorded ? channelLabel(contact.channel) : 'Not asked yet',
          },
          contact.consentAt && { key: 'Agreed', value: momentWords(contact.consentAt) },
          contact.stoppedAt && {
            key: 'Stopped',
            value: `Replied STOP on ${momentWords(contact.stoppedAt)}`,
          },
        ]}
      />
      <p>
        Reminders never say what they are about: “You have an appointment with us on 1 April 2026”.
        Ask the person how they want them, and record only what they agree to. A new choice after
        STOP starts reminders again, so only record it if they asked.
      </p>
      <form method="post" action={path`/reminders/contacts/${subject}`} novalidate>
        <Radios
          id="channel"
          legend="How do they want to be reminded?"
          value={v.channel}
          error={errors.channel}
          choices={(Object.keys(CHANNEL_TEXT) as Channel[]).map((ch) => ({
            value: ch,
            label: CHANNEL_TEXT[ch],
            reveal:
              ch === 'none' ? undefined : (
                <TextField
                  id={`${ch}-address`}
                  label={ch === 'sms' ? 'Mobile number' : 'Email address'}
                  inputmode={ch === 'sms' ? 'tel' : 'email'}
                  width="w20"
                  value={v[`${ch}-address`]}
                  error={errors[`${ch}-address`]}
                />
              ),
          }))}
        />
        <Checkboxes
          id="consent"
          legend="Their agreement"
          values={v.consent ? ['yes'] : []}
          error={errors.consent}
          choices={[{ value: 'yes', label: 'They agreed today to be reminded this way' }]}
        />
        <Button>Record how they are reminded</Button>
      </form>
    </>,
    status,
  );
};

async function saveContact(kit: PageKit, c: PageContext) {
  const subject = c.req.param('subject')!;
  const body = await c.req.parseBody();
  const values = typed(body);
  const channel = text(body.channel) as Channel | undefined;
  const errors: FieldErrors = {};
  if (!channel || !(channel in CHANNEL_TEXT)) errors.channel = 'Choose how they want reminders';
  const consent = text(body.consent) === 'yes';
  if (channel && channel !== 'none' && !consent)
    errors.consent = 'Confirm they agreed to be reminded this way';
  const address = channel && channel !== 'none' ? text(body[`${channel}-address`]) : undefined;
  if (channel && channel !== 'none' && !address)
    errors[`${channel}-address`] =
      channel === 'sms' ? 'Enter their mobile number' : 'Enter their email address';
  if (Object.keys(errors).length) return contactPage(kit, c, subject, values, errors, 422);
  try {
    await setContact(deps(kit), kit.ctx(c), alliance(c), subject, {
      channel: channel!,
      address,
      consent,
    });
    return c.redirect(`${path`/reminders/contacts/${subject}`}?saved=1`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
    const field = error.fields[0]?.path === 'consent' ? 'consent' : `${channel}-address`;
    return contactPage(kit, c, subject, values, { [field]: said(error) }, 422);
  }
}

/**
 * Reminders (issue 15), for coordinators: what was sent, what could not be and what waits, and
 * how each person wants to be reminded, recorded with their consent (setContact, as PUT
 * /v1/alliances/{a}/contacts/{subject}). People are found by their SP- or IB- reference.
 */
export function reminderPageRoutes(kit: PageKit): void {
  kit.get('/reminders', (c) => showReminders(kit, c));
  kit.get('/reminders/contacts/:subject', (c) =>
    contactPage(kit, c, c.req.param('subject')!, null, {}),
  );
  kit.post('/reminders/contacts/:subject', (c) => saveContact(kit, c));
  replyRoutes(kit);
}

/** An applicant (SP-) or a budget person (IB-) of this alliance by the reference they carry. */
async function findSubject(kit: PageKit, c: PageContext, typedRef: string) {
  const compact = typedRef.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (!compact) return null;
  if (compact.startsWith('IB'))
    return (await findPersonByReference(kit.deps, kit.ctx(c), typedRef))?.id ?? null;
  return (await applicantByReference(kit, c, typedRef))?.id ?? null;
}
