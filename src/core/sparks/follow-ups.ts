import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { inAlliance } from '../policy.js';
import { createOnce, type Once } from '../idempotency.js';
import {
  COORDINATORS,
  PANEL_WORK,
  SPARKS_READERS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import { z } from 'zod';
import { IsoDate, parseInput, Text } from '../input.js';
import { Domain } from './input.js';
import { addDays, daysBetween, DOMAINS, followUpState, type FollowUp } from './model.js';
import { requireAward } from './awards.js';
import { applicationView, awardView, followUpView } from './views.js';

export const requireFollowUp = async (
  deps: SparksDeps,
  allianceId: string,
  awardId: string,
): Promise<FollowUp> =>
  inAlliance(
    await deps.sparks.getFollowUp(awardId),
    allianceId,
    'follow_up_not_found',
    `follow-up for award ${awardId}`,
  );

/** The longest account of the difference a grant made that a follow-up keeps. */
export const DIFFERENCE_CHARS = 2000;

/** What hearing back takes: when, whether in person, what difference it made and where. */
export const RecordHeardInput = z
  .object({
    heardOn: IsoDate,
    inPerson: z.boolean(),
    difference: Text(DIFFERENCE_CHARS),
    domainsImproved: z.array(Domain).max(DOMAINS.length),
  })
  .strict();
export type RecordHeardInput = z.input<typeof RecordHeardInput>;

/** The person came back and said what difference the grant made. */
export async function recordHeard(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: RecordHeardInput,
  once?: Once,
) {
  const input = parseInput(RecordHeardInput, raw);
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record follow-ups');
  requireDate(input.heardOn, 'heardOn', todayOf(alliance, ctx));
  const award = await requireAward(deps, allianceId, awardId);
  if (input.heardOn < award.awardedOn)
    throw invalid('invalid_date', 'A follow-up is heard after the award.', [
      { path: 'heardOn', message: 'before the award' },
    ]);
  return closeFollowUpOnce(deps, ctx, allianceId, awardId, once, 'hear', input, (followUp) => ({
    ...followUp,
    status: 'heard',
    heardOn: input.heardOn,
    inPerson: input.inPerson,
    difference: input.difference,
    domainsImproved: [...new Set(input.domainsImproved)],
    recordedBy: ctx.actor.tokenId,
    updatedAt: ctx.now.toISOString(),
  }));
}

/**
 * Closes a due follow-up (heard or waived) at most once per key. The stored answer is only the
 * award's id: a replay reads the follow-up again, so what the person said is never copied into
 * the idempotency table and erasing them erases it from the replay too.
 */
async function closeFollowUpOnce(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  once: Once | undefined,
  verb: 'hear' | 'waive',
  input: unknown,
  close: (followUp: FollowUp) => FollowUp,
) {
  type View = ReturnType<typeof followUpView>;
  const view = async (id: string) => followUpView(await requireFollowUp(deps, allianceId, id), ctx);
  return createOnce<View>(
    deps,
    ctx,
    once,
    { operation: `${verb}_follow_up:${awardId}`, input, status: 200 },
    async (remember) => {
      const followUp = await requireFollowUp(deps, allianceId, awardId);
      if (followUp.status !== 'due') throw sparksProblem('follow_up_closed');
      const next = close(followUp);
      const answer = followUpView(next, ctx);
      try {
        await deps.store.commit(() => [
          { kind: 'follow_up_close', followUp: next },
          ...remember(answer),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return answer;
    },
    { keep: (body) => ({ id: body.awardId }), reread: (kept) => view(kept.id) },
  );
}

/** The longest reason a waiver keeps. */
export const WAIVE_REASON_CHARS = 500;

/** What waiving takes: why the person will not be heard. */
export const WaiveFollowUpInput = z.object({ reason: Text(WAIVE_REASON_CHARS) }).strict();
export type WaiveFollowUpInput = z.input<typeof WaiveFollowUpInput>;

/** The person will not come back: the follow-up is closed, with why. */
export async function waiveFollowUp(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: WaiveFollowUpInput,
  once?: Once,
) {
  const input = parseInput(WaiveFollowUpInput, raw);
  await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'waive follow-ups');
  return closeFollowUpOnce(deps, ctx, allianceId, awardId, once, 'waive', input, (followUp) => ({
    ...followUp,
    status: 'waived',
    waivedReason: input.reason,
    recordedBy: ctx.actor.tokenId,
    updatedAt: ctx.now.toISOString(),
  }));
}

export type FollowUpFilter = 'due-soon' | 'overdue' | 'heard' | 'waived' | 'all';

export async function listFollowUps(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  filter: FollowUpFilter,
  withinDays: number,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list follow-ups');
  const today = todayOf(alliance, ctx);
  const horizon = addDays(today, withinDays);
  const items = (await deps.sparks.listFollowUps(allianceId)).filter((f) => {
    const state = followUpState(f, today);
    if (filter === 'all') return true;
    if (filter === 'due-soon') return state === 'due' && f.dueOn <= horizon;
    return state === filter;
  });
  return { asOf: today, filter, items: items.map((f) => followUpView(f, ctx)) };
}

/** How many of each kind the working list shows at most; `counts` says how many there are. */
export const WORKING_LIST_LIMIT = 100;

/** What a sitting works through: who is waiting for a decision, for money, and to be heard. */
export async function workingList(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  withinDays: number,
  limit = WORKING_LIST_LIMIT,
) {
  const alliance = await ownAlliance(
    deps,
    ctx,
    allianceId,
    SPARKS_READERS,
    'read the working list',
  );
  const today = todayOf(alliance, ctx);
  const horizon = addDays(today, withinDays);
  // Open items only: what waits for a decision, for money, or for a follow-up. What is closed
  // (decided, paid, heard) is never read, however much of it there is; of what is open, the
  // longest waiting `limit` of each, with how many there are in all.
  const [waiting, awards, followUps, counts] = await Promise.all([
    deps.sparks.listApplications(allianceId, ['received', 'deferred'], limit),
    deps.sparks.unpaidAwards(allianceId, limit),
    deps.sparks.followUpsDueBy(allianceId, horizon, limit),
    deps.sparks.openCounts(allianceId, horizon),
  ]);
  const [money, ofUnpaid] = await Promise.all([
    deps.sparks.awardMoney(awards.map((a) => a.id)),
    deps.sparks.followUpsOf(awards.map((a) => a.id)),
  ]);
  const byAward = new Map(ofUnpaid.map((f) => [f.awardId, f]));
  return {
    asOf: today,
    counts,
    awaitingDecision: waiting.map((a) => ({
      ...applicationView(a, ctx.actor),
      waitingDays: daysBetween(a.receivedOn, today),
    })),
    awaitingPayment: awards
      .filter((a) => !a.cancelledOn && money.get(a.id)!.outstandingMinor > 0)
      .map((a) => awardView(a, money.get(a.id)!, byAward.get(a.id) ?? null, ctx)),
    followUpsDue: followUps.map((f) => followUpView(f, ctx)),
  };
}
