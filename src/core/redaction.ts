import type { Actor, Role } from './context.js';

/**
 * The one redaction policy: for each kind of personal field, the roles that may read it. Every
 * output — JSON views, pages, PDFs, CSV, the hledger journal, 360Giving — asks here, so what an
 * auditor sees is decided in one place. Auditors read amounts, dates, statuses, categories and
 * references; never a word a person said or wrote, nor anything that names or reaches them.
 *
 * Scope (which alliance, whose budget) is judged before this, by the use cases: this table says
 * what a role may read of something it may already see.
 */
export type PersonalField =
  /** An applicant's, a budget person's or a panel member's name. */
  | 'name'
  /** A phone number or address an applicant gave. */
  | 'contact'
  /** What a grant is for, in the person's or the panel's words; an application's notes. */
  | 'purpose'
  /** Why: a decision, a cancellation, a waiver, a spend's approval, a co-holder's removal. */
  | 'reason'
  /** What difference a grant made, in the person's words. */
  | 'narrative'
  /** A spend's or a pool purchase's description. */
  | 'description'
  /** Who a spend or purchase was with (a clinic's name reveals health). */
  | 'provider'
  /** The supplier of a purchase made on an applicant's behalf. */
  | 'supplier'
  /** A payment reference (often the person's name). */
  | 'paymentReference'
  /** An entry description a coordinator wrote by hand (manual entries, reversal reasons). */
  | 'entryText';

const SCHEME_PEOPLE: readonly Role[] = ['coordinator', 'panel'];
const BUDGET_PEOPLE: readonly Role[] = ['coordinator', 'holder', 'broker'];

export const READERS: Readonly<Record<PersonalField, readonly Role[]>> = {
  name: ['coordinator', 'panel', 'holder', 'broker'],
  contact: SCHEME_PEOPLE,
  purpose: SCHEME_PEOPLE,
  reason: ['coordinator', 'panel', 'holder', 'broker'],
  narrative: SCHEME_PEOPLE,
  description: BUDGET_PEOPLE,
  provider: BUDGET_PEOPLE,
  supplier: SCHEME_PEOPLE,
  paymentReference: SCHEME_PEOPLE,
  entryText: ['coordinator', 'panel', 'holder', 'broker'],
};

export function mayRead(actor: Pick<Actor, 'role'>, field: PersonalField): boolean {
  return READERS[field].includes(actor.role);
}

/**
 * The value with every field the actor may not read left out (not blanked, so "absent" cannot
 * be mistaken for "the person gave none"). `fields` names the object's personal fields.
 */
export function redact<T extends object, K extends keyof T>(
  actor: Pick<Actor, 'role'>,
  value: T,
  fields: Readonly<Record<K, PersonalField>>,
): Omit<T, K> & Partial<Pick<T, K>> {
  const out = { ...value };
  for (const key of Object.keys(fields) as K[]) {
    if (!mayRead(actor, fields[key])) delete out[key];
  }
  return out;
}

/** Words for each business event, so an entry can be described without anything a person wrote. */
const EVENT_WORDS: Record<string, string> = {
  award: 'Small Sparks award',
  disbursement: 'Small Sparks payment',
  award_cancellation: 'Small Sparks award cancelled',
  grant_return: 'Small Sparks money handed back',
  funding_receipt: 'Funding received',
  stream_funding: 'Funding for a stream',
  allocation: 'Budget allocation',
  spend: 'Budget spend',
  spend_hold: 'Budget spend held for approval',
  spend_release: 'Budget spend released',
  pool_contribution: 'Pool contribution',
  pool_purchase: 'Pool purchase',
  pool_leave: 'Pool share returned',
  period_end_return: 'Unspent budget returned',
  rollover: 'Budget rolled over',
  reversal: 'Reversal of an earlier entry',
};

/** An entry's description made from its business event and links alone. */
export function describeEntry(entry: { reasonCode: string; reversesEntryId?: string | null }) {
  if (entry.reversesEntryId) return `Reversal of ${entry.reversesEntryId}`;
  return EVENT_WORDS[entry.reasonCode] ?? `Entry: ${entry.reasonCode.replaceAll('_', ' ')}`;
}

/**
 * What the actor reads as an entry's description. System entries are described from ids and
 * codes when they are written, but a coordinator's own entries and reversal reasons are free
 * text, and rows written before that rule may still carry a provider: for a reader who may not
 * read them, the description is rebuilt from the business event.
 */
export function entryDescriptionFor(
  actor: Pick<Actor, 'role'>,
  entry: { description: string; reasonCode: string; reversesEntryId?: string | null },
): string {
  return mayRead(actor, 'entryText') ? entry.description : describeEntry(entry);
}
