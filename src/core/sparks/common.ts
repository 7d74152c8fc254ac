import type { Actor, ServiceContext } from '../context.js';
import { localDate, requireNotFuture } from '../dates.js';
import { invalid, notFound } from '../errors.js';
import type { LedgerDeps } from '../ledger/ledger.js';
import { isIsoDate } from '../ledger/model.js';
import { requireRole } from '../policy.js';
import type { Alliance } from './model.js';
import type { SparksStore } from './store.js';

export interface SparksDeps extends LedgerDeps {
  sparks: SparksStore;
}

/** Who may do what in Small Sparks. Holders and brokers have no part in it. */
export const SPARKS_READERS = ['coordinator', 'panel', 'auditor'] as const;
export const PANEL_WORK = ['coordinator', 'panel'] as const;
export const COORDINATORS = ['coordinator'] as const;

/** The alliance named in the path, if it is the caller's own; anything else is not found. */
export async function ownAlliance(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  roles: readonly Actor['role'][],
  doing: string,
): Promise<Alliance> {
  requireRole(ctx.actor, roles, doing);
  if (allianceId !== ctx.actor.allianceId)
    throw notFound('alliance_not_found', `No alliance ${allianceId} among yours.`);
  const alliance = await deps.sparks.getAlliance(allianceId);
  if (!alliance)
    throw notFound(
      'alliance_not_found',
      `Alliance ${allianceId} has not been set up yet: a coordinator creates it with POST /v1/alliances.`,
    );
  return alliance;
}

/** A real date, and, when `today` is given, not after it. */
export function requireDate(value: string, path: string, today?: string): string {
  if (!isIsoDate(value))
    throw invalid('invalid_date', `${path} must be a real date written YYYY-MM-DD (2000–2099).`, [
      { path, message: 'not a date' },
    ]);
  if (today !== undefined) requireNotFuture(value, today, path);
  return value;
}

/** The alliance's today: its local date where it is. */
export const todayOf = (alliance: Alliance, ctx: ServiceContext): string =>
  localDate(ctx.now, alliance.timeZone);

export { ruleProblem as sparksProblem, explainRule as explainSparks } from '../rules.js';
