import type { Actor, Role } from './context.js';
import { forbidden, notFound } from './errors.js';
import type { ProblemCodeWith } from './problem-codes.js';

/**
 * Who may do what. Scope is checked before role-specific rules, and something outside the
 * caller's alliance is reported as not found rather than forbidden, so a token cannot be used to
 * learn what exists elsewhere.
 */
export function requireRole(actor: Actor, allowed: readonly Role[], doing: string): void {
  if (!allowed.includes(actor.role)) {
    throw forbidden(
      `A ${actor.role} token may not ${doing}; this needs one of: ${allowed.join(', ')}.`,
    );
  }
}

export function requireAlliance(
  actor: Actor,
  allianceId: string,
  what: string,
  code: ProblemCodeWith<404>,
): void {
  if (actor.allianceId !== allianceId)
    throw notFound(code, `No ${what} with that identifier in your alliance.`);
}

/** Reading the ledger's accounts, entries and reports. Holders get their own views (budgets), not the ledger. */
export const LEDGER_READERS: readonly Role[] = ['coordinator', 'panel', 'auditor'];
/** Manual journal entries, reversals and opening accounts by hand. */
export const LEDGER_WRITERS: readonly Role[] = ['coordinator'];

/** A row found by id, if it belongs to the alliance; otherwise not found (never forbidden). */
export function inAlliance<T extends { allianceId: string }>(
  row: T | null | undefined,
  allianceId: string,
  code: ProblemCodeWith<404>,
  what: string,
): T {
  if (!row || row.allianceId !== allianceId) throw notFound(code, `No ${what} in your alliance.`);
  return row;
}
