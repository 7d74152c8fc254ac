import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import { runIdempotent, type Outcome } from '../idempotency.js';
import {
  PANEL_WORK,
  explainSparks,
  ownAlliance,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import type {
  Alliance,
  Application,
  Decision,
  Outcome as DecisionOutcome,
  Sitting,
} from './model.js';
import { requireApplication } from './applications.js';
import { recordAward } from './awarding.js';
import { requireSitting } from './sittings.js';
import { decisionView } from './views.js';

/** The outcomes a panel can decide. */
export const OUTCOMES = ['award', 'decline', 'defer'] as const satisfies DecisionOutcome[];

/** The longest purpose or reason a decision keeps. */
export const DECISION_TEXT_CHARS = 500;

/** What deciding takes: the sitting, the outcome, and for an award its amount and purpose. */
export const DecideInput = z
  .object({
    sittingId: z.string().max(80),
    outcome: z.enum(OUTCOMES),
    amount: PositiveAmount.optional(),
    purpose: Text(DECISION_TEXT_CHARS).optional(),
    followUpDue: IsoDate.optional(),
    reason: Text(DECISION_TEXT_CHARS).optional(),
  })
  .strict();
export type DecideInput = z.input<typeof DecideInput>;
export type DecisionInput = z.output<typeof DecideInput> & { amountMinor?: number | undefined };

/**
 * A panel decision. Every rule is checked here first, to say precisely what is wrong, and again
 * by the database inside the batch that records it (decisions_rules trigger, the fund's balance
 * rule), so two decisions racing for the last money in the fund cannot both win.
 */
export async function decide(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicationId: string,
  raw: DecideInput,
  key: string | null | undefined,
) {
  const parsed = parseInput(DecideInput, raw);
  // The amount in pence follows the body, as the API has always fingerprinted a decision.
  const input: DecisionInput = {
    ...parsed,
    amountMinor: parsed.amount === undefined ? undefined : amountMinor(parsed.amount),
  };
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'decide applications');
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `decide:${applicationId}`, input },
    async (remember) => {
      const application = await requireApplication(deps, allianceId, applicationId);
      const sitting = await requireSitting(deps, allianceId, input.sittingId);
      const decision = newDecision(deps, ctx, alliance, application, sitting, input);
      try {
        if (input.outcome === 'award')
          return await recordAward(deps, ctx, alliance, application, decision, input, remember);
        if (input.outcome === 'decline' && !input.reason)
          throw invalid('reason_required', 'A decline records its reason.', [
            { path: 'reason', message: 'required to decline' },
          ]);
        const outcome: Outcome = {
          status: 201,
          body: { decision: decisionView(decision), award: null },
        };
        await deps.store.commit(() => [
          { kind: 'decision', decision },
          {
            kind: 'application_status',
            applicationId,
            status: input.outcome === 'decline' ? 'declined' : 'deferred',
          },
          remember(outcome),
        ]);
        return outcome;
      } catch (error) {
        throw explainSparks(error);
      }
    },
  );
}

/** The decision a sitting would record, once the application and the panel allow one. */
function newDecision(
  deps: SparksDeps,
  ctx: ServiceContext,
  alliance: Alliance,
  application: Application,
  sitting: Sitting,
  input: DecisionInput,
): Decision {
  // A member with a conflict on this application does not count towards the decision.
  const deciding = sitting.members.filter(
    (m) =>
      !sitting.conflicts.some(
        (c) => c.applicationId === application.id && c.memberId === m.memberId,
      ),
  );
  const lived = deciding.filter((m) => m.livedExperience).length;
  if (application.status !== 'received' && application.status !== 'deferred')
    throw sparksProblem(
      'not_awaiting_decision',
      `Application ${application.id} is ${application.status}, not awaiting a decision.`,
    );
  if (sitting.heldOn < application.receivedOn) throw sparksProblem('decided_before_received');
  if (deciding.length < alliance.quorum)
    throw sparksProblem(
      'not_quorate',
      `${deciding.length} member(s) without a conflict are deciding; the quorum is ${alliance.quorum}.`,
      { deciding: deciding.length, quorum: alliance.quorum },
    );
  if (alliance.livedExperienceMajority && 2 * lived <= deciding.length)
    throw sparksProblem(
      'lived_experience_minority',
      `${lived} of ${deciding.length} deciding members have lived experience; they must be more than half.`,
      { deciding: deciding.length, livedExperience: lived },
    );
  return {
    id: deps.ids('dec'),
    allianceId: alliance.id,
    applicationId: application.id,
    sittingId: sitting.id,
    outcome: input.outcome,
    amountMinor: input.outcome === 'award' ? (input.amountMinor ?? null) : null,
    reason: input.reason ?? null,
    decidedOn: sitting.heldOn,
    decidedBy: ctx.actor.tokenId,
    decidingMembers: deciding.length,
    livedExperienceMembers: lived,
    createdAt: ctx.now.toISOString(),
  };
}
