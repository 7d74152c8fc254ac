import type { ServiceContext } from '../context.js';
import { createOnce, rereadById, type Once } from '../idempotency.js';
import { notFound } from '../errors.js';
import {
  COORDINATORS,
  explainSparks,
  ownAlliance,
  requireDate,
  sparksProblem,
  todayOf,
  type SparksDeps,
} from './common.js';
import { panelMemberView } from './people.js';

/**
 * A panel member steps down. Their row stays, because past sittings and minutes name them; from
 * the day they retire they sit at no sitting (the database refuses it, trigger
 * `sitting_members_not_retired`), and a member retires once (`panel_members_retire_once`).
 */
export async function retirePanelMember(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  memberId: string,
  input: { retiredOn?: string | undefined },
  once?: Once,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'retire panel members');
  const today = todayOf(alliance, ctx);
  const retiredOn = requireDate(input.retiredOn ?? today, 'retiredOn', today);
  const [member] = (await deps.sparks.getPanelMembers([memberId])).filter(
    (m) => m.allianceId === allianceId,
  );
  if (!member) throw notFound('panel_member_not_found', `No panel member ${memberId}.`);
  return createOnce<ReturnType<typeof panelMemberView>>(
    deps,
    ctx,
    once,
    { operation: `retire_panel_member:${memberId}`, input: { retiredOn }, status: 200 },
    async (remember) => {
      if (member.retiredOn) throw sparksProblem('panel_member_retired');
      const view = panelMemberView({ ...member, retiredOn });
      try {
        await deps.store.commit(() => [
          { kind: 'panel_member_retire', memberId, retiredOn },
          ...remember(view),
        ]);
      } catch (error) {
        throw explainSparks(error);
      }
      return view;
    },
    // A member's name is kept once, in their own row: the replay reads it from there.
    rereadById(async (id) => {
      const [found] = await deps.sparks.getPanelMembers([id]);
      if (!found) throw notFound('panel_member_not_found', `No panel member ${id}.`);
      return panelMemberView(found);
    }),
  );
}
