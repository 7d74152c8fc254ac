import type { Actor } from '../context.js';
import { categoryLabel } from '../labels.js';
import { describeEntry, entryDescriptionFor, mayRead } from '../redaction.js';
import type { StatementsDeps } from './common.js';
import type { PostingParty, StatementPosting } from './store.js';

/**
 * Who a line's money went to or came from, and the reference typed with it, in the words a
 * treasurer ticks against the real bank statement. The redaction policy decides what each reader
 * gets: a person's name, a supplier or provider and a typed payment reference (which often names
 * the person) are not for auditors, who get the person's SP- or IB- reference instead.
 */
export function partyWords(
  reader: Pick<Actor, 'role'>,
  p: PostingParty | undefined,
): { party: string; reference: string } {
  if (!p) return { party: '', reference: '' };
  const person = () =>
    p.personName && mayRead(reader, 'name')
      ? `${p.personName} (${p.personReference})`
      : (p.personReference ?? '');
  switch (p.kind) {
    case 'receipt':
      // A funder is an organisation and its reference is on its own remittance: not personal.
      return { party: p.organisation ?? '', reference: p.reference ?? '' };
    case 'payment': {
      const party = p.organisation && mayRead(reader, 'supplier') ? p.organisation : person();
      const typed = p.reference && mayRead(reader, 'paymentReference') ? p.reference : null;
      return { party, reference: typed ?? (p.reference ? (p.personReference ?? '') : '') };
    }
    case 'return':
      return { party: person(), reference: '' };
    case 'purchase':
      return {
        party: p.organisation && mayRead(reader, 'provider') ? p.organisation : '',
        reference: p.reference ? `Pool ${p.reference}` : '',
      };
    case 'spend':
      return {
        party: p.organisation && mayRead(reader, 'provider') ? p.organisation : '',
        reference: p.personReference ?? '',
      };
  }
}

const SPEND_ID = /\bSpend (spd_[A-Za-z0-9_-]+)/;

/**
 * The parties of a page of postings, by entry id. Budget spends carry no entry id of their own:
 * their entries are described from the spend's id ("Spend spd_… (category)"), which names them.
 */
export async function partiesOf(
  deps: StatementsDeps,
  page: readonly StatementPosting[],
): Promise<Map<string, PostingParty>> {
  const spendOf = new Map<string, string>();
  for (const p of page) {
    const id = p.reasonCode === 'spend' ? SPEND_ID.exec(p.description)?.[1] : undefined;
    if (id) spendOf.set(p.entryId, id);
  }
  const found = await deps.statements.postingParties({
    entryIds: [...new Set(page.map((p) => p.entryId))],
    spendIds: [...new Set(spendOf.values())],
  });
  const out = new Map<string, PostingParty>(found.entries.map((e) => [e.entryId, e]));
  const spends = new Map(found.spends.map((s) => [s.spendId, s]));
  for (const [entryId, spendId] of spendOf) {
    const s = spends.get(spendId);
    if (s && !out.has(entryId)) out.set(entryId, s);
  }
  return out;
}

/** Events whose entry descriptions are built from ids and codes, which a statement puts in words. */
const WORDED = new Set([
  'award',
  'disbursement',
  'award_cancellation',
  'grant_return',
  'spend',
  'spend_hold',
  'spend_release',
  'pool_purchase',
]);

/**
 * A line's description on a statement. An entry the system wrote names its records by id and its
 * category by code ("Spend spd_… (purposeful-activity)"): a reader gets the event in words and
 * the category in words instead, and the party column says who it was with. Anything else is the
 * entry's own description, as the redaction policy lets the reader see it.
 */
export function statementDescription(
  reader: Pick<Actor, 'role'>,
  p: Pick<StatementPosting, 'description' | 'reasonCode'>,
): string {
  if (!WORDED.has(p.reasonCode)) return entryDescriptionFor(reader, p);
  const category = /\(([a-z][a-z0-9_-]*)\)/.exec(p.description)?.[1];
  const words = describeEntry({ reasonCode: p.reasonCode });
  return category && p.reasonCode.startsWith('spend')
    ? `${words}: ${categoryLabel(category).toLowerCase()}`
    : words;
}
