import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { requireRole } from '../policy.js';
import type { BudgetDeps } from './common.js';
import { personView } from './setup.js';

/**
 * Erases a budget holder, co-holder, supporter or broker: their name; for a holder, the
 * providers, descriptions and reasons of their budgets' spends, the reasons on their budgets'
 * parties and the pool purchases charged to their shares; reasons they wrote deciding anyone's
 * spends; their tokens' names; and every stored response or entry description that mentions
 * their records. Amounts, dates, statuses and the ledger stay and still verify. Repeatable.
 */
export async function erasePerson(deps: BudgetDeps, ctx: ServiceContext, personId: string) {
  requireRole(ctx.actor, ['coordinator'], 'erase personal data');
  const person = await deps.budgets.getPerson(personId);
  if (!person || person.allianceId !== ctx.actor.allianceId)
    throw notFound('person_not_found', `No person ${personId} in your alliance.`);
  const erasedAt = person.erasedAt ?? ctx.now.toISOString();
  await deps.store.commit(() => [
    { kind: 'person_erase', allianceId: person.allianceId, personId, erasedAt },
  ]);
  await deps.store.compact();
  return personView({ ...person, name: null, erasedAt }, true);
}
