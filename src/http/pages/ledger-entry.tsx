import { KindlingError } from '../../core/errors.js';
import { getEntry, reverseEntry } from '../../core/ledger/ledger.js';
import { requireRole } from '../../core/policy.js';
import { SummaryList, Table } from './display.js';
import { Button, ErrorSummary, Hidden, TextField, type FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { said, text, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';
import { entryWords, namedAccounts } from './ledger-words.js';

type EntryView = Awaited<ReturnType<typeof getEntry>>;

/** "1 April 2026 at 14:02", London time: when something was recorded. */
export function momentWords(iso: string): string {
  const d = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(d);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
  return `${longDate(day)} at ${time}`;
}

const debitOf = (amount: string) => (amount.startsWith('-') ? '' : pounds(amount));
const creditOf = (amount: string) => (amount.startsWith('-') ? pounds(amount.slice(1)) : '');

const show = async (
  kit: PageKit,
  c: PageContext,
  entry: EntryView,
  reason: string,
  errors: FieldErrors,
) => {
  const actor = c.get('actor');
  const name = await namedAccounts(
    kit,
    c,
    entry.postings.map((p) => p.account),
  );
  const total = entry.postings
    .filter((p) => !p.amount.startsWith('-'))
    .reduce((t, p) => BigInt(p.amount.replace('.', '')) + t, 0n);
  const amount = pounds(`${total / 100n}.${String(total % 100n).padStart(2, '0')}`);
  const done = c.req.query('posted')
    ? 'Entry posted'
    : c.req.query('reversed') && entry.reversesEntryId
      ? 'Entry reversed'
      : null;
  const bad = Object.keys(errors).length > 0;
  const reversible =
    actor.role === 'coordinator' && !entry.reversesEntryId && !entry.reversedByEntryId;
  return kit.page(
    c,
    {
      title: done ?? 'A journal entry',
      hasErrors: bad,
      back: { href: '/ledger', label: 'Go back to the books' },
    },
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <Confirmation
          title={done}
          body={`${amount} on ${longDate(entry.effectiveDate)}`}
          links={[
            actor.role === 'coordinator' && {
              href: '/ledger/entries/new',
              label: 'Post another entry',
            },
            { href: '/ledger', label: 'Go back to the books' },
          ]}
        />
      ) : (
        <h1>A journal entry</h1>
      )}
      <SummaryList
        rows={[
          { key: 'What it is', value: entryWords(actor, entry) },
          { key: 'Date', value: longDate(entry.effectiveDate) },
          { key: 'Amount', value: amount },
          { key: 'Recorded', value: momentWords(entry.recordedAt) },
          { key: 'Place in the chain', value: `Entry number ${entry.seq}` },
        ]}
      />
      <Table
        caption="Lines"
        columns={[
          { label: 'Account' },
          { label: 'Debit', numeric: true },
          { label: 'Credit', numeric: true },
        ]}
        rows={entry.postings.map((p) => [name(p.account), debitOf(p.amount), creditOf(p.amount)])}
      />
      {entry.reversesEntryId && (
        <p>
          This entry reverses{' '}
          <a href={path`/ledger/entries/${entry.reversesEntryId}`}>an earlier entry</a>.
        </p>
      )}
      {entry.reversedByEntryId && (
        <p>
          This entry has been reversed:{' '}
          <a href={path`/ledger/entries/${entry.reversedByEntryId}`}>see the reversal</a>.
        </p>
      )}
      {reversible && (
        <form method="post" action={path`/ledger/entries/${entry.id}/reversal`} novalidate>
          <h2>Reverse this entry</h2>
          <p>
            A reversal posts the same lines the other way round, dated today, so the entry no longer
            counts. Both stay in the books for the auditor. An entry is reversed once.
          </p>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <TextField
            id="reason"
            label="Why is it reversed?"
            hint="For example “Posted to the wrong account”. No names or anything about a person."
            value={reason}
            error={errors.reason}
          />
          <Button>Reverse the entry</Button>
        </form>
      )}
    </>,
    bad ? 422 : 200,
  );
};

const read = async (kit: PageKit, c: PageContext, id: string) => {
  const entry = await getEntry(kit.deps, kit.ctx(c), id);
  requireRole(c.get('actor'), ['coordinator', 'auditor'], 'read journal entries');
  return entry;
};

async function reverse(kit: PageKit, c: PageContext) {
  const id = c.req.param('entry')!;
  const body = await c.req.parseBody();
  const reason = text(body.reason);
  if (!reason)
    return show(kit, c, await read(kit, c, id), '', { reason: 'Enter why the entry is reversed' });
  if (reason.length > 200)
    return show(kit, c, await read(kit, c, id), reason, {
      reason: 'Why it is reversed must be 200 characters or fewer',
    });
  try {
    const outcome = await reverseEntry(kit.deps, kit.ctx(c), id, { reason }, text(body.key));
    const reversal = (outcome.body as { id: string }).id;
    return c.redirect(`${path`/ledger/entries/${reversal}`}?reversed=1`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind === 'forbidden') throw error;
    if (error.kind === 'not_found') throw error;
    // Already reversed (by another press or another person): the entry's page says by which.
    const words: Record<string, string> = {
      already_reversed: 'This entry has already been reversed: see the reversal below',
      cannot_reverse_reversal: 'A reversal cannot be reversed: post a new entry instead',
    };
    return show(kit, c, await read(kit, c, id), reason, {
      reason: words[error.code] ?? said(error),
    });
  }
}

/**
 * One journal entry as the books hold it (coordinators and auditors), and for coordinators its
 * reversal: the mirror image, dated today, at most once, with a reason, through reverseEntry as
 * POST /v1/entries/{id}/reversal does. The entry is never edited.
 */
export function entryPageRoutes(kit: PageKit): void {
  kit.get('/ledger/entries/:entry', async (c) =>
    show(kit, c, await read(kit, c, c.req.param('entry')!), '', {}),
  );
  kit.post('/ledger/entries/:entry/reversal', (c) => reverse(kit, c));
}
