import type { Actor, ServiceContext } from '../context.js';
import { KindlingError, conflict, invalid, notFound } from '../errors.js';
import type { LedgerDeps } from '../ledger/ledger.js';
import { isIsoDate } from '../ledger/model.js';
import { requireRole } from '../policy.js';
import { StoreRejection, type SparksRejection } from '../store.js';
import type { Alliance } from './model.js';
import type { SparksStore } from './store.js';

export interface SparksDeps extends LedgerDeps {
  sparks: SparksStore;
}

/** Who may do what in Small Sparks. Holders and brokers have no part in it. */
export const SPARKS_READERS = ['coordinator', 'panel', 'auditor'] as const;
export const PANEL_WORK = ['coordinator', 'panel'] as const;
export const COORDINATORS = ['coordinator'] as const;

/** Personal words (purposes, notes, what difference it made) are for the panel and coordinators only. */
export function seesNarratives(actor: Actor): boolean {
  return actor.role === 'coordinator' || actor.role === 'panel';
}

/** The alliance named in the path, if it is the caller's own; anything else is not found. */
export async function ownAlliance(deps: SparksDeps, ctx: ServiceContext, allianceId: string, roles: readonly Actor['role'][], doing: string): Promise<Alliance> {
  requireRole(ctx.actor, roles, doing);
  if (allianceId !== ctx.actor.allianceId) throw notFound('alliance_not_found', `No alliance ${allianceId} among yours.`);
  const alliance = await deps.sparks.getAlliance(allianceId);
  if (!alliance) throw notFound('alliance_not_found', `Alliance ${allianceId} has not been set up yet: a coordinator creates it with POST /v1/alliances.`);
  return alliance;
}

export function requireDate(value: string, path: string): string {
  if (!isIsoDate(value)) throw invalid('invalid_date', `${path} must be a real date written YYYY-MM-DD (2000–2099).`, [{ path, message: 'not a date' }]);
  return value;
}

const PROBLEMS: Record<SparksRejection, { kind: 'conflict' | 'invalid'; title: string; detail: string }> = {
  not_awaiting_decision: { kind: 'conflict', title: 'Application is not awaiting a decision', detail: 'This application has already been decided or withdrawn.' },
  sitting_not_found: { kind: 'invalid', title: 'Unknown sitting', detail: 'The sitting is not one of this alliance’s.' },
  decided_before_received: { kind: 'invalid', title: 'Decision before the application', detail: 'The sitting was held before the application was received.' },
  decision_counts_mismatch: { kind: 'conflict', title: 'The sitting changed', detail: 'Members or conflicts changed while deciding; try again.' },
  not_quorate: { kind: 'conflict', title: 'The sitting is not quorate', detail: 'Not enough members without a conflict are present to decide.' },
  lived_experience_minority: { kind: 'conflict', title: 'Lived experience is not the majority', detail: 'People with lived experience of recovery must be the majority of those deciding.' },
  amount_out_of_range: { kind: 'invalid', title: 'Amount outside the alliance’s limits', detail: 'The award must be between the alliance’s floor and ceiling.' },
  applicant_overdue_follow_up: { kind: 'conflict', title: 'A follow-up is overdue', detail: 'The applicant has an overdue impact follow-up, and this alliance does not make a new award until it is heard or waived.' },
  award_without_decision: { kind: 'conflict', title: 'No matching decision', detail: 'An award needs a matching award decision.' },
  already_cancelled: { kind: 'conflict', title: 'Award already cancelled', detail: 'This award was already cancelled.' },
  award_cancelled: { kind: 'conflict', title: 'Award cancelled', detail: 'This award was cancelled; nothing more can be paid on it.' },
  return_exceeds_paid: { kind: 'conflict', title: 'More than was paid', detail: 'A return cannot exceed what was paid on the award, less what has already come back.' },
  follow_up_closed: { kind: 'conflict', title: 'Follow-up already closed', detail: 'This follow-up has already been heard or waived.' },
  sitting_has_decisions: { kind: 'conflict', title: 'Sitting already deciding', detail: 'Members cannot be added once the sitting has made decisions.' },
  already_decided_at_sitting: { kind: 'conflict', title: 'Already decided', detail: 'A conflict must be declared before the decision.' },
};

export function sparksProblem(code: SparksRejection, detail?: string, extra: Record<string, unknown> = {}): KindlingError {
  const p = PROBLEMS[code];
  const text = `${detail ?? p.detail} Nothing was written.`;
  return p.kind === 'invalid' ? invalid(code, text) : conflict(code, p.title, text, extra);
}

/** Turns a refusal raised by a Small Sparks trigger into its problem; other errors pass through. */
export function explainSparks(error: unknown): unknown {
  if (error instanceof StoreRejection && error.reason in PROBLEMS) return sparksProblem(error.reason as SparksRejection);
  return error;
}
