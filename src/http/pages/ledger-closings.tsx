import { Pagination, pagingOf } from './list-paging.js';
import { KindlingError } from '../../core/errors.js';
import { closePeriod, listClosings } from '../../core/ledger/closings.js';
import { verifySinceCheckpoint } from '../../core/ledger/verify.js';
import { requireRole } from '../../core/policy.js';
import { Table } from './display.js';
import {
  Button,
  Checkboxes,
  DateInput,
  ErrorSummary,
  Hidden,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { longDate } from './format.js';
import { dateParts, readDate, said, text, typed, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';
import { momentWords } from './ledger-entry.js';

const closingPage = async (
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) => {
  const paging = pagingOf(c);
  const closings = await listClosings(kit.deps, kit.ctx(c), paging.page);
  const done = status === 200 && c.req.query('closed') && closings.lockedThrough;
  return kit.page(
    c,
    {
      title: done ? 'Books closed' : 'Close the books',
      hasErrors: status !== 200,
      back: { href: '/ledger', label: 'Go back to the books' },
    },
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <Confirmation
          title="Books closed"
          body={`Up to and including ${longDate(closings.lockedThrough)}`}
          links={[
            { href: '/statements', label: 'Send the final statements to the auditor' },
            { href: '/ledger', label: 'Go back to the books' },
          ]}
        />
      ) : (
        <h1>Close the books</h1>
      )}
      <p>
        {closings.lockedThrough
          ? `The books are closed up to and including ${longDate(closings.lockedThrough)}.`
          : 'The books have not been closed yet.'}
      </p>
      <h2>{done ? 'Close them further' : 'Close them up to a date'}</h2>
      <div class="warning">
        <p>
          <strong>This cannot be undone.</strong> Once the books are closed up to a date, nothing
          dated on or before it can be posted: no payment, spend, entry or reversal. The statements
          of the period become final. A mistake found later is put right by an entry dated after it.
        </p>
      </div>
      <form method="post" action="/ledger/closings" novalidate>
        <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
        <DateInput
          id="through"
          legend="Close the books up to and including"
          hint={`Usually the last day of a period, for example 31 3 ${closings.today.slice(0, 4)}. Today at the latest.`}
          value={date}
          error={errors['through-day'] ?? errors['through-month'] ?? errors['through-year']}
          bad={(['day', 'month', 'year'] as const).filter((k) => errors[`through-${k}`])}
        />
        <Checkboxes
          id="confirm"
          legend="Confirm"
          values={values.confirm ? ['yes'] : []}
          error={errors.confirm}
          choices={[
            {
              value: 'yes',
              label: 'I understand nothing on or before this date can be changed afterwards',
            },
          ]}
        />
        <Button>Close the books</Button>
      </form>
      {closings.items.length > 0 && (
        <Table
          caption="Earlier closings"
          columns={[{ label: 'Closed up to' }, { label: 'When' }]}
          rows={closings.items.map((x) => [longDate(x.closedThrough), momentWords(x.closedAt)])}
        />
      )}
      <Pagination
        base="/ledger/closings"
        filters={[]}
        paging={paging}
        next={closings.next}
        what="closings"
      />
    </>,
    status,
  );
};

async function showClosings(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'close the books');
  return closingPage(kit, c, {}, {}, {});
}

async function submitClosing(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'close the books');
  const body = await c.req.parseBody();
  const values = typed(body);
  const parts = dateParts(body, 'through');
  const date = readDate(parts, 'the date to close the books up to');
  const errors: FieldErrors = {};
  if (!date.ok) errors[`through-${date.bad[0] ?? 'day'}`] = date.message;
  if (text(body.confirm) !== 'yes')
    errors.confirm = 'Confirm you understand nothing on or before the date can be changed';
  if (!date.ok || Object.keys(errors).length)
    return closingPage(kit, c, values, parts, errors, 422);
  try {
    await closePeriod(kit.deps, kit.ctx(c), { closedThrough: date.iso }, { key: text(body.key) });
    return c.redirect('/ledger/closings?closed=1', 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind === 'forbidden') throw error;
    const fresh = { ...values, key: kit.deps.ids('form') };
    return closingPage(kit, c, fresh, parts, { 'through-day': said(error) }, 409);
  }
}

async function showCheck(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator', 'auditor'], 'check the books');
  // Incremental: only what was sealed since the last check is read, from its checkpoint.
  const report = await verifySinceCheckpoint(kit.deps, kit.ctx(c));
  const books = report.alliances[0];
  const last = books?.lastSealedAt;
  const count = report.entriesChecked.toLocaleString('en-GB');
  const title = report.ok ? 'The books are intact' : 'The books need attention';
  return kit.page(
    c,
    { title },
    <>
      <h1>{title}</h1>
      {report.ok ? (
        <p>
          {count} {report.entriesChecked === 1 ? 'entry' : 'entries'} checked
          {last ? `, last sealed ${momentWords(last)}` : ''}. Every entry is linked to the one
          before it by its seal, and every account's balance matches its entries.
        </p>
      ) : (
        <>
          <p>{count} entries checked.</p>
          <ul>
            {report.firstBrokenLink && (
              <li>
                Entry number {report.firstBrokenLink.seq}{' '}
                {report.firstBrokenLink.problem === 'checkpoint_mismatch'
                  ? 'no longer has the seal it had when the books were last checked'
                  : 'does not match its seal'}
                : it, or an entry before it, was changed outside Kindling.
              </li>
            )}
            {report.balanceMismatches.length > 0 && (
              <li>
                {report.balanceMismatches.length} account
                {report.balanceMismatches.length === 1 ? ' shows' : 's show'} a balance that does
                not match {report.balanceMismatches.length === 1 ? 'its' : 'their'} entries.
              </li>
            )}
          </ul>
          <h2>What to do</h2>
          <p>
            Change nothing, and tell the alliance's coordinator and whoever runs Kindling for you
            today: they restore the last good backup and compare. Quote entry number{' '}
            {report.firstBrokenLink?.seq ?? report.head.seq} and the time of this check,{' '}
            {momentWords(report.checkpoint.checkedAt)}.
          </p>
        </>
      )}
      {!report.complete && (
        <p>
          More entries are waiting to be checked than one check reads: open this page again to go
          on.
        </p>
      )}
      <p>
        This check reads only what was sealed since the last one. Whoever runs Kindling can re-check
        every entry from the first with <code>npm run admin -- verify --full</code>.
      </p>
      <h2>Check it yourself</h2>
      <p>
        Each statement carries the seal of the last entry it covers. The{' '}
        <a href="/v1/ledger/verify">full report for software</a> gives every figure of this check.
      </p>
    </>,
  );
}

/**
 * Closing the books up to a date (coordinators), through closePeriod as POST /v1/ledger/closings:
 * the page says what it means before anyone presses (nothing dated on or before it can be posted
 * or reversed into it again, for ever) and asks them to confirm; and the chain check, read as a
 * sentence by coordinators and auditors instead of the raw JSON of GET /v1/ledger/verify: their
 * own alliance's books, checked since the last checkpoint.
 */
export function ledgerClosingRoutes(kit: PageKit): void {
  kit.get('/ledger/closings', (c) => showClosings(kit, c));
  kit.post('/ledger/closings', (c) => submitClosing(kit, c));
  kit.get('/ledger/check', (c) => showCheck(kit, c));
}
