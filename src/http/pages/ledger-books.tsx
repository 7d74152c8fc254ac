import { localDate } from '../../core/dates.js';
import { KindlingError } from '../../core/errors.js';
import { getAccount, openAccount } from '../../core/ledger/ledger.js';
import { listPostings } from '../../core/ledger/reports.js';
import { ACCOUNT_TYPES, type AccountType } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { statementAccountsPage } from '../../core/statements/account-names.js';
import { ukFinancialYear } from '../../core/statements/model.js';
import { SummaryList, Table } from './display.js';
import { Button, ErrorSummary, Hidden, Radios, TextField, type FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { said, text, typed, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';
import { entryWords, namedAccounts, statementsDeps } from './ledger-words.js';
import { Pagination, pagingOf } from './list-paging.js';

const TYPE_TEXT: Record<AccountType, string> = {
  asset: 'Money the alliance has (an asset), such as a second bank account or petty cash',
  liability: 'Money the alliance owes (a liability)',
  fund: 'Money held for a purpose (a fund)',
  income: 'Money coming in (income), such as bank interest',
  expense: 'Money going out (an expense), such as bank charges',
};

/** A code for an account opened by hand, from its name: "Petty cash" → alliance:x:petty_cash. */
const codeFor = (alliance: string, name: string) =>
  `alliance:${alliance}:${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'account'
  }`;

async function showBooks(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'keep the books');
  const paging = pagingOf(c);
  const opened = c.req.query('opened') || null;
  // A page of the accounts (one per award and budget: they grow), and the one just opened by name.
  const [page, named] = await Promise.all([
    statementAccountsPage(statementsDeps(kit), kit.ctx(c), paging.page),
    opened ? namedAccounts(kit, c, [opened]) : null,
  ]);
  const openedName = opened && named ? named(opened) : undefined;
  return kit.page(
    c,
    { title: openedName ? 'Account opened' : 'The books' },
    <>
      {openedName ? (
        <Confirmation
          title="Account opened"
          body={openedName}
          links={[{ href: '/ledger/entries/new', label: 'Post an entry to it' }]}
        />
      ) : (
        <h1>The books</h1>
      )}
      <h2>Jobs for the treasurer</h2>
      <ul class="links">
        <li>
          <a href="/ledger/entries/new">Post an entry by hand</a>
        </li>
        <li>
          <a href="/ledger/accounts/new">Open an account</a>
        </li>
        <li>
          <a href="/ledger/closings">Close the books up to a date</a>
        </li>
        <li>
          <a href="/ledger/check">Check the books are intact</a>
        </li>
        <li>
          <a href="/statements">Statements and exports</a>
        </li>
      </ul>
      <h2>Accounts</h2>
      <p>Choose an account to see its entries, and from there reverse an entry.</p>
      <ul class="links">
        {page.items.map((a) => (
          <li>
            <a href={path`/ledger/accounts/${a.code}`}>{a.name}</a>
          </li>
        ))}
      </ul>
      <Pagination base="/ledger" filters={[]} paging={paging} next={page.next} what="accounts" />
    </>,
  );
}

function showNewAccount(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'open accounts');
  return accountForm(kit, c, {}, {});
}

const accountForm = (
  kit: PageKit,
  c: PageContext,
  values: Record<string, string>,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) =>
  kit.page(
    c,
    {
      title: 'Open an account',
      hasErrors: status !== 200,
      back: { href: '/ledger', label: 'Go back to the books' },
    },
    <>
      <ErrorSummary errors={errors} />
      <h1>Open an account</h1>
      <form method="post" action="/ledger/accounts" novalidate>
        <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
        <TextField
          id="name"
          label="What is the account called?"
          hint="For example “Petty cash” or “Bank charges”"
          value={values.name}
          error={errors.name}
        />
        <Radios
          id="type"
          legend="What kind of account is it?"
          value={values.type}
          error={errors.type}
          choices={ACCOUNT_TYPES.map((t) => ({ value: t, label: TYPE_TEXT[t] }))}
        />
        <Button>Open the account</Button>
      </form>
    </>,
    status,
  );

