import { Decimal } from 'decimal.js';
import type { AccountType } from '../core/ledger/model.js';
import { isAccountCode, isIsoDate } from '../core/ledger/model.js';
import { formatMinor } from '../core/money.js';

/** One transaction read from a file, with where it came from for messages. */
export interface ImportedTransaction {
  line: number;
  date: string;
  description: string;
  postings: { account: string; amountMinor: number }[];
}

export class ImportProblem extends Error {}

const fail = (line: number, what: string): never => {
  throw new ImportProblem(`line ${line}: ${what}`);
};

/**
 * The part of hledger's journal format that books of pounds use: transactions (date, optional
 * status and code, description, `;` comments), postings with `£`/`GBP` amounts (one may be left
 * out and is inferred), balance assertions (ignored: hledger checks them), and `account`/
 * `commodity` directives (ignored). Anything that changes what a posting means (include, alias,
 * virtual postings, prices, periodic or automated transactions) is refused with its line: run
 * `hledger -f FILE print > flat.journal` first and import that.
 */
export function parseHledgerJournal(text: string): ImportedTransaction[] {
  const out: ImportedTransaction[] = [];
  let current: (ImportedTransaction & { elided: number | null }) | null = null;
  let inDirective = false;
  const finish = () => {
    if (current) out.push(closeTransaction(current));
    current = null;
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || /^[;#*%|]/.test(raw)) {
      if (raw.trim() === '') finish();
      return;
    }
    if (/^\s/.test(raw)) {
      if (inDirective) return;
      const body = raw.replace(/\s;.*$/, '').trim();
      if (body === '' || body.startsWith(';')) return;
      if (!current) fail(line, 'a posting outside a transaction');
      addPosting(current!, body, line);
      return;
    }
    finish();
    inDirective = /^(account|commodity|payee|tag|decimal-mark)\b/.test(raw);
    if (inDirective) return;
    const header =
      /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(=\S+)?\s*(?:[*!]\s*)?(?:\([^)]*\)\s*)?(.*)$/.exec(raw);
    if (!header)
      fail(line, `"${raw.slice(0, 40)}" is not supported here; flatten with hledger print first`);
    const [, y, m, d, , rest] = header!;
    const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!isIsoDate(date)) fail(line, `${date} is not a real date between 2000 and 2099`);
    const description = rest!.replace(/\s*;.*$/, '').trim() || 'Imported transaction';
    current = { line, date, description: description.slice(0, 500), postings: [], elided: null };
  });
  finish();
  return out;
}

function addPosting(
  t: ImportedTransaction & { elided: number | null },
  body: string,
  line: number,
): void {
  const withoutStatus = body.replace(/^[*!]\s+/, '');
  const [account, amountText] = withoutStatus.split(/\t|\s{2,}/, 2).map((s) => s?.trim());
  if (!account || /^[([]/.test(account))
    fail(line, 'virtual postings ( ) and [ ] are not supported');
  const amount = (amountText ?? '').replace(/\s*=.*$/, '').trim();
  if (amount === '') {
    if (t.elided !== null) fail(line, 'only one posting of a transaction may leave out its amount');
    t.elided = t.postings.length;
    t.postings.push({ account: account!, amountMinor: 0 });
    return;
  }
  t.postings.push({ account: account!, amountMinor: poundsToPence(amount, line) });
}

function closeTransaction(t: ImportedTransaction & { elided: number | null }) {
  const total = t.postings.reduce((sum, p) => sum.plus(p.amountMinor), new Decimal(0));
  if (t.elided !== null) t.postings[t.elided]!.amountMinor = total.negated().toNumber();
  else if (!total.isZero())
    fail(t.line, `the postings sum to £${formatMinor(total.toNumber())}, not zero`);
  const postings = t.postings.filter((p) => p.amountMinor !== 0);
  if (postings.length < 2) fail(t.line, 'a transaction needs two postings that move money');
  return { line: t.line, date: t.date, description: t.description, postings };
}

/** `£1,234.56`, `-£5`, `£-5.00`, `1234.56 GBP`, `GBP 12` to whole pence; anything else refused. */
export function poundsToPence(text: string, line: number): number {
  if (text.includes('@')) fail(line, 'prices (@) are not supported: Kindling books pounds only');
  const match = /^(-)?\s*(?:£|GBP\s*)?\s*(-)?\s*([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*(?:GBP)?$/.exec(
    text,
  );
  if (!match) fail(line, `"${text}" is not an amount in pounds (at most two decimals)`);
  const [, sign1, sign2, digits] = match!;
  const pence = new Decimal(digits!.replace(/,/g, '')).times(100);
  return (sign1 || sign2 ? pence.negated() : pence).toNumber();
}

/**
 * CSV of opening balances: `account,amount` per line (a header line is allowed), debit positive.
 * When the lines do not sum to zero, the difference goes to `equity:opening-balances`.
 */
export function parseOpeningBalancesCsv(text: string, date: string): ImportedTransaction[] {
  if (!isIsoDate(date)) throw new ImportProblem(`--date ${date} is not a date (YYYY-MM-DD)`);
  const postings: ImportedTransaction['postings'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const cells = raw.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (raw.trim() === '' || (index === 0 && /^account$/i.test(cells[0] ?? ''))) return;
    const amount = cells.slice(1).join('');
    if (!cells[0] || amount === '') fail(index + 1, 'expected "account,amount"');
    const amountMinor = poundsToPence(amount, index + 1);
    if (amountMinor !== 0) postings.push({ account: cells[0]!, amountMinor });
  });
  const total = postings.reduce((sum, p) => sum.plus(p.amountMinor), new Decimal(0));
  if (!total.isZero())
    postings.push({ account: 'equity:opening-balances', amountMinor: total.negated().toNumber() });
  if (postings.length < 2) throw new ImportProblem('no opening balances found');
  return [{ line: 1, date, description: 'Opening balances', postings }];
}

const TYPES: Record<string, AccountType> = {
  asset: 'asset',
  assets: 'asset',
  liability: 'liability',
  liabilities: 'liability',
  equity: 'fund',
  income: 'income',
  revenue: 'income',
  revenues: 'income',
  expense: 'expense',
  expenses: 'expense',
};

/** hledger's account name as a Kindling code under the alliance, and its type from its top. */
export function kindlingAccount(allianceId: string, name: string, line: number) {
  const segments = name
    .toLowerCase()
    .split(':')
    .map((s) => s.replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, ''));
  const type = TYPES[segments[0] ?? ''];
  if (!type)
    fail(line, `"${name}" must start with assets, liabilities, equity, income or expenses`);
  const code = ['alliance', allianceId, ...segments].join(':');
  if (!isAccountCode(code)) fail(line, `"${name}" cannot be a Kindling account (at most 6 levels)`);
  // Money that is the alliance's own or others' claims may cross zero in old books; real money
  // held (assets) and what is owed (liabilities) keep Kindling's no-overdraft rule.
  return {
    code,
    type: type!,
    allowNegative: type === 'fund' || type === 'income' || type === 'expense',
  };
}
