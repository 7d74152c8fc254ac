import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { IsoDate, parseInput } from '../input.js';
import { createOnce, type Once } from '../idempotency.js';
import {
  COORDINATORS,
  explainSparks,
  ownAlliance,
  requireDate,
  sparksProblem,
  todayOf,
  type SparksDeps,
} from './common.js';
import { followUpView } from './views.js';

/** What giving longer takes: the new date to come back by. */
export const ExtendFollowUpInput = z.object({ dueOn: IsoDate }).strict();
export type ExtendFollowUpInput = z.input<typeof ExtendFollowUpInput>;

/**
 * Gives a person longer to come back: a later due date for a follow-up that is still due (heard
 * or waived ones are closed). The database holds the rule in the same write (trigger
 * `follow_ups_extend_later`): the date only moves later, and only while the follow-up is due.
 */
export async function extendFollowUp(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: ExtendFollowUpInput,
  once?: Once,
) {
  const input = parseInput(ExtendFollowUpInput, raw);
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'extend follow-ups');
  const dueOn = requireDate(input.dueOn, 'dueOn');
  const award = await deps.sparks.getAward(awardId);
  const followUp = award?.allianceId === allianceId ? await deps.sparks.getFollowUp(awardId) : null;
  if (!followUp) throw notFound('follow_up_not_found', `No follow-up for award ${awardId}.`);
  return createOnce<ReturnType<typeof followUpView>>(
    deps,
    ctx,
    once,
    { operation: `extend_follow_up:${awardId}`, input: { dueOn }, status: 200 },
    async (remember) => {
      if (followUp.status !== 'due') throw sparksProblem('follow_up_not_extendable');
      if (dueOn <= followUp.dueOn || dueOn <= todayOf(alliance, ctx))
        throw invalid(
          'invalid_date',
          `The new date must be after ${followUp.dueOn} and after today.`,
          [{ path: 'dueOn', message: 'not later than the current due date and today' }],
        );
      const view = followUpView({ ...followUp, dueOn, updatedAt: ctx.now.toISOString() }, ctx);
      try {
        await deps.store.commit(() => [
          { kind: 'follow_up_extend', awardId, dueOn },
          ...remember(view),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return view;
    },
  );
}