async function submitAccount(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'open accounts');
  const body = await c.req.parseBody();
  const values = typed(body);
  const name = text(body.name);
  const type = text(body.type);
  const errors: FieldErrors = {};
  if (!name) errors.name = 'Enter what the account is called';
  else if (name.length > 120) errors.name = 'The name must be 120 characters or fewer';
  if (!type || !(ACCOUNT_TYPES as readonly string[]).includes(type))
    errors.type = 'Choose what kind of account it is';
  if (Object.keys(errors).length) return accountForm(kit, c, values, errors, 422);
  const code = codeFor(c.get('actor').allianceId, name!);
  try {
    const { created, account } = await openAccount(
      kit.deps,
      kit.ctx(c),
      { code, type: type as AccountType, name: name! },
      { key: text(body.key) },
    );
    if (!created && (account.name !== name || account.type !== type))
      return accountForm(
        kit,
        c,
        { ...values, key: kit.deps.ids('form') },
        {
          name: 'There is already an account with a name like this: choose another name',
        },
        409,
      );
    return c.redirect(`/ledger?opened=${encodeURIComponent(code)}`, 303);
  } catch (error) {
    if (!(error instanceof KindlingError) || error.kind === 'forbidden') throw error;
    const words =
      error.kind === 'conflict'
        ? 'There is already an account with a name like this: choose another name'
        : said(error);
    return accountForm(kit, c, { ...values, key: kit.deps.ids('form') }, { name: words }, 409);
  }
}

async function showAccount(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'keep the books');
  const code = c.req.param('code')!;
  const account = await getAccount(kit.deps, kit.ctx(c), code, null);
  const [name, books] = await Promise.all([
    namedAccounts(kit, c, [code]),
    kit.deps.store.bookDates(c.get('actor').allianceId),
  ]);
  const year = ukFinancialYear(localDate(kit.deps.clock(), books.timeZone));
  const after = c.req.query('after') ?? null;
  const postings = await listPostings(kit.deps, kit.ctx(c), code, {
    cursor: after,
    limit: 100,
    from: year.from,
    to: year.to,
  });
  return kit.page(
    c,
    { title: name(code), back: { href: '/ledger', label: 'Go back to the books' } },
    <>
      <span class="caption">Account</span>
      <h1>{name(code)}</h1>
      <SummaryList rows={[{ key: 'Balance', value: pounds(account.normalBalance) }]} />
      <ul class="links">
        <li>
          <a href={`/ledger/entries/new?account=${encodeURIComponent(code)}`}>
            Post an entry to it
          </a>
        </li>
      </ul>
      <Table
        caption={`Entries from ${longDate(year.from)} to ${longDate(year.to)}`}
        columns={[
          { label: 'Date' },
          { label: 'What it is' },
          { label: 'Debit', numeric: true },
          { label: 'Credit', numeric: true },
          { label: 'Entry' },
        ]}
        rows={postings.items.map((p) => [
          longDate(p.effectiveDate),
          entryWords(c.get('actor'), p),
          p.amount.startsWith('-') ? '' : pounds(p.amount),
          p.amount.startsWith('-') ? pounds(p.amount.slice(1)) : '',
          <a href={path`/ledger/entries/${p.entryId}`}>
            See the entry<span class="visually-hidden"> of {longDate(p.effectiveDate)}</span>
          </a>,
        ])}
      />
      {!postings.items.length && <p>No entries in this period.</p>}
      {postings.nextCursor && (
        <ul class="links">
          <li>
            <a
              href={`${path`/ledger/accounts/${code}`}?after=${encodeURIComponent(postings.nextCursor)}`}
            >
              Show later entries
            </a>
          </li>
        </ul>
      )}
    </>,
  );
}

/**
 * The treasurer's books (coordinators): what can be done by hand, every account by name with its
 * balance and entries, and opening an account (openAccount, as POST /v1/accounts). Entries are
 * found here by account and date, each linking to its page where it can be reversed.
 */
export function ledgerBooksRoutes(kit: PageKit): void {
  kit.get('/ledger', (c) => showBooks(kit, c));
  kit.get('/ledger/accounts/new', (c) => showNewAccount(kit, c));
  kit.post('/ledger/accounts', (c) => submitAccount(kit, c));
  kit.get('/ledger/accounts/:code', (c) => showAccount(kit, c));
}
