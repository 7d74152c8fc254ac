/**
 * The ledger's vocabulary. Amounts are signed integer pence, debit positive and credit negative,
 * so every entry's postings sum to exactly zero and so does every trial balance.
 */
export type AccountType = 'asset' | 'liability' | 'fund' | 'income' | 'expense';
export const ACCOUNT_TYPES: readonly AccountType[] = [
  'asset',
  'liability',
  'fund',
  'income',
  'expense',
];

export type Side = 'debit' | 'credit';

/** Assets and expenses grow with debits; what the alliance owes or holds for others grows with credits. */
export const NORMAL_SIDE: Record<AccountType, Side> = {
  asset: 'debit',
  expense: 'debit',
  liability: 'credit',
  fund: 'credit',
  income: 'credit',
};

export interface Account {
  id: number;
  code: string;
  type: AccountType;
  normalSide: Side;
  /** May the balance cross zero to the wrong side of its normal side? Funds, awards and budgets may not. */
  allowNegative: boolean;
  allianceId: string;
  name: string | null;
  /** Signed: debit positive. Kept up to date by the database in the same batch as each posting. */
  balanceMinor: number;
  postingCount: number;
  createdAt: string;
}

/** The balance seen from the account's normal side: a fund holding £2,000 shows +2000.00. */
export function normalBalanceMinor(
  account: Pick<Account, 'normalSide'>,
  signedMinor: number,
): number {
  return account.normalSide === 'debit' ? signedMinor : -signedMinor;
}

export interface PostingLine {
  line: number;
  accountCode: string;
  amountMinor: number;
  /**
   * The account's row id, when the writer has just read the account (a batch reads all of its
   * accounts at once): the store then writes it instead of looking the code up once per posting.
   * Not part of the hash. An account's code and id never change and accounts are never deleted
   * (drizzle/0001), so the id read names the same account the lookup would.
   */
  accountId?: number;
}

export interface Entry {
  id: string;
  seq: number;
  allianceId: string;
  effectiveDate: string;
  recordedAt: string;
  description: string;
  actor: string;
  reasonCode: string;
  reversesEntryId: string | null;
  prevHash: string;
  hash: string;
  postings: PostingLine[];
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export const GENESIS: ChainHead = { seq: 0, hash: '0'.repeat(64) };

/** Limits: a bound on everything a client can make us store or loop over. */
export const LIMITS = {
  postingsPerEntry: 50,
  descriptionChars: 500,
  accountCodeChars: 200,
  pageSize: 500,
  defaultPageSize: 100,
  idempotencyKeyChars: 255,
} as const;

const SEGMENT = '[a-z0-9][a-z0-9_-]{0,62}';
export const ACCOUNT_CODE_PATTERN = new RegExp(`^${SEGMENT}(:${SEGMENT}){1,7}$`);
export const REASON_CODE_PATTERN = /^[a-z][a-z0-9_]{1,49}$/;
export const ALLIANCE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isAccountCode(code: string): boolean {
  return code.length <= LIMITS.accountCodeChars && ACCOUNT_CODE_PATTERN.test(code);
}

/** A calendar date `YYYY-MM-DD` between 2000 and 2099 that really exists (no 30 February). */
/** The last date found real: a batch of a thousand entries mostly names a few dates. */
let lastRealDate = '';

export function isIsoDate(text: string): boolean {
  if (text === lastRealDate) return true;
  const match = /^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  lastRealDate = text;
  return true;
}

export function isoDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
