import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
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
export async function erasePerson(
  deps: BudgetDeps,
  ctx: ServiceContext,
  personId: string,
  once?: Once,
) {
  const find = async (id: string) => {
    const found = await deps.budgets.getPerson(id);
    if (!found || found.allianceId !== ctx.actor.allianceId)
      throw notFound('person_not_found', `No person ${id} in your alliance.`);
    return found;
  };
  const person = await find(personId);
  requireRole(ctx.actor, ['coordinator'], 'erase personal data');
  const erasedAt = person.erasedAt ?? ctx.now.toISOString();
  return createOnce<ReturnType<typeof personView>>(
    deps,
    ctx,
    once,
    { operation: `erase_person:${personId}`, input: {}, status: 200 },
    async (remember) => {
      const view = personView({ ...person, name: null, erasedAt }, true);
      await deps.store.commit(() => [
        { kind: 'person_erase', allianceId: person.allianceId, personId, erasedAt },
        ...remember(view),
      ]);
      await deps.store.compact();
      return view;
    },
    rereadById(async (id) => personView(await find(id), true)),
  );
}
