import type { Role, ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import type { LedgerDeps } from '../ledger/ledger.js';
import { isoDateOf } from '../ledger/model.js';
import { requireRole } from '../policy.js';
import type { SparksStore } from '../sparks/store.js';
import { localDate } from '../dates.js';
import { resolvePeriod, standingOf, type Period, type Seal, type Standing } from './model.js';
import type { StatementsStore } from './store.js';

export interface StatementsDeps extends LedgerDeps {
  sparks: SparksStore;
  statements: StatementsStore;
}

/**
 * Who gets which statements. Auditors and coordinators get every statement of their alliance;
 * panel members get the Small Sparks ones (the fund statement and the grant register), which say
 * nothing a panel does not already know. Holders, co-holders and brokers get the statements of
 * the budgets and pools they can see (budget.ts, pool.ts), and nothing else.
 */
export const STATEMENT_READERS: readonly Role[] = ['coordinator', 'auditor'];
export const SPARKS_STATEMENT_READERS: readonly Role[] = ['coordinator', 'auditor', 'panel'];

export function requireStatementRole(
  ctx: ServiceContext,
  roles: readonly Role[],
  what: string,
): void {
  requireRole(ctx.actor, roles, `download ${what}`);
}

/** The alliance named in a path must be the caller's own; anything else is not found. */
export function requireOwnAlliance(ctx: ServiceContext, allianceId: string): void {
  if (allianceId !== ctx.actor.allianceId)
    throw notFound('alliance_not_found', `No alliance ${allianceId} among yours.`);
}

/** The organisation a statement is for: the alliance's name, or its id before it is set up. */
export async function organisationName(deps: StatementsDeps, allianceId: string): Promise<string> {
  return (await deps.sparks.getAlliance(allianceId))?.name ?? allianceId;
}

/**
 * What every statement of an alliance prints about it: its name, who to contact if something
 * looks wrong, and the bank account's identity (for the bank's own statement).
 */
export async function allianceFacts(deps: StatementsDeps, allianceId: string) {
  const a = await deps.sparks.getAlliance(allianceId);
  return {
    organisation: a?.name ?? allianceId,
    contact: a?.contactLine ?? null,
    bankName: a?.bankName ?? null,
    bankAccountEnding: a?.bankAccountEnding ?? null,
  };
}

/** The day a statement is generated, at day precision (see Statement.generatedOn). */
export function generatedOn(ctx: ServiceContext): string {
  return isoDateOf(ctx.now);
}

/**
 * The chain head every read of one statement is bounded by. Taken once, before the first read;
 * the seal printed is not this head (which moves with every alliance's writes) but the last
 * entry the statement covers, so a closed period prints the same seal tomorrow.
 */
export async function snapshotHead(deps: StatementsDeps): Promise<number> {
  return (await deps.store.chainHead()).seq;
}

export async function sealFor(
  deps: StatementsDeps,
  query: { allianceId: string; from: string | null; to: string; headSeq: number },
): Promise<Seal> {
  return deps.statements.coveredEntries(query);
}

/**
 * The dates a statement of an alliance stands on: the alliance's today (its local date), the
 * period asked for (by default the financial year holding today), and whether the books are
 * closed for it (final) or it runs to date.
 */
export async function statementDates(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
): Promise<{ today: string; period: Period; standing: Standing }> {
  const books = await deps.store.bookDates(allianceId);
  const today = localDate(ctx.now, books.timeZone);
  const period = resolvePeriod(query, today);
  return { today, period, standing: standingOf(period.to, today, books.lockedThrough) };
}
