import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { IsoDate, parseInput } from '../input.js';
import { inAlliance } from '../policy.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
import {
  PANEL_WORK,
  SPARKS_READERS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import type { Sitting } from './model.js';
import { requireApplication } from './applications.js';
import { sittingView } from './views.js';

/** The most members a sitting lists. */
export const MOST_MEMBERS_AT_SITTING = 30;

/** What opening a sitting takes: the day it is held and the panel members present. */
export const OpenSittingInput = z
  .object({
    heldOn: IsoDate,
    memberIds: z.array(z.string().max(80)).min(1).max(MOST_MEMBERS_AT_SITTING),
  })
  .strict();
export type OpenSittingInput = z.input<typeof OpenSittingInput>;

/** A sitting records who sat; each member's lived-experience flag is taken as it stands that day. */
export async function openSitting(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  raw: OpenSittingInput,
  once?: Once,
) {
  const input = parseInput(OpenSittingInput, raw);
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'record panel sittings');
  requireDate(input.heldOn, 'heldOn', todayOf(alliance, ctx));
  // The schema holds the list to 1 to 30 names, so the distinct members are 1 to 30 too.
  const ids = [...new Set(input.memberIds)];
  const members = await deps.sparks.getPanelMembers(ids);
  const known = new Map(members.filter((m) => m.allianceId === allianceId).map((m) => [m.id, m]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw invalid(
      'unknown_member',
      `Not panel members of this alliance: ${unknown.join(', ')}.`,
      unknown.map((id) => ({ path: 'memberIds', message: `unknown member ${id}` })),
    );
  const retired = ids.filter((id) => {
    const on = known.get(id)!.retiredOn;
    return on !== null && on <= input.heldOn;
  });
  if (retired.length)
    throw sparksProblem(
      'panel_member_retired',
      `Retired from the panel before this sitting: ${retired.map((id) => known.get(id)!.name ?? id).join(', ')}.`,
    );
  const sitting: Sitting = {
    id: deps.ids('sit'),
    allianceId,
    heldOn: input.heldOn,
    recordedBy: ctx.actor.tokenId,
    createdAt: ctx.now.toISOString(),
    members: ids.map((id) => ({ memberId: id, livedExperience: known.get(id)!.livedExperience })),
    conflicts: [],
  };
  return createOnce<ReturnType<typeof sittingView>>(
    deps,
    ctx,
    once,
    { operation: `open_sitting:${allianceId}`, input },
    async (remember) => {
      const view = sittingView(sitting);
      await deps.store.commit(() => [{ kind: 'sitting', sitting }, ...remember(view)]);
      return view;
    },
  );
}

export const requireSitting = async (
  deps: SparksDeps,
  allianceId: string,
  id: string,
): Promise<Sitting> =>
  inAlliance(await deps.sparks.getSitting(id), allianceId, 'sitting_not_found', `sitting ${id}`);

export async function getSitting(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read sittings');
  return sittingView(await requireSitting(deps, allianceId, id));
}

/** What declaring a conflict takes: the application, and the member who has the conflict. */
export const DeclareConflictInput = z
  .object({ applicationId: z.string().max(80), memberId: z.string().max(80) })
  .strict();
export type DeclareConflictInput = z.input<typeof DeclareConflictInput>;

/** A member with a conflict on an application does not count towards that decision. */
export async function declareConflict(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  sittingId: string,
  raw: DeclareConflictInput,
  once?: Once,
) {
  const input = parseInput(DeclareConflictInput, raw);
  await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'declare conflicts');
  const sitting = await requireSitting(deps, allianceId, sittingId);
  await requireApplication(deps, allianceId, input.applicationId);
  if (!sitting.members.some((m) => m.memberId === input.memberId))
    throw invalid(
      'member_not_at_sitting',
      `Member ${input.memberId} did not sit at ${sittingId}.`,
      [{ path: 'memberId', message: 'not at this sitting' }],
    );
  const view = async (id: string) => sittingView(await requireSitting(deps, allianceId, id));
  return createOnce<ReturnType<typeof sittingView>>(
    deps,
    ctx,
    once,
    { operation: `declare_conflict:${sittingId}`, input },
    async (remember) => {
      try {
        await deps.store.commit(() => [
          {
            kind: 'conflict',
            sittingId,
            applicationId: input.applicationId,
            memberId: input.memberId,
            declaredAt: ctx.now.toISOString(),
          },
          // Only the sitting's id is remembered; a replay reads the sitting as it is then.
          ...remember(sittingView(sitting)),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return view(sittingId);
    },
    rereadById(view),
  );
}
