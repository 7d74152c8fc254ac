import { visibleBudget, type BudgetAccess } from '../../core/budgets/common.js';
import type { Person, PersonKind } from '../../core/budgets/model.js';
import { ibReference } from '../../core/budgets/setup.js';
import { initialsOf } from '../../core/labels.js';
import type { PageContext, PageKit } from './kit.js';

/**
 * Budget people as the pages name them: their IB- reference, with initials when they gave a
 * name ("IB-7KQ2-M9XD (JS)"). Never the internal id, and never the full name: a page is read over
 * a shoulder. An erased person is "someone whose record was erased".
 */
export async function personLabel(kit: PageKit, personId: string | null): Promise<string> {
  if (!personId) return 'No one';
  const p = await kit.deps.budgets.getPerson(personId);
  if (!p) return 'Someone no longer on file';
  if (p.erasedAt) return `${p.reference} (record erased)`;
  const letters = initialsOf(p.name);
  return letters ? `${p.reference} (${letters})` : p.reference;
}

/** What the signed-in person is to a budget, judged by the same rule the use cases use. */
export async function accessTo(
  kit: PageKit,
  c: PageContext,
  budgetId: string,
): Promise<BudgetAccess> {
  return visibleBudget(kit.deps, kit.ctx(c), budgetId);
}

/**
 * Whether the signed-in person may decide a spend that waits, as decideSpend judges it: on a
 * joint budget a named co-holder, otherwise the coordinator; never the person who asked.
 */
export function mayApprove(c: PageContext, access: BudgetAccess, requestedBy: string): boolean {
  if (requestedBy === c.get('actor').tokenId) return false;
  return access.budget.controlMode === 'joint'
    ? access.as === 'co_holder'
    : access.as === 'coordinator';
}

const KIND_WORDS: Record<PersonKind, string> = {
  holder: 'budget holder',
  supporter: 'supporter',
  broker: 'broker',
};

/**
 * A budget person of one kind by the IB- reference on their papers, typed with or without dashes:
 * one read of the people's unique reference index, never every person. Else the problem, in
 * words: `empty` when nothing was typed.
 */
export async function personByTyped(
  kit: PageKit,
  c: PageContext,
  typed: string | undefined,
  kind: PersonKind,
  empty: string,
): Promise<Person | string> {
  if (!typed?.trim()) return empty;
  const reference = ibReference(typed) ?? typed.trim().toUpperCase();
  const person = await kit.deps.budgets.personByReference(c.get('actor').allianceId, reference);
  if (!person || person.erasedAt || person.kind !== kind)
    return `No ${KIND_WORDS[kind]} has the reference ${reference.slice(0, 40)} here: check it on their papers`;
  return person;
}
